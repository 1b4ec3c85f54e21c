/* metrics_http.h - the metric routes: the list of figures, one figure for
 * a period and a unit subtree, and the records behind it (docs/api.md).
 * An engine module implementing the http/route.h handler interface, as
 * engine/actcode does; the registry it serves is fz_app_metrics. */
#ifndef FZ_ENGINE_METRICS_HTTP_H
#define FZ_ENGINE_METRICS_HTTP_H

#include "http/route.h"

extern const struct fz_route fz_metrics_routes[];

#endif
