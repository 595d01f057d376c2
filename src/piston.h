/*
 * piston.h: Piston's v2 API in runbox's terms (docs/http.md, "Piston's
 * v2 API"): an execute request as a runbox request, the version runbox
 * serves for a language, and the replies in Piston's shapes.  api.c
 * routes to it; main.c wires it to the run.
 */
#ifndef RUNBOX_PISTON_H
#define RUNBOX_PISTON_H

#include <stddef.h>

#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "err.h"
#include "result.h"

/* "N.N.N": three numbers of at most 9 digits each, the dots, a NUL. */
#define PISTON_VERSION_MAX	32
#define PISTON_DIGITS_MAX	9
/* A request's "version" and "language", as sent, NUL included. */
#define PISTON_ASKED_MAX	64

/* What an execute request says beside the runbox request it becomes. */
struct piston {
	char	language[PISTON_ASKED_MAX];	/* as sent, for messages */
	char	version[PISTON_ASKED_MAX];	/* as sent; "" absent or null */
	char	served[PISTON_VERSION_MAX];	/* piston_check_version's */
};

/*
 * The body of POST /api/v2/execute (body, len bytes) as a runbox request
 * (docs/http.md has the mapping of each member): *out is a malloc'd JSON
 * text of *outlen bytes and a NUL, which the caller frees, and p holds
 * the language and version asked for.  The code is the first file whose
 * encoding is utf8 (Piston runs that one); the other files keep their
 * order and names (file<i>.code for a file without one, as Piston names
 * it).  base64 (RFC 4648, padded: glibc's b64_pton) and hex contents
 * are decoded.  Members runbox's request checks judge (stdin, args,
 * run_timeout, compile_timeout, a file's name) are copied as they are;
 * the memory limits, bytes, become MiB rounded up, -1 or null leaving
 * the default.  -1 with e set: ERR_BAD_REQUEST in Piston's words where
 * Piston has them ("language is required as a string") and naming
 * Piston's member otherwise ("files[1].content: not base64 ..."), for a
 * body that is not a JSON object, a member of the wrong type, a version
 * longer than PISTON_ASKED_MAX - 1 bytes, content that does not decode,
 * or that decodes to bytes that are not UTF-8 text without NUL;
 * ERR_INTERNAL when out of memory.  On failure *out is NULL.
 */
int	piston_request(const char *body, size_t len, struct piston *p,
	    char **out, size_t *outlen, struct err *);

/*
 * The version a Piston client sees for an image's version label (label:
 * any text, "" when there is none): the first N.N or N.N.N in it, N a
 * run of 1 to PISTON_DIGITS_MAX digits (leading zeros dropped), padded
 * to N.N.0; "0.0.0" when there is none.  "Python 3.11.2" is 3.11.2,
 * "go version go1.19.8 linux/amd64" 1.19.8.  out holds size bytes, at
 * least PISTON_VERSION_MAX.
 */
void	piston_version(const char *label, char *out, size_t size);

/*
 * Does asked (a request's version, "" when it gave none) select served
 * (piston_version's)?  1 when asked is "", "*", served itself, or a
 * prefix of served that ends where one of its dots is ("3", "3.11" for
 * "3.11.2"); else 0.
 */
int	piston_version_matches(const char *asked, const char *served);

/*
 * Set p->served from the language's version label (as piston_version)
 * and check p->version against it: 0, or -1 with ERR_BAD_REQUEST and
 * Piston's words, "<language>-<version> runtime is unknown".
 */
int	piston_check_version(struct piston *p, const char *label,
	    struct err *);

/*
 * Append the reply to an execute that ran, res, to b: {"language",
 * "version" (p->served), "run", and "compile" for a language that
 * compiles}, each stage {stdout, stderr, output, code, signal, message,
 * status, cpu_time, wall_time, memory} as docs/http.md maps them.  When
 * the compile failed, "run" is the compile's object, as Piston answers.
 * Returns 0, or -1 when out of memory (b is then as it was).
 */
int	piston_json(const struct piston *p, const struct result *res,
	    struct buf *b);

/*
 * Append GET /api/v2/runtimes' reply to b: [{"language", "version",
 * "aliases"}], one per entry of cat in its order, the version as
 * piston_version makes it, the aliases cfg's for that language in cfg's
 * order.  Returns 0, or -1 when out of memory (b is then as it was).
 */
int	piston_runtimes_json(const struct catalog *, const struct config *,
	    struct buf *b);

#endif
