/* cmd_serve.c - `fazhi serve`: open the database, apply pending
 * migrations, load the keys, serve until SIGINT or SIGTERM. */
#include "cli/cli.h"

#include "app.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypto/key.h"
#include "domain/org/auth.h"
#include "http/server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static const char serve_help[] =
	"usage: fazhi serve --db PATH [--listen ADDR:PORT] [--web DIR]\n"
	"                   [--key PATH] [--threads N] [--rate N] [--per-ip N]\n"
	"                   [--password-max-age-days N]\n"
	"  --listen   address to listen on (default 127.0.0.1:8080)\n"
	"  --web      directory of the built web UI (default build/web, which\n"
	"             `make` compiles from web/)\n"
	"  --key      key file (default PATH.key)\n"
	"  --threads  worker threads (default 4)\n"
	"  --rate     requests per minute per address on public search\n"
	"             and tracking endpoints (default 300)\n"
	"  --password-max-age-days  a password older than N days must be\n"
	"             changed at the next login (default 90; 0: never)\n"
	"  --per-ip   connections one address may hold at once (default 128;\n"
	"             with --trust-proxy 0, no cap: the proxy is the only peer\n"
	"             and caps addresses itself)\n"
	"  --cookie-secure  mark the session cookie Secure (serve behind TLS)\n"
	"  --trust-proxy    audit the address in X-Real-IP sent by a local\n"
	"                   reverse proxy (nginx) instead of the proxy's own\n";

/* --password-max-age-days: 0 to 3650 (GB/T 22239-2019 8.1.4.1 a,
 * 定期更换; 90 days is assessment practice). */
static int max_age_days(const char *arg)
{
	char *end;
	long d = strtol(arg, &end, 10);

	if (!*arg || *end || d < 0 || d > 3650) {
		fprintf(stderr, "error: --password-max-age-days 应为 0 到 3650 的整数"
			"（0 表示不要求定期修改）\n");
		return FZ_EXIT_USAGE;
	}
	fz_auth_set_password_max_age((int)d);
	return 0;
}

/* Connections are files: take the hard limit so the server's connection
 * cap, not a soft default of 1024, decides how many clients it holds. */
static void raise_open_files(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		fz_log(FZ_LOG_WARN, "serve", "cannot raise the open-file limit");
}

int fz_cmd_serve(int argc, char **argv)
{
	const char *db = NULL, *listen = "127.0.0.1:8080", *web = "build/web";
	const char *key = NULL, *threads = "4", *rate = "300";
	const char *secure = NULL, *proxy = NULL, *max_age = NULL;
	const char *per_ip = NULL;
	const struct fz_opt opts[] = {
		{ "--db", 0, &db }, { "--listen", 0, &listen },
		{ "--web", 0, &web }, { "--key", 0, &key },
		{ "--threads", 0, &threads }, { "--rate", 0, &rate },
		{ "--cookie-secure", 1, &secure }, { "--trust-proxy", 1, &proxy },
		{ "--password-max-age-days", 0, &max_age },
		{ "--per-ip", 0, &per_ip },
		{ NULL, 0, NULL }
	};
	struct fz_err err = FZ_ERR_INIT;
	long caught = 0;
	struct fz_server_config cfg = { 0 };
	struct fz_server *srv = NULL;
	struct fz_store *s = NULL;
	struct fz_keys *k = NULL;
	char keypath[4096];
	sigset_t set;
	int got, rc, sig;

	rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);
	if (rc || !db) {
		fputs(serve_help, rc < 0 ? stdout : stderr);
		return rc < 0 ? FZ_EXIT_OK : FZ_EXIT_USAGE;
	}
	if (max_age && (rc = max_age_days(max_age)))
		return rc;
	if (access(db, F_OK)) {
		fprintf(stderr, "error: 数据库 %s 不存在，请先运行 fazhi init 或 fazhi demo\n", db);
		return FZ_EXIT_FAIL;
	}
	fz_cli_key_path(db, key, keypath, sizeof(keypath));
	if ((rc = fz_keys_load(&k, keypath, &err)) ||
	    (rc = fz_app_open_keyed(&s, db, 0, k, &err))) {
		fz_keys_free(k);
		return fz_cli_fail(&err);
	}
	if ((rc = fz_app_catch_up(s, &caught, &err))) {
		fz_store_close(s);
		fz_keys_free(k);
		return fz_cli_fail(&err);
	}
	if (caught)
		fz_log(FZ_LOG_INFO, "serve", "event=deadlines-recomputed cases=%ld",
		       caught);
	fz_store_close(s); /* migrations done; workers open their own */

	cfg.db_path = db;
	cfg.listen = listen;
	cfg.web_dir = web;
	cfg.threads = atoi(threads) > 0 ? atoi(threads) : 4;
	cfg.rate_per_min = atoi(rate) > 0 ? atoi(rate) : 300;
	cfg.max_body = 1 << 20;        /* JSON: 1 MiB */
	cfg.max_upload = 16 << 20;     /* images and files: 16 MiB */
	cfg.cookie_secure = secure != NULL;
	cfg.trust_proxy = proxy != NULL;
	cfg.per_ip_limit = per_ip ? atoi(per_ip) : proxy ? 0 : 128;
	cfg.keys = k;
	cfg.routes = fz_app_routes;
	cfg.policy = fz_app_policy;

	/* Block the stop signals before threads start so only sigwait sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_open_files();
	if ((rc = fz_server_start(&srv, &cfg, &err))) {
		fz_keys_free(k);
		return fz_cli_fail(&err);
	}
	printf("fazhi serving on http://%s/ (database %s)\n", listen, db);
	fflush(stdout);
	fz_log(FZ_LOG_INFO, "serve", "listening on %s db=%s", listen, db);
	if (fz_clock_test_file())
		fz_log(FZ_LOG_WARN, "serve", "event=test-clock file=%s: the time"
		       " is moved by the tests' clock file; never in service",
		       fz_clock_test_file());
	sigwait(&set, &sig);
	fz_log(FZ_LOG_INFO, "serve", "stopping on signal %d", sig);
	fz_server_stop(srv);
	fz_keys_free(k);
	return FZ_EXIT_OK;
}
