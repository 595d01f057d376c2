/*
 * api.h: runbox's HTTP routes (docs/http.md): which route a request
 * asks for, the key its headers carry, the status code of a refusal,
 * and the health check.  The transport (reading the request, writing
 * the response) is http.c's; main.c wires the two to the run.
 */
#ifndef RUNBOX_API_H
#define RUNBOX_API_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "http.h"
#include "result.h"

enum api_route {
	API_NOT_FOUND,		/* 404 */
	API_METHOD,		/* 405: a known path, another method */
	API_RUN,		/* POST /run: a runbox request as the body */
	API_HEALTH,		/* GET /health: does the engine answer */
	API_LANGUAGES,		/* GET /languages: the listing */
	/* The seed services' routes (docs/http.md, "Seed routes"): */
	API_RUN_LANGUAGE,	/* POST /run/{language}: {code, input} */
	API_ROOT,		/* POST /: {code, input}, default_language */
	API_COMPILE,		/* POST /compile: {code, v3}, default_language */
	/* Piston's v2 routes (docs/http.md, "Piston's v2 API"): */
	API_PISTON_EXECUTE,	/* POST /api/v2/execute: piston.h */
	API_PISTON_RUNTIMES,	/* GET /api/v2/runtimes: the listing */
	API_PLAYGROUND		/* GET /, /playground.js, /playground.css */
};

#define API_LANGUAGE_MAX	64	/* bytes of /run/{language}'s name */

/*
 * The path req's target names: the target up to '?' or '#' (a query
 * string is ignored), and for an absolute-form target ("http://host/run",
 * RFC 9112, 3.2.2) the part after the authority, "/" when it has none.
 * Returns a pointer into req->target; *n is the path's length.
 */
const char *api_path(const struct http_request *, size_t *n);

/*
 * The route req asks for, by method and path (api_path).  The
 * playground's files (API_PLAYGROUND) are routes only when playground is
 * not 0 (http_playground yes): otherwise GET / is API_METHOD and
 * /playground.js API_NOT_FOUND.  For API_METHOD, *allow (when not NULL)
 * is the Allow header's value, "GET", "POST" or, for "/" with the
 * playground, "GET, POST" (RFC 9110, section 10.2.1).  For
 * API_RUN_LANGUAGE, language (API_LANGUAGE_MAX bytes) holds the path's
 * last segment, as sent (the request's checks judge it); a longer one,
 * or one holding '/', is API_NOT_FOUND.
 */
enum api_route api_route(const struct http_request *, int playground,
	    const char **allow, char *language);

/*
 * v as compact JSON text (jansson's json_dumpb): *out a malloc'd copy of
 * *outlen bytes and a NUL, which the caller frees; the request another
 * API's body was turned into (seed routes, Piston's).  -1 with e
 * (ERR_INTERNAL) when out of memory, *out NULL.
 */
int	api_json_text(const json_t *, char **out, size_t *outlen,
	    struct err *);

/* Is route one of the seed services' (their body and reply shapes)? */
int	api_is_seed(enum api_route);

/*
 * A seed route's body ({"code": STRING, "input": STRING}, for /compile
 * also "v3", accepted and ignored; other members are ignored, as the
 * seed services ignore them) as a runbox request for language (NULL:
 * the configured default) with the same code and input: *out is a
 * malloc'd JSON text of *outlen bytes and a NUL, which the caller frees.  -1 with e set
 * (ERR_BAD_REQUEST, the seed's words: "Code is required") when the body
 * is not a JSON object with a string code, ERR_INTERNAL when out of
 * memory.
 */
int	api_seed_request(enum api_route, const char *body, size_t len,
	    const char *language, char **out, size_t *outlen, struct err *);

/*
 * A seed route's reply to res into b, its status code into *status
 * (docs/http.md, "Seed routes"): /compile's {isError, stdout, stderr,
 * combined, timedOut, killedByContainer}, 200; /run/{language}'s and
 * /'s {"message": combined}, 200, or 408 {"message": "Timeout of N
 * exceeded"} when the program timed out.  Returns 0, or -1 when out of
 * memory (b is then as it was).
 */
int	api_seed_json(enum api_route, const struct result *, struct buf *,
	    int *status);

/*
 * A refusal on any route but the seeds': runbox's refusal object.  On a
 * seed route, that object with "status": status added, so that a seed
 * client finds its "message" (/run) or "error" and "status" (/compile).
 */
int	api_error_json(enum api_route, const struct err *, int status,
	    struct buf *);

/*
 * The key the headers carry: X-API-Key's value, else the token of
 * "Authorization: Bearer TOKEN" (the scheme's name in any case, RFC
 * 6750, section 2.1), else NULL.  The pointer is into req; *len its
 * length.
 */
const char *api_header_key(const struct http_request *, size_t *len);

/*
 * The status code a refusal or failure is answered with (docs/http.md):
 * bad_frame and bad_request 400, unauthorized 401, forbidden 403,
 * too_large 413, read_timeout 408, rate_limited and busy 429,
 * unsupported_language 400, unavailable 503, internal 500.
 */
int	api_status(enum err_code);

/*
 * GET /health: ask the engine at cfg->docker_socket for its version
 * (GET /version, no container) and append the body to b:
 * {"status":"ok","engine":VERSION,"apiVersion":API} when it answers,
 * else runbox's refusal object for ERR_UNAVAILABLE.  Returns the status
 * code, 200 or 503, or -1 when out of memory (b is then as it was).
 */
int	api_health(const struct config *, struct buf *b);

#endif
