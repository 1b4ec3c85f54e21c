/* cmd_kitchen.c - `fazhi kitchen recount`: 阳光厨房's daily figures
 * counted again from the alerts (domain/kitchen). */
#include "cli/cli.h"

#include "domain/kitchen/kitchen.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char kitchen_help[] =
	"usage: fazhi kitchen recount --db PATH [--key PATH]\n"
	"  The dashboards of 阳光厨房 add up daily figures per town and alert\n"
	"  type that every event and every handling keeps current.  recount\n"
	"  counts them again from the alerts, in one transaction, and refreshes\n"
	"  the query planner's statistics: after alerts were loaded into the\n"
	"  database by other means (a migration from another system).\n"
	"  Exit 0 done, 1 failed, 2 usage.\n";

static int usage(int rc)
{
	fputs(kitchen_help, rc == -1 ? stdout : stderr);
	return rc == -1 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
}

static int kitchen_recount(int argc, char **argv)
{
	const char *db = NULL, *key = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--key", 0, &key }, { NULL, 0, NULL }
	};
	struct fz_err err = { 0 };
	struct fz_store *s = NULL;
	struct timespec t0, t1;
	int64_t alerts = 0;
	int got, rc = fz_cli_parse(argc, argv, 3, opts, NULL, 0, &got);

	if (rc)
		return rc < 0 ? usage(-1) : rc;
	if (!db)
		return usage(FZ_EXIT_USAGE);
	if ((rc = fz_cli_open_keyed(db, key, &s, &err)))
		return fz_cli_fail(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = fz_kitchen_recount(s, &alerts, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!rc)
		rc = fz_store_exec(s, "ANALYZE kitchen_alerts; ANALYZE kitchen_daily", &err);
	fz_store_close(s);
	if (rc)
		return fz_cli_fail(&err);
	printf("counted %lld alerts into daily figures in %.3f s\n", (long long)alerts,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return FZ_EXIT_OK;
}

int fz_cmd_kitchen(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[2], "recount"))
		return kitchen_recount(argc, argv);
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return usage(-1);
	return usage(FZ_EXIT_USAGE);
}
