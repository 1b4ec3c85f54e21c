/* cmd_routes.c - `fazhi routes`: the route table as JSON, one route a
 * line: method, path, the roles allowed, the flags, and the record kind
 * whose scope the access policy checks before the handler.  Operators use
 * it to review who may do what; the access tests walk it so that a new
 * write route is covered the day it is added. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>

#include "app.h"
#include "domain/org/org.h"

static const char routes_help[] =
	"usage: fazhi routes\n"
	"  print every API route as one JSON object a line:\n"
	"  {method, path, roles[], public, write, record}\n";

static json_t *route_json(const struct fz_route *r)
{
	json_t *roles = json_array();
	for (int bit = 1; bit <= FZ_ROLE_LAST; bit <<= 1)
		if (r->roles & bit)
			json_array_append_new(roles, json_string(fz_role_key(bit)));
	return json_pack("{s:s,s:s,s:o,s:b,s:b,s:o}", "method", r->method,
		"path", r->pattern, "roles", roles,
		"public", (r->flags & FZ_ROUTE_PUBLIC) != 0,
		"write", (r->flags & FZ_ROUTE_WRITE) != 0,
		"record", r->record ? json_string(r->record->key) : json_null());
}

int fz_cmd_routes(int argc, char **argv)
{
	const struct fz_opt opts[] = { { NULL, 0, NULL } };
	int got, rc = fz_cli_parse(argc, argv, 2, opts, NULL, 0, &got);

	if (rc < 0) {
		fputs(routes_help, stdout);
		return FZ_EXIT_OK;
	}
	if (rc)
		return rc;
	for (const struct fz_route *const *t = fz_app_routes; *t; t++)
		for (const struct fz_route *r = *t; r->method; r++) {
			json_t *o = route_json(r);
			char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
			if (s)
				puts(s);
			free(s);
			json_decref(o);
		}
	return FZ_EXIT_OK;
}
