/* media.h - media types of request bodies. */
#ifndef FZ_HTTP_MEDIA_H
#define FZ_HTTP_MEDIA_H

/* 1 when a Content-Type value names JSON: exactly application/json, any
 * case, with optional parameters of which a charset must be UTF-8; 0 for
 * anything else (application/jsonx, application/json-patch+json, NULL).
 * Reads ct only; no allocation, cannot fail otherwise. */
int fz_media_is_json(const char *ct);

#endif
