/* laws_http.h - the public 一键找法 API (docs/lawsearch.md):
 *   GET /api/v1/laws/search?q=&page=&per_page=
 *   GET /api/v1/laws/suggest?q=&limit=
 *   GET /api/v1/laws/{id}
 *   GET /api/v1/laws/{id}/articles/{n}      n = 20, 20-1 (第二十条之一)
 * All public and rate-limited; src/app.c lists the table. */
#ifndef FZ_DOMAIN_LAWS_HTTP_H
#define FZ_DOMAIN_LAWS_HTTP_H

#include "http/route.h"

extern const struct fz_route fz_laws_routes[];

#endif
