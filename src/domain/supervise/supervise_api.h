/* supervise_api.h - HTTP routes of 法治督察 (docs/supervise.md). */
#ifndef FZ_SUPERVISE_API_H
#define FZ_SUPERVISE_API_H

#include "domain/casehttp/casehttp.h"
#include "http/route.h"

extern const struct fz_route fz_supervise_routes[];
extern const struct fz_casehttp_domain fz_supervise_domain;

#endif
