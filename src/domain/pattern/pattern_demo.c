/* pattern_demo.c - the `fazhi demo` step of 版权AI智审: a small registry of
 * synthetic designs (engine/image/img_synth) and pattern-copyright cases
 * in which one plaintiff sues on recoloured copies of other people's
 * earlier designs, so that the false-litigation model has something to
 * find. */
#include "domain/pattern/pattern.h"
#include "domain/pattern/pattern_lit.h"

#include "engine/image/img_decode.h"
#include "engine/image/img_synth.h"

#include <stdlib.h>
#include <string.h>

static int add_design(struct fz_store *db, const struct fz_synth *s, unsigned mask,
		      uint32_t seed, const struct fz_pattern_meta *m, struct fz_err *err)
{
	struct fz_img im;
	uint8_t *png;
	size_t n;
	int64_t up, id;
	int rc = mask ? fz_img_synth_copy(s, 192, mask, seed, &im, err)
		      : fz_img_synth_reference(s, 192, &im, err);
	if (rc)
		return rc;
	rc = fz_img_encode_png(&im, &png, &n, err);
	fz_img_free(&im);
	if (rc)
		return rc;
	rc = fz_pattern_upload(db, NULL, png, n, &up, err);
	free(png);
	return rc ? rc : fz_pattern_register(db, NULL, up, m, &id, err);
}

int fz_pattern_demo(struct fz_store *db, const struct fz_keys *keys, uint64_t seed,
		    FILE *out, struct fz_err *err)
{
	static const char *const owners[] = { "绍兴柯桥华纺花型设计工作室", "浙江轻纺城图案有限公司",
					      "柯桥锦绣纺织品设计中心", "杭州云裳花样工作室" };
	char no[64], title[64], date[16], pub[16], reg[16];
	int rc, nreg = 0, ncase = 0;
	(void)keys;
	/* twelve originals, one a month of 2024, by four studios */
	for (int i = 0; i < 12; i++) {
		struct fz_synth s;
		fz_img_synth_design(&s, i % FZ_SYNTH_NFAMILIES, (uint32_t)(seed + (uint64_t)i * 7 + 1),
				    3 + i % 4, (uint32_t)i + 1);
		snprintf(no, sizeof(no), "浙作登字-2024-F-%08d", 1000 + i);
		snprintf(title, sizeof(title), "花样%02d号", i + 1);
		snprintf(date, sizeof(date), "2024-%02d-05", i + 1);
		snprintf(pub, sizeof(pub), "2024-%02d-20", i + 1);
		snprintf(reg, sizeof(reg), "2024-%02d-28", i + 1);
		struct fz_pattern_meta m = { no, title, owners[i % 4], date, pub, reg, "版权登记" };
		if ((rc = add_design(db, &s, 0, 0, &m, err)))
			return rc;
		nreg++;
		/* the first four are recoloured and registered again in 2025 by
		 * someone who then sues the studios' customers */
		if (i < 4) {
			snprintf(no, sizeof(no), "浙作登字-2025-F-%08d", 5000 + i);
			snprintf(reg, sizeof(reg), "2025-03-%02d", 3 + i);
			struct fz_pattern_meta c = { no, title, "某某纺织贸易商行", "2025-02-01", "",
						     reg, "版权登记" };
			if ((rc = add_design(db, &s, FZ_TF_RECOLOUR, (uint32_t)i + 77, &c, err)))
				return rc;
			nreg++;
			for (int k = 0; k < 2; k++) {
				char cno[64], def[64], filed[16];
				snprintf(cno, sizeof(cno), "（2025）浙0603民初%d号", 3000 + i * 10 + k);
				snprintf(def, sizeof(def), "柯桥布行%d号商户", i * 2 + k + 1);
				snprintf(filed, sizeof(filed), "2025-04-%02d", 10 + i + k);
				struct fz_patlit_case cs = { cno, "某某纺织贸易商行", def, no, filed };
				int64_t id;
				if ((rc = fz_patlit_case_add(db, NULL, &cs, &id, err)))
					return rc;
				ncase++;
			}
		}
	}
	fprintf(out, "pattern: %d 件登记图样, %d 件花样著作权案件\n", nreg, ncase);
	return 0;
}
