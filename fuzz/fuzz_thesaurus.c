/* fuzz_thesaurus.c - the search thesaurus loader
 * (src/engine/search/thesaurus.c).  Invariants: no crash or leak; every
 * kept entry has a non-empty term of valid length, a known kind, a
 * non-empty target; a 条文 entry has a 16-hex law id and n >= 1; the
 * parse fails exactly when a bad line was reported. */
// fuzz-sources: src/engine/search/thesaurus.c src/engine/search/tok.c
// fuzz-sources: src/core/utf8.c src/core/err.c src/core/mem.c
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/search/thesaurus.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_thesaurus t = FZ_THESAURUS_INIT;
	struct fz_err err = FZ_ERR_INIT;
	int rc = fz_thesaurus_parse(&t, "f", (const char *)data, size, NULL, &err);

	FUZZ_ASSERT(rc == 0 || (rc == FZ_EINVAL && !strncmp(err.msg, "f:", 2)));
	for (size_t i = 0; i < t.n; i++) {
		const struct fz_thesaurus_entry *e = &t.v[i];
		FUZZ_ASSERT(e->term[0] && strlen(e->term) <= FZ_THESAURUS_TERM_MAX);
		FUZZ_ASSERT(fz_thesaurus_kind_name(e->kind) != NULL);
		FUZZ_ASSERT(e->target[0]);
		if (e->kind == FZ_THES_ARTICLE)
			FUZZ_ASSERT(strlen(e->law_id) == 16 && e->n >= 1);
	}
	fz_thesaurus_release(&t);
	return 0;
}
