/* cli.h - shared helpers of the fazhi subcommands (src/main.c table).
 *
 * Exit codes, the same for every command:
 *   0 done   1 failed (message on stderr)   2 usage error   3 check failed */
#ifndef FZ_CLI_CLI_H
#define FZ_CLI_CLI_H

#include <stdio.h>

#include "core/err.h"

struct fz_store;

#define FZ_EXIT_OK 0
#define FZ_EXIT_FAIL 1
#define FZ_EXIT_USAGE 2
#define FZ_EXIT_CHECK 3

/* One accepted option of a command: "--db" takes a value unless flag. */
struct fz_opt {
	const char *name;
	int flag;          /* 1: takes no value, *value is set to "1" */
	const char **value;
};

/* Parse argv[first..] against opts; positional arguments go to pos (up to
 * npos).  Returns 0, or prints the problem and returns FZ_EXIT_USAGE.
 * "--help"/"-h" returns -1 so the caller prints its help. */
int fz_cli_parse(int argc, char **argv, int first, const struct fz_opt *opts,
		 const char **pos, int npos, int *got);

/* Print "error: <msg>" for err and return FZ_EXIT_FAIL. */
int fz_cli_fail(const struct fz_err *err);

/* Default key-file path for a database: "<db>.key". */
void fz_cli_key_path(const char *db, const char *key, char *out, size_t n);

/* Commands (src/cli/cmd_*.c). */
int fz_cmd_init(int argc, char **argv);
int fz_cmd_serve(int argc, char **argv);
int fz_cmd_demo(int argc, char **argv);
int fz_cmd_user(int argc, char **argv);
int fz_cmd_totp(int argc, char **argv);
int fz_cmd_routes(int argc, char **argv);
int fz_cmd_backup(int argc, char **argv);
int fz_cmd_restore(int argc, char **argv);
int fz_cmd_audit(int argc, char **argv);
int fz_cmd_import(int argc, char **argv);
int fz_cmd_pattern(int argc, char **argv);
int fz_cmd_code(int argc, char **argv);
int fz_cmd_token(int argc, char **argv);
int fz_cmd_grid(int argc, char **argv);
int fz_cmd_kitchen(int argc, char **argv);

/* Open db for a command that writes: load its key file (key, or db.key
 * when NULL), apply migrations and key the audit chain with it
 * (fz_app_open_keyed); every write is audited, and the chain is keyed
 * from the key file.  *s is the caller's to close. */
int fz_cli_open_keyed(const char *db, const char *key, struct fz_store **s,
		      struct fz_err *err);
int fz_cmd_calendar(int argc, char **argv);
int fz_cmd_deadline(int argc, char **argv);
int fz_cmd_report(int argc, char **argv);

/* Create a fresh database with its key file, the district root unit and
 * the initial administrator (must change the password at first login).
 * admin_pw receives the generated or given password. */
int fz_cli_create(const char *db, const char *key, const char *admin_pw_in,
		  char *admin_pw, size_t n, struct fz_err *err);

#endif
