/* fuzz_notice.c - the holiday-notice parser (engine/calendar/notice.c).
 * Invariants: no crash or leak; a refusal is FZ_EINVAL with a UTF-8
 * message and leaves nothing; an accepted notice has days sorted without
 * duplicates, each within a year of the title's, make-up workdays on
 * weekends, and its data/calendar lines load as that year's file. */
// fuzz-sources: src/engine/calendar/notice.c src/core/cal.c src/core/err.c
// fuzz-sources: src/core/utf8.c src/core/buf.c build/gen/calendar_data.c
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "engine/calendar/notice.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_days(const struct fz_notice *n)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct fz_notice_day *d = &n->days[i];
		FUZZ_ASSERT(fz_date_valid(d->date));
		FUZZ_ASSERT(d->date.y >= n->year - 1 && d->date.y <= n->year + 1);
		FUZZ_ASSERT(d->holiday || fz_date_weekday(d->date) >= 6);
		FUZZ_ASSERT(d->label[0] && fuzz_utf8_ok(d->label));
		FUZZ_ASSERT(!strchr(d->label, ' '));
		if (i)
			FUZZ_ASSERT(fz_date_cmp(n->days[i - 1].date, d->date) < 0);
	}
}

/* What an import stores must load back as a calendar file. */
static void check_loads(const struct fz_notice *n)
{
	struct fz_buf b = FZ_BUF_INIT;
	char name[16];
	struct fz_cal *cal;
	struct fz_err err = FZ_ERR_INIT;

	snprintf(name, sizeof(name), "%04d.txt", n->year);
	fz_notice_format(n, &b);
	{
		struct fz_embedded files[] = { { name, b.data }, { NULL, NULL } };
		FUZZ_ASSERT(fz_cal_load_files(&cal, files, &err) == 0);
	}
	fz_cal_free(cal);
	fz_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct fz_notice n;
	struct fz_err err = FZ_ERR_INIT;

	if (fz_notice_parse(&n, s, &err) == 0) {
		FUZZ_ASSERT(n.n > 0 && n.title[0] && fuzz_utf8_ok(n.title));
		check_days(&n);
		check_loads(&n);
		fz_notice_release(&n);
	} else {
		FUZZ_ASSERT(err.code == FZ_EINVAL || err.code == FZ_ENOMEM);
		FUZZ_ASSERT(fuzz_utf8_ok(err.msg));
		FUZZ_ASSERT(n.days == NULL && n.n == 0);
	}
	free(s);
	return 0;
}
