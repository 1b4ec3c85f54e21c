/* main.c - the fazhi command: a table of subcommands (git's builtin list). */
#include "cli/cli.h"

#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

#ifndef FZ_VERSION
#define FZ_VERSION "unknown"
#endif

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", fz_cmd_init, "create an empty database, its key file and the first admin" },
	{ "serve", fz_cmd_serve, "serve the API and the web UI" },
	{ "demo", fz_cmd_demo, "create a database holding the demo district" },
	{ "user", fz_cmd_user, "add a user, set a password, lock or unlock" },
	{ "totp", fz_cmd_totp, "print the current login code of a TOTP secret (demo logins)" },
	{ "backup", fz_cmd_backup, "online backup of the database (safe while serving)" },
	{ "restore", fz_cmd_restore, "restore the database from a backup" },
	{ "audit", fz_cmd_audit, "verify the audit log's keyed chain; sign an anchor of its head" },
	{ "token", fz_cmd_token, "list or revoke the API tokens of integrations" },
	{ "import", fz_cmd_import, "load data files: the law corpus, …" },
	{ "pattern", fz_cmd_pattern, "textile-pattern copy detection: add, trace, compare" },
	{ "code", fz_cmd_code, "verify a 行政行为码 offline; print the district public key" },
	{ "calendar", fz_cmd_calendar, "import a State Council holiday notice; list the years" },
	{ "deadline", fz_cmd_deadline, "count a period step by step with the holiday calendar" },
	{ "grid", fz_cmd_grid, "141 market entities: import a file, regrade by the risk rules" },
	{ "kitchen", fz_cmd_kitchen, "阳光厨房: count the daily figures again from the alerts" },
	{ "report", fz_cmd_report, "build the year's 法治政府建设年度报告 from the records; check a template" },
	{ "routes", fz_cmd_routes, "list the API routes, who may call them, what they check" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "list the commands" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cmd_version(int argc, char **argv)
{
	printf("fazhi %s\n", FZ_VERSION);
	return FZ_EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
	printf("usage: fazhi <command> [options]   (fazhi <command> --help)\n\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].summary);
	return FZ_EXIT_OK;
}

int main(int argc, char **argv)
{
	/* Databases, backups and key files hold personal data: nothing fazhi
	 * creates is readable by other users. */
	umask(077);
	if (argc < 2) {
		cmd_help(argc, argv);
		return FZ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc, argv);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc, argv);
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc, argv);
	fprintf(stderr, "fazhi: '%s' is not a command; see 'fazhi help'\n",
		argv[1]);
	return FZ_EXIT_USAGE;
}
