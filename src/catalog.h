/*
 * catalog.h: the languages a listing offers (docs/protocol.md,
 * "Listing"), each with the version its image declares.  The reply's
 * JSON is result.c's.
 */
#ifndef RUNBOX_CATALOG_H
#define RUNBOX_CATALOG_H

#include <stddef.h>

#include "config.h"
#include "err.h"

#define CATALOG_VERSION_LABEL	"runbox.version"	/* image label */
#define CATALOG_VERSION_MAX	128	/* bytes of its value, NUL included */
#define CATALOG_NOTE_MAX	384	/* one log line's worth */
#define CATALOG_API_MS		10000	/* every image lookup together */

struct catalog_entry {
	const struct language	*language;	/* points into the config */
	char			 version[CATALOG_VERSION_MAX];	/* "": null */
	char			 note[CATALOG_NOTE_MAX];	/* for the log, or "" */
};

struct catalog {
	struct catalog_entry	 entries[CONFIG_MAX_LANGUAGES];
	size_t			 n;		/* cfg's languages, in order */
	unsigned int		 ncalls;	/* Engine API calls made */
};

/*
 * Fill cat with every configured language, in the config's order, and
 * the value of its image's label CATALOG_VERSION_LABEL.  The version is
 * "" (null in the reply) when the image has no such label, an empty one
 * or one of CATALOG_VERSION_MAX bytes or more, or when the image is not
 * on this host or the engine refused to say; the last three leave a note
 * for the log in the entry.  Returns -1 with ERR_UNAVAILABLE only when
 * the engine cannot be reached (or does not answer in CATALOG_API_MS),
 * ERR_INTERNAL when libcurl cannot be set up.
 */
int	catalog_read(struct catalog *, const struct config *, struct err *);

/*
 * As catalog_read, for the language l alone (one image lookup): cat
 * holds one entry, l's.  Piston's execute needs no more (docs/http.md).
 */
int	catalog_read_one(struct catalog *, const struct config *,
	    const struct language *l, struct err *);

#endif
