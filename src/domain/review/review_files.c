/* review_files.c - an online application's materials (review_files.h). */
#include "domain/review/review_files.h"

#include <string.h>

#include "core/clock.h"
#include "crypto/pw.h"
#include "crypto/sm.h"
#include "store/store.h"

/* The materials 行政复议法 Art. 17(2) and 22 name, by API code. */
static const struct {
	const char *code, *name;
} kinds[] = {
	{ "identity", "申请人身份证明" },
	{ "decision", "被申请的行政行为文书" },
	{ "power", "授权委托书" },
	{ "agent_identity", "代理人身份证明" },
	{ "evidence", "证据材料" },
};

const char *fz_review_file_kind_name(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].code, kind))
			return kinds[i].name;
	return NULL;
}

/* The type of data by its first bytes: what a browser or a viewer will
 * make of it, whatever the name or the header said. */
static const struct {
	const char *magic;
	size_t n;
	const char *mime, *ext, *label;
} types[] = {
	{ "%PDF-", 5, "application/pdf", "pdf", "PDF" },
	{ "\xFF\xD8\xFF", 3, "image/jpeg", "jpg", "JPG" },
	{ "\x89PNG\r\n\x1A\n", 8, "image/png", "png", "PNG" },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static int sniff(const void *data, size_t len)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (len > types[i].n && !memcmp(data, types[i].magic, types[i].n))
			return (int)i;
	return -1;
}

static int type_by_mime(const char *mime)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (!strcmp(types[i].mime, mime))
			return (int)i;
	return -1;
}

static void ticket_hash(const char *ticket, char out[FZ_SM3_HEX_LEN + 1])
{
	fz_sm3_hex(ticket, strlen(ticket), out);
}

/* Unclaimed uploads older than a day: nobody can claim them any more. */
static int purge(struct fz_store *db, struct fz_err *err)
{
	char cut[FZ_ISO_LEN];
	fz_time_iso(fz_now() - 86400, cut);
	return fz_store_run(db, err, "DELETE FROM review_files WHERE case_id IS NULL"
			    " AND created_at < ?", "t", cut);
}

int fz_review_file_stage(struct fz_store *db, const struct fz_keys *keys,
			 const char *kind, const void *data, size_t len,
			 char ticket[FZ_REVIEW_TICKET_LEN], struct fz_err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[16];
	char th[FZ_SM3_HEX_LEN + 1], sum[FZ_SM3_HEX_LEN + 1], now[FZ_ISO_LEN];
	struct fz_buf enc = FZ_BUF_INIT;
	int t, rc;

	if (!fz_review_file_kind_name(kind))
		return fz_err_set(err, FZ_EINVAL, "kind", "请选择材料的类别");
	if (!len)
		return fz_err_set(err, FZ_EINVAL, "file", "上传的文件是空的");
	if (len > FZ_REVIEW_FILE_MAX)
		return fz_err_set(err, FZ_EINVAL, "file", "每份材料不能超过 %u MB",
				  FZ_REVIEW_FILE_MAX >> 20);
	if ((t = sniff(data, len)) < 0)
		return fz_err_set(err, FZ_EINVAL, "file",
				  "材料应为 PDF 文件或 JPG、PNG 图片");
	fz_random_bytes(rnd, sizeof(rnd));
	for (size_t i = 0; i < sizeof(rnd); i++) {
		ticket[2 * i] = hex[rnd[i] >> 4];
		ticket[2 * i + 1] = hex[rnd[i] & 15];
	}
	ticket[32] = '\0';
	ticket_hash(ticket, th);
	fz_sm3_hex(data, len, sum);
	fz_now_iso(now);
	rc = fz_sm4_seal_raw(keys, data, len, &enc, err);
	if (!rc)
		rc = fz_store_begin(db, err);
	if (!rc) {
		rc = purge(db, err);
		if (!rc)
			rc = fz_store_run(db, err, "INSERT INTO review_files (ticket, kind,"
				" mime, size, sm3, data, created_at) VALUES (?,?,?,?,?,?,?)",
				"tttItbt", th, kind, types[t].mime, (int64_t)len, sum,
				enc.data, enc.len, now);
		if (rc)
			fz_store_rollback(db);
		else
			rc = fz_store_commit(db, err);
	}
	fz_buf_release(&enc);
	return rc;
}

static int claim_one(struct fz_store *db, int64_t case_id, const char *ticket,
		     int *power, struct fz_err *err)
{
	char th[FZ_SM3_HEX_LEN + 1], cut[FZ_ISO_LEN];
	struct fz_stmt *st;
	int64_t id = 0;
	int rc, found;

	if (strlen(ticket) != 32)
		return fz_err_set(err, FZ_EINVAL, "files", "上传的材料编号有误，请重新上传");
	ticket_hash(ticket, th);
	fz_time_iso(fz_now() - 86400, cut);
	if ((rc = fz_store_query(db, &st, err, "SELECT id, kind FROM review_files"
				 " WHERE ticket = ? AND case_id IS NULL AND created_at >= ?",
				 "tt", th, cut)))
		return rc;
	found = fz_stmt_step(st, err);
	if (found == 1) {
		id = fz_stmt_int(st, 0);
		*power |= !strcmp(fz_stmt_text(st, 1), "power");
	}
	fz_stmt_finish(st);
	if (found < 0)
		return found;
	if (found == 0)
		return fz_err_set(err, FZ_EINVAL, "files",
				  "上传的材料已失效或已提交过，请重新上传");
	return fz_store_run(db, err, "UPDATE review_files SET case_id = ? WHERE id = ?",
			    "II", case_id, id);
}

int fz_review_files_claim(struct fz_store *db, int64_t case_id,
			  const json_t *tickets, int agents, struct fz_err *err)
{
	size_t i;
	json_t *v;
	int power = 0, rc = 0;

	if (tickets && !json_is_array(tickets))
		return fz_err_set(err, FZ_EINVAL, "files", "材料清单格式有误");
	if (json_array_size(tickets) > FZ_REVIEW_FILES_MAX)
		return fz_err_set(err, FZ_EINVAL, "files", "一次申请最多附 %d 份材料",
				  FZ_REVIEW_FILES_MAX);
	json_array_foreach(tickets, i, v) {
		if (!json_is_string(v))
			return fz_err_set(err, FZ_EINVAL, "files", "材料清单格式有误");
		if ((rc = claim_one(db, case_id, json_string_value(v), &power, err)))
			return rc;
	}
	if (agents && !power)
		return fz_err_set(err, FZ_EINVAL, "files", "委托代理人的，应当提交授权委托书"
				  "（《中华人民共和国行政复议法》第十七条第二款）");
	return 0;
}

int fz_review_files_list(struct fz_store *db, int64_t case_id, json_t **out,
			 struct fz_err *err)
{
	struct fz_stmt *st;
	json_t *arr = json_array();
	int rc = fz_store_query(db, &st, err, "SELECT id, kind, mime, size FROM"
				" review_files WHERE case_id = ? ORDER BY id", "I", case_id);

	if (rc) {
		json_decref(arr);
		return rc;
	}
	while ((rc = fz_stmt_step(st, err)) == 1) {
		int t = type_by_mime(fz_stmt_text(st, 2));
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:I}",
			"id", (json_int_t)fz_stmt_int(st, 0), "kind", fz_stmt_text(st, 1),
			"kind_name", fz_review_file_kind_name(fz_stmt_text(st, 1)) ?
				fz_review_file_kind_name(fz_stmt_text(st, 1)) : "材料",
			"type", t < 0 ? "文件" : types[t].label,
			"size", (json_int_t)fz_stmt_int(st, 3)));
	}
	fz_stmt_finish(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int fz_review_file_get(struct fz_store *db, const struct fz_keys *keys,
		       int64_t case_id, int64_t file_id, struct fz_buf *out,
		       const char **mime, const char **ext, char *kind_name,
		       size_t n, struct fz_err *err)
{
	struct fz_stmt *st;
	char sum[FZ_SM3_HEX_LEN + 1];
	int rc = fz_store_query(db, &st, err, "SELECT kind, mime, sm3, data FROM"
				" review_files WHERE id = ? AND case_id = ?", "II",
				file_id, case_id);
	int t = -1;

	if (rc)
		return rc;
	if ((rc = fz_stmt_step(st, err)) == 1) {
		size_t len;
		const void *blob = fz_stmt_blob(st, 3, &len);
		const char *kn = fz_review_file_kind_name(fz_stmt_text(st, 0));
		snprintf(kind_name, n, "%s", kn ? kn : "材料");
		t = type_by_mime(fz_stmt_text(st, 1));
		snprintf(sum, sizeof(sum), "%s", fz_stmt_text(st, 2));
		rc = fz_sm4_open_raw(keys, blob, len, out, err);
	} else if (rc == 0) {
		rc = fz_err_set(err, FZ_ENOTFOUND, NULL, "材料不存在");
	}
	fz_stmt_finish(st);
	if (rc < 0)
		return rc;
	{
		char got[FZ_SM3_HEX_LEN + 1];
		fz_sm3_hex(out->data, out->len, got);
		if (t < 0 || strcmp(got, sum))
			return fz_err_set(err, FZ_EINTERNAL, NULL, "材料校验不一致");
	}
	*mime = types[t].mime;
	*ext = types[t].ext;
	return 0;
}
