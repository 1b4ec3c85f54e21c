/* actcode_http.c - public routes that publish the district's SM2 public key
 * (see actcode_http.h). */
#include "engine/actcode/actcode_http.h"

#include "crypto/key.h"
#include "crypto/sm.h"
#include "engine/actcode/actcode.h"

static int no_keys(struct fz_req *req, struct fz_err *err)
{
	if (req->keys)
		return 0;
	return fz_err_set(err, FZ_EINTERNAL, NULL, "服务器未加载密钥文件");
}

static int h_pem(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	int rc = no_keys(req, err);

	if (rc)
		return rc;
	fz_buf_reset(&resp->body);
	if (fz_sm2_pub_pem(fz_keys_sm2(req->keys), &resp->body))
		return fz_err_set(err, FZ_ENOMEM, NULL, NULL);
	resp->status = 200;
	resp->content_type = "application/x-pem-file";
	return 0;
}

static int h_json(struct fz_req *req, struct fz_resp *resp, struct fz_err *err)
{
	const struct fz_sm2_key *k;
	struct fz_buf pem = FZ_BUF_INIT;
	char hex[FZ_SM2_PUB_HEX_LEN + 1], id[FZ_ACTCODE_KEYID_HEX_LEN + 1];
	unsigned char raw[FZ_ACTCODE_KEYID_LEN];
	int rc = no_keys(req, err);

	if (rc)
		return rc;
	k = fz_keys_sm2(req->keys);
	if (fz_sm2_pub_pem(k, &pem) || fz_sm2_pub_hex(k, hex) ||
	    fz_actcode_key_id(k, raw, id)) {
		fz_buf_release(&pem);
		return fz_err_set(err, FZ_EINTERNAL, NULL, NULL);
	}
	fz_resp_json(resp, 200, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
		"algorithm", "SM2", "curve", "SM2 (GB/T 32918.5-2017)",
		"signer_id", FZ_SM2_DEFAULT_ID, "key_id", id,
		"pem", pem.data, "hex", hex));
	fz_buf_release(&pem);
	return 0;
}

const struct fz_route fz_actcode_routes[] = {
	{ "GET", "/.well-known/fazhi-district-key.pem", h_pem, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ "GET", "/api/v1/codes/pubkey", h_json, 0,
	  FZ_ROUTE_PUBLIC | FZ_ROUTE_RATE },
	{ NULL, NULL, NULL, 0, 0 }
};
