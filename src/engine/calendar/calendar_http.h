/* calendar_http.h - the holiday-calendar routes (docs/api.md "节假日安排"):
 * the years and their days for everyone signed in; preview and import of a
 * State Council notice for administrators.  An engine module implementing
 * the http/route.h handler interface, as engine/metrics does. */
#ifndef FZ_ENGINE_CALENDAR_CALENDAR_HTTP_H
#define FZ_ENGINE_CALENDAR_CALENDAR_HTTP_H

#include "http/route.h"

extern const struct fz_route fz_calendar_routes[];

#endif
