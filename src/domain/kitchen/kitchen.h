/* kitchen.h - 阳光厨房: the canteens of schools, nurseries and elderly
 * homes under camera watch, and the alerts their cameras' AI raises
 * (docs/kitchen.md).
 *
 * A site (食品安全法 Art. 57: 集中用餐单位的食堂) belongs to a 镇街, whose
 * staff keep it; the 依法治区办 and the departments' officers see every
 * town's.  Each camera system that reports for a site is a source with
 * its own token, shown once and stored as its SM3 hash.  A source posts
 * one event at a time; the event id it gives makes the post idempotent:
 * the same event again is answered with the alert it made, and the same
 * id with other content is refused.  Each alert type has a handling
 * period in hours (district practice, cited to the article it enforces);
 * an alert is handled with a photo of the corrected situation, and an
 * alert not handled in time is escalated: past its period to the 镇街
 * and the 市场监管所 (level 1), past twice its period to the district's
 * 市场监管局 (level 2).  Levels are computed from the clock when read, so
 * no job has to run for an alert to be late. */
#ifndef FZ_KITCHEN_H
#define FZ_KITCHEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"
#include "engine/case/case.h"
#include "engine/metrics/metrics.h"
#include "store/store.h"

struct fz_keys;

extern const struct fz_migration fz_kitchen_migrations[];
extern const struct fz_metric fz_kitchen_metric_set[];

/* One alert type: what a camera reports and how long handling may take. */
struct fz_kitchen_type {
	const char *key;    /* stable, sent by the cameras: "no_mask" */
	const char *name;   /* 未戴口罩 */
	int hours;          /* handling period, natural hours */
	const char *basis;  /* the rule it enforces, cited */
};

/* The type by key, or NULL. */
const struct fz_kitchen_type *fz_kitchen_type(const char *key);
/* Every type, ended by key NULL. */
extern const struct fz_kitchen_type fz_kitchen_types[];

/* Kinds of site: school 学校食堂, nursery 托幼机构食堂, elderly 养老机构食堂,
 * worksite 建筑工地食堂, other 其他集中用餐单位.  The name, or NULL. */
const char *fz_kitchen_kind_name(const char *key);

#define FZ_KITCHEN_TOKEN_LEN 69   /* "fzk_" + 64 hex digits + NUL */
#define FZ_KITCHEN_PHOTO_MAX (8u << 20)

/* A site as given.  Strings borrowed. */
struct fz_kitchen_site {
	const char *name;     /* 2-100 characters, unique in its town */
	const char *kind;     /* key above */
	int64_t unit_id;      /* the 镇街 */
	const char *address;  /* 0-200 characters */
	int64_t diners;       /* 就餐人数, -1 unknown */
	int64_t cameras;      /* 0-999 */
};

/* Register a site (own transaction, audited).  The town must be a town
 * within a's scope.  FZ_EINVAL with the field, FZ_EFORBID out of scope,
 * FZ_ECONFLICT for a name its town already has. */
int fz_kitchen_site_add(struct fz_store *db, const struct fz_case_actor *a,
			const struct fz_kitchen_site *s, int64_t *id,
			struct fz_err *err);

/* A new source for site id named name (1-50 characters): its token into
 * token, never stored (own transaction, audited). */
int fz_kitchen_source_add(struct fz_store *db, const struct fz_case_actor *a,
			  int64_t site, const char *name, int64_t *id,
			  char token[FZ_KITCHEN_TOKEN_LEN], struct fz_err *err);

/* Revoke source sid of site id: its token stops working at once.
 * FZ_ENOTFOUND, FZ_ESTATE when already revoked. */
int fz_kitchen_source_revoke(struct fz_store *db,
			     const struct fz_case_actor *a, int64_t site,
			     int64_t sid, struct fz_err *err);

/* One event as a camera system posts it.  Strings borrowed. */
struct fz_kitchen_event {
	const char *event_id; /* 1-64 of [A-Za-z0-9._:-] */
	const char *type;     /* a type key */
	const char *time;     /* RFC 3339 with a zone: "2026-12-08T10:02:03+08:00" */
	const char *camera;   /* 0-50 characters, may be NULL */
};

/* Outcome of a post. */
enum { FZ_KITCHEN_NEW = 1, FZ_KITCHEN_REPLAY = 2 };

/* Take the event that the source holding token posted from ip: a new
 * alert (*what NEW), or the alert the same event made before (REPLAY);
 * *id gets the alert.  Own transaction.  FZ_EAUTH for a missing, unknown
 * or revoked token (audited, nothing else written); FZ_EINVAL with the
 * field; FZ_ECONFLICT for an event id the source used for another
 * event. */
int fz_kitchen_event_take(struct fz_store *db, const char *token,
			  const char *ip, const struct fz_kitchen_event *e,
			  int64_t *id, int *what, struct fz_err *err);

/* The active source a token opens. */
struct fz_kitchen_source {
	int64_t id, site;
	char path[256]; /* the site's unit path */
};

/* The source holding token, posting from ip, into *src: 0; FZ_EAUTH for
 * a missing, unknown or revoked token, the refusal audited. */
int fz_kitchen_source_find(struct fz_store *db, const char *token,
			   const char *ip, struct fz_kitchen_source *src,
			   struct fz_err *err);

/* fz_kitchen_event_take for a source already found: the webhook looks
 * the token up once, before it reads the body. */
int fz_kitchen_event_add(struct fz_store *db, const struct fz_kitchen_source *src,
			 const struct fz_kitchen_event *e, int64_t *id, int *what,
			 struct fz_err *err);

/* What makes two posts the same event (type, instant t and camera), as
 * the hex SM3 kept with the alert (65 bytes). */
void fz_kitchen_digest(const struct fz_kitchen_event *e, int64_t t, char *out);

/* Keep the photo of alert id (a JPEG or PNG, by its bytes), sealed with
 * SM4, replacing an earlier one while the alert is open.  FZ_EINVAL on
 * field "photo" for anything else or an empty or oversized file;
 * FZ_ESTATE when the alert is handled. */
int fz_kitchen_photo_put(struct fz_store *db, const struct fz_keys *keys,
			 const struct fz_case_actor *a, int64_t id,
			 const void *data, size_t len, struct fz_err *err);

/* The photo of alert id into out; *mime names its type.  FZ_ENOTFOUND. */
int fz_kitchen_photo_get(struct fz_store *db, const struct fz_keys *keys,
			 int64_t id, struct fz_buf *out, const char **mime,
			 struct fz_err *err);

/* Close alert id: outcome "rectified" (已整改) or "false_alarm" (误报),
 * with a note of 5-500 characters and the photo already kept (FZ_EINVAL
 * on field "photo" without).  Own transaction, audited.  FZ_ESTATE when
 * already handled. */
int fz_kitchen_handle(struct fz_store *db, const struct fz_case_actor *a,
		      int64_t id, const char *outcome, const char *note,
		      struct fz_err *err);

/* Count the daily figures (table kitchen_daily) again from the alerts,
 * in the caller's transaction or its own: after a bulk load that wrote
 * alerts directly (the demo, a migration from another system).  *alerts
 * (may be NULL) gets the number of alerts counted. */
int fz_kitchen_recount(struct fz_store *db, int64_t *alerts, struct fz_err *err);

/* The escalation level of an open alert due at due (ISO UTC) at now:
 * 0 in time, 1 past its period, 2 past twice its period (hours). */
int fz_kitchen_level(const char *occurred, const char *due, int64_t now);

/* The alert's page as JSON.  FZ_ENOTFOUND. */
int fz_kitchen_alert_json(struct fz_store *db, int64_t id, json_t **out,
			  struct fz_err *err);

/* unit paths for the access policy (struct fz_record_kind.unit_path) */
int fz_kitchen_site_path(struct fz_store *db, int64_t id, char *path, size_t n,
			 struct fz_err *err);
int fz_kitchen_alert_path(struct fz_store *db, int64_t id, char *path,
			  size_t n, struct fz_err *err);

/* Audit names of a site and an alert (app.c's audit_objects). */
int fz_kitchen_audit_site(struct fz_store *db, int64_t id, const char *action,
			  char *obj, char *act, size_t n);
int fz_kitchen_audit_alert(struct fz_store *db, int64_t id, const char *action,
			   char *obj, char *act, size_t n);

/* The demo's canteens and homes, their sources and a year of alerts. */
int fz_kitchen_demo(struct fz_store *db, const struct fz_keys *keys,
		    uint64_t seed, FILE *out, struct fz_err *err);

#endif
