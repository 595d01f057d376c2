/*
 * keys.c: the API keys file (lines NAME:SECRET) and the constant-time
 * check of a client's key against it.
 *
 * The file is read whole with read(2) into a buffer that is wiped
 * afterwards, so no copy of a secret is left in stdio buffers.  The
 * secret is everything after the first ':' up to the newline, byte for
 * byte (a '\r' before the newline is part of it).  A file without any key
 * is refused: nobody could ever be admitted.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keys.h"

#define KEYS_FILE_MAX	((size_t)1024 * 1024)	/* bytes */
#define KEYS_NAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"abcdefghijklmnopqrstuvwxyz0123456789_.-"

static int	read_all(int, char **, size_t *);
static int	parse_line(struct keys *, const char *, size_t, char *,
		    size_t);
static int	ct_bcmp(const void *, const void *, size_t);
static size_t	ct_is_zero(size_t);

/*
 * libbsd 0.11 does not provide timingsafe_bcmp, so this is OpenBSD's:
 * 0 when equal, else 1, in a time that depends on n only.
 */
static int
ct_bcmp(const void *b1, const void *b2, size_t n)
{
	const unsigned char	*p1 = b1, *p2 = b2;
	int			 ret = 0;

	for (; n > 0; n--)
		ret |= *p1++ ^ *p2++;
	return ret != 0;
}

/* 1 when v is 0, else 0, without a branch. */
static size_t
ct_is_zero(size_t v)
{
	return 1 ^ ((v | (0 - v)) >> (sizeof(v) * 8 - 1));
}

/* Read the regular file at fd, at most KEYS_FILE_MAX bytes, into *bufp. */
static int
read_all(int fd, char **bufp, size_t *lenp)
{
	char	*buf;
	size_t	 len = 0;
	ssize_t	 n;

	if ((buf = malloc(KEYS_FILE_MAX + 1)) == NULL)
		return -1;
	for (;;) {
		n = read(fd, buf + len, KEYS_FILE_MAX + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			explicit_bzero(buf, len);
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
		if (len > KEYS_FILE_MAX) {
			explicit_bzero(buf, len);
			free(buf);
			errno = EFBIG;
			return -1;
		}
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* One non-blank, non-comment line; on error fills why. */
static int
parse_line(struct keys *ks, const char *line, size_t len, char *why,
    size_t whylen)
{
	struct key	*k;
	const char	*colon;
	size_t		 nlen, slen, i;

	if (memchr(line, '\0', len) != NULL) {
		snprintf(why, whylen, "NUL byte");
		return -1;
	}
	if ((colon = memchr(line, ':', len)) == NULL) {
		snprintf(why, whylen, "expected NAME:SECRET");
		return -1;
	}
	nlen = colon - line;
	slen = len - nlen - 1;
	if (nlen == 0) {
		snprintf(why, whylen, "empty name");
		return -1;
	}
	if (nlen >= KEYS_NAME_MAX) {
		snprintf(why, whylen, "name longer than %d bytes",
		    KEYS_NAME_MAX - 1);
		return -1;
	}
	if (strspn(line, KEYS_NAME_CHARS) != nlen) {
		snprintf(why, whylen, "name may hold only A-Z a-z 0-9 _ . -");
		return -1;
	}
	if (slen == 0) {
		snprintf(why, whylen, "empty secret");
		return -1;
	}
	if (slen >= KEYS_SECRET_MAX) {
		snprintf(why, whylen, "secret longer than %d bytes",
		    KEYS_SECRET_MAX - 1);
		return -1;
	}
	for (i = 0; i < ks->n; i++) {
		if (strlen(ks->v[i].name) == nlen &&
		    memcmp(ks->v[i].name, line, nlen) == 0) {
			snprintf(why, whylen, "duplicate name \"%s\"",
			    ks->v[i].name);
			return -1;
		}
		if (ks->v[i].len == slen &&
		    memcmp(ks->v[i].secret, colon + 1, slen) == 0) {
			snprintf(why, whylen, "same secret as \"%s\"",
			    ks->v[i].name);
			return -1;
		}
	}
	k = &ks->v[ks->n++];
	memset(k, 0, sizeof(*k));
	memcpy(k->name, line, nlen);
	memcpy(k->secret, colon + 1, slen);
	k->len = slen;
	return 0;
}

int
keys_load(struct keys *ks, const char *path, struct err *e)
{
	struct stat	 st;
	char		*buf = NULL, *line, *nl, why[128];
	size_t		 len = 0, lineno, nlines, llen, i;
	int		 fd = -1, ret = -1;

	ks->v = NULL;
	ks->n = 0;
	/* O_NONBLOCK: do not hang on a FIFO before fstat refuses it. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		err_set(e, ERR_INTERNAL, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		err_set(e, ERR_INTERNAL, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(e, ERR_INTERNAL, "%s: not a regular file", path);
		goto out;
	}
	if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
		err_set(e, ERR_INTERNAL, "%s: readable by group or others "
		    "(chmod 600)", path);
		goto out;
	}
	if (read_all(fd, &buf, &len) == -1) {
		if (errno == EFBIG)
			err_set(e, ERR_INTERNAL, "%s: larger than %zu bytes",
			    path, KEYS_FILE_MAX);
		else
			err_set(e, ERR_INTERNAL, "%s: %s", path,
			    strerror(errno));
		goto out;
	}
	buf[len] = '\0';	/* read_all left room: strspn stops here */
	nlines = 1;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			nlines++;
	if (nlines > KEYS_MAX)
		nlines = KEYS_MAX;
	if ((ks->v = calloc(nlines, sizeof(*ks->v))) == NULL) {
		err_set(e, ERR_INTERNAL, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (line = buf, lineno = 1; line < buf + len; line = nl + 1,
	    lineno++) {
		if ((nl = memchr(line, '\n', buf + len - line)) == NULL)
			nl = buf + len;
		llen = nl - line;
		i = strspn(line, " \t");
		if (i >= llen || line[i] == '#')
			continue;
		if (ks->n == nlines) {
			snprintf(why, sizeof(why), "more than %d keys",
			    KEYS_MAX);
			err_set(e, ERR_INTERNAL, "%s:%zu: %s", path, lineno,
			    why);
			goto out;
		}
		if (parse_line(ks, line, llen, why, sizeof(why)) == -1) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %s", path, lineno,
			    why);
			goto out;
		}
	}
	if (ks->n == 0) {
		err_set(e, ERR_INTERNAL, "%s: no keys (lines NAME:SECRET)",
		    path);
		goto out;
	}
	ret = 0;
 out:
	if (buf != NULL) {
		explicit_bzero(buf, len);
		free(buf);
	}
	if (fd != -1)
		close(fd);
	if (ret == -1)
		keys_free(ks);
	return ret;
}

const char *
keys_check(const struct keys *ks, const char *given, size_t len)
{
	unsigned char	 buf[KEYS_SECRET_MAX];
	size_t		 i, eq, found = 0, idx = 0, mask;

	memset(buf, 0, sizeof(buf));
	if (given != NULL && len > 0)
		memcpy(buf, given, len < sizeof(buf) ? len : sizeof(buf));
	else
		len = 0;
	/*
	 * Every key is compared in full; a given key that is too long
	 * differs in length from all of them and never matches.  The first
	 * match is kept without a branch on the comparison.
	 */
	for (i = 0; i < ks->n; i++) {
		eq = ct_is_zero((size_t)ct_bcmp(buf, ks->v[i].secret,
		    sizeof(buf)) | (ks->v[i].len ^ len));
		mask = 0 - (eq & (found ^ 1));
		idx = (idx & ~mask) | (i & mask);
		found |= eq;
	}
	explicit_bzero(buf, sizeof(buf));
	return found ? ks->v[idx].name : NULL;
}

void
keys_free(struct keys *ks)
{
	if (ks->v != NULL) {
		explicit_bzero(ks->v, ks->n * sizeof(*ks->v));
		free(ks->v);
	}
	ks->v = NULL;
	ks->n = 0;
}
