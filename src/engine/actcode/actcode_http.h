/* actcode_http.h - the district public key that verifies 行政行为码, published
 * without login (issue 3: "the public key is published at a well-known
 * URL"):
 *
 *   GET /.well-known/fazhi-district-key.pem   PEM SubjectPublicKeyInfo
 *   GET /api/v1/codes/pubkey                  {"algorithm","curve","key_id",
 *                                              "pem","hex"}
 *
 * The code page /v/<token> itself belongs to the domain that owns the acts
 * (it shows the act and takes ratings). */
#ifndef FZ_ENGINE_ACTCODE_HTTP_H
#define FZ_ENGINE_ACTCODE_HTTP_H

#include "http/route.h"

extern const struct fz_route fz_actcode_routes[];

#endif
