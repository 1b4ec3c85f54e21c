/* report_api.h - HTTP routes of the annual report (docs/report.md). */
#ifndef FZ_REPORT_API_H
#define FZ_REPORT_API_H

#include "http/route.h"

extern const struct fz_route fz_report_routes[];

#endif
