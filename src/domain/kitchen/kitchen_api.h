/* kitchen_api.h - 阳光厨房's routes (kitchen_api.c, docs/kitchen.md). */
#ifndef FZ_KITCHEN_API_H
#define FZ_KITCHEN_API_H

#include "http/route.h"

extern const struct fz_route fz_kitchen_routes[];

#endif
