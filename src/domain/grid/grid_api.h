/* grid_api.h - the 141 registry's routes (docs/grid.md, "API"). */
#ifndef FZ_GRID_API_H
#define FZ_GRID_API_H

#include "http/route.h"

extern const struct fz_route fz_grid_routes[];

#endif
