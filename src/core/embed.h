/* embed.h - data files compiled into the binary by scripts/embed.sh. */
#ifndef FZ_CORE_EMBED_H
#define FZ_CORE_EMBED_H

struct fz_embedded {
	const char *name; /* file name without directory, e.g. "2024.txt" */
	const char *data; /* NUL-terminated contents */
};

/* data/calendar/YYYY.txt, ended by a { NULL, NULL } row. */
extern const struct fz_embedded fz_calendar_files[];

#endif
