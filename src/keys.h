/* keys.h: the API keys file, NAME:SECRET per line. */
#ifndef RUNBOX_KEYS_H
#define RUNBOX_KEYS_H

#include <stddef.h>

#include "err.h"

#define KEYS_NAME_MAX	64
#define KEYS_SECRET_MAX	256	/* secrets are compared over this many bytes */
#define KEYS_MAX	1024

struct key {
	char	name[KEYS_NAME_MAX];
	char	secret[KEYS_SECRET_MAX];	/* zero padded */
	size_t	len;
};

struct keys {
	struct key	*v;
	size_t		 n;
};

/*
 * Load path.  Refuses (-1, ERR_INTERNAL, message naming the file) a file
 * that group or others can read, or that is not a regular file, and any
 * malformed line (naming file and line: empty name or secret, name with
 * characters other than [A-Za-z0-9_.-], secret longer than
 * KEYS_SECRET_MAX - 1, duplicate name).  '#' comment and blank lines are
 * skipped.  The caller frees with keys_free, which wipes the secrets.
 */
int	 keys_load(struct keys *, const char *path, struct err *);

/*
 * The NAME whose secret equals given (length len), or NULL.  Takes the
 * same time whichever key matches or whether any does: every key is
 * compared in full with timingsafe_bcmp over KEYS_SECRET_MAX bytes.
 */
const char *keys_check(const struct keys *, const char *given, size_t len);

void	 keys_free(struct keys *);

#endif
