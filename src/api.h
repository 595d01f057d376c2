/*
 * api.h: runbox's HTTP routes (docs/http.md): which route a request
 * asks for, the key its headers carry, the status code of a refusal,
 * and the health check.  The transport (reading the request, writing
 * the response) is http.c's; main.c wires the two to the run.
 */
#ifndef RUNBOX_API_H
#define RUNBOX_API_H

#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "http.h"

enum api_route {
	API_NOT_FOUND,		/* 404 */
	API_METHOD,		/* 405: a known path, another method */
	API_RUN,		/* POST /run: a runbox request as the body */
	API_HEALTH,		/* GET /health: does the engine answer */
	API_LANGUAGES		/* GET /languages: the listing */
};

/*
 * The route req asks for, by method and path (the target up to '?' or
 * '#'; a query string is ignored).  For API_METHOD, *allow (when not
 * NULL) is the Allow header's value, "GET" or "POST" (RFC 9110,
 * section 10.2.1).
 */
enum api_route api_route(const struct http_request *, const char **allow);

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
