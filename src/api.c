/*
 * api.c: runbox's HTTP routes, the key in the headers, the status code
 * of a refusal, and GET /health (docs/http.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>
#include <jansson.h>

#include "api.h"
#include "deadline.h"
#include "docker.h"
#include "jsonw.h"
#include "playground.h"
#include "result.h"

#define API_HEALTH_MS	2000	/* the engine's answer to GET /version */

/* The routes: a path, the method it takes, what it is. */
static const struct {
	const char	*path;
	const char	*method;
	enum api_route	 route;
} api_routes[] = {
	{ "/run", "POST", API_RUN },
	{ "/health", "GET", API_HEALTH },
	{ "/languages", "GET", API_LANGUAGES },
	{ "/", "POST", API_ROOT },
	{ "/compile", "POST", API_COMPILE },
	{ "/api/v2/execute", "POST", API_PISTON_EXECUTE },
	{ "/api/v2/runtimes", "GET", API_PISTON_RUNTIMES },
};
#define API_RUN_PREFIX	"/run/"
#define API_NROUTES	(sizeof(api_routes) / sizeof(api_routes[0]))

const char *
api_path(const struct http_request *req, size_t *n)
{
	const char	*t = req->target, *slash;

	/* Absolute form (RFC 9112, 3.2.2): the path after the authority. */
	if (strncasecmp(t, "http://", 7) == 0 ||
	    strncasecmp(t, "https://", 8) == 0) {
		t = strstr(t, "//") + 2;
		slash = t + strcspn(t, "/?#");
		t = *slash == '/' ? slash : "/";
	}
	*n = strcspn(t, "?#");
	return t;
}

enum api_route
api_route(const struct http_request *req, int playground, const char **allow,
    char *language)
{
	const char	*t, *other = NULL;
	size_t		 n, i, plen = strlen(API_RUN_PREFIX);

	t = api_path(req, &n);
	for (i = 0; i < API_NROUTES; i++) {
		if (strlen(api_routes[i].path) != n ||
		    strncmp(api_routes[i].path, t, n) != 0)
			continue;
		if (strcmp(req->method, api_routes[i].method) == 0)
			return api_routes[i].route;
		other = api_routes[i].method;
	}
	/*
	 * The playground's files (playground.c has their paths) take GET;
	 * "/" takes POST as well (its seed route): "GET, POST".
	 */
	if (playground && playground_find(t, n) != NULL) {
		if (strcmp(req->method, "GET") == 0)
			return API_PLAYGROUND;
		other = other == NULL ? "GET" : "GET, POST";
	}
	if (other != NULL) {
		if (allow != NULL)
			*allow = other;
		return API_METHOD;
	}
	/* /run/{language}: one segment, not empty. */
	if (n <= plen || n - plen >= API_LANGUAGE_MAX ||
	    strncmp(t, API_RUN_PREFIX, plen) != 0 ||
	    memchr(t + plen, '/', n - plen) != NULL)
		return API_NOT_FOUND;
	if (strcmp(req->method, "POST") != 0) {
		if (allow != NULL)
			*allow = "POST";
		return API_METHOD;
	}
	memcpy(language, t + plen, n - plen);
	language[n - plen] = '\0';
	return API_RUN_LANGUAGE;
}

int
api_is_seed(enum api_route r)
{
	return r == API_RUN_LANGUAGE || r == API_ROOT || r == API_COMPILE;
}

int
api_json_text(const json_t *v, char **out, size_t *outlen, struct err *e)
{
	size_t	n;

	*out = NULL;
	n = json_dumpb(v, NULL, 0, JSON_COMPACT);
	if (n == 0 || (*out = malloc(n + 1)) == NULL ||
	    json_dumpb(v, *out, n, JSON_COMPACT) != n) {
		free(*out);
		*out = NULL;
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	(*out)[n] = '\0';
	*outlen = n;
	return 0;
}

int
api_seed_request(enum api_route r, const char *body, size_t len,
    const char *language, char **out, size_t *outlen, struct err *e)
{
	json_t		*in, *req = NULL, *code, *input, *key;
	int		 ret = -1;

	*out = NULL;
	in = json_loadb(body, len, JSON_ALLOW_NUL, NULL);
	code = json_object_get(in, "code");
	if (!json_is_string(code)) {
		err_set(e, ERR_BAD_REQUEST, r == API_COMPILE ?
		    "No code provided" : "Code is required");
		goto out;
	}
	input = json_object_get(in, "input");
	key = json_object_get(in, "key");
	if ((req = json_object()) == NULL ||
	    json_object_set(req, "code", code) == -1 ||
	    (language != NULL && json_object_set_new(req, "language",
	    json_string(language)) == -1) ||
	    (input != NULL && json_object_set(req, "input", input) == -1) ||
	    (key != NULL && json_object_set(req, "key", key) == -1)) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	/* The request's own checks judge input's and key's types. */
	ret = api_json_text(req, out, outlen, e);
out:
	json_decref(req);
	json_decref(in);
	return ret;
}

int
api_seed_json(enum api_route r, const struct result *res, struct buf *b,
    int *status)
{
	const struct result_run	*run = &res->run;
	size_t			 oldlen = b->len;
	int			 killed;

	*status = 200;
	if (r == API_COMPILE) {
		killed = run->timed_out || run->oom_killed || run->truncated;
		if (buf_appendf(b, "{\"isError\":%s", run->status ==
		    RESULT_OK ? "false" : "true") == -1 ||
		    jsonw_field(b, "stdout", &run->out) == -1 ||
		    jsonw_field(b, "stderr", &run->err) == -1 ||
		    jsonw_field(b, "combined", &run->combined) == -1 ||
		    buf_appendf(b, ",\"timedOut\":%s,\"killedByContainer\":"
		    "%s}", run->timed_out ? "true" : "false",
		    killed ? "true" : "false") == -1)
			goto fail;
		return 0;
	}
	if (run->timed_out) {
		*status = 408;
		if (buf_appendf(b, "{\"message\":\"Timeout of %d exceeded\"}",
		    res->timeout_ms) == -1)
			goto fail;
		return 0;
	}
	/* The seed's TTY merged both streams, in order: combined. */
	if (buf_append(b, "{\"message\":", 11) == -1 ||
	    jsonw_string(b, run->combined.data == NULL ? "" :
	    run->combined.data, run->combined.len) == -1 ||
	    buf_append(b, "}", 1) == -1)
		goto fail;
	return 0;
fail:
	return buf_undo(b, oldlen);
}

int
api_error_json(enum api_route r, const struct err *e, int status,
    struct buf *b)
{
	size_t	oldlen = b->len;

	if (result_error_json(e, b) == -1)
		return -1;
	if (!api_is_seed(r))
		return 0;
	/* {"error":...} becomes {"error":...,"status":N}. */
	b->len--;
	if (buf_appendf(b, ",\"status\":%d}", status) == -1)
		return buf_undo(b, oldlen);
	return 0;
}

const char *
api_header_key(const struct http_request *req, size_t *len)
{
	const char	*a = req->authorization, *k;

	if (req->api_key != NULL) {
		*len = strlen(req->api_key);
		return req->api_key;
	}
	/* "Bearer" SP token (RFC 6750): the scheme's name in any case. */
	if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0)
		return NULL;
	for (k = a + 7; *k == ' '; k++)
		;
	if (*k == '\0')
		return NULL;
	*len = strlen(k);
	return k;
}

int
api_status(enum err_code code)
{
	switch (code) {
	case ERR_NONE:
		return 200;
	case ERR_BAD_FRAME:
	case ERR_BAD_REQUEST:
	case ERR_UNSUPPORTED_LANGUAGE:
		return 400;
	case ERR_UNAUTHORIZED:
		return 401;
	case ERR_FORBIDDEN:
		return 403;
	case ERR_READ_TIMEOUT:
		return 408;
	case ERR_TOO_LARGE:
		return 413;
	case ERR_RATE_LIMITED:
	case ERR_BUSY:
		return 429;
	case ERR_UNAVAILABLE:
		return 503;
	case ERR_INTERNAL:
		break;
	}
	return 500;
}

int
api_health(const struct config *cfg, struct buf *b)
{
	struct docker	 d;
	struct err	 e = { ERR_NONE, 0, "", "" };
	cJSON		*v = NULL;
	const cJSON	*ver, *api;
	size_t		 oldlen = b->len;
	long		 status = 0;
	int		 code = 503;

	if (docker_open(&d, cfg->docker_socket, &e) == 0) {
		v = docker_get_json(&d, "/version", deadline_in(API_HEALTH_MS),
		    &status);
		docker_close(&d);
	}
	ver = cJSON_GetObjectItemCaseSensitive(v, "Version");
	api = cJSON_GetObjectItemCaseSensitive(v, "ApiVersion");
	if (cJSON_IsString(ver) && cJSON_IsString(api)) {
		code = 200;
		if (buf_append(b, "{\"status\":\"ok\",\"engine\":", 24) == -1 ||
		    jsonw_string(b, ver->valuestring,
		    strlen(ver->valuestring)) == -1 ||
		    buf_append(b, ",\"apiVersion\":", 14) == -1 ||
		    jsonw_string(b, api->valuestring,
		    strlen(api->valuestring)) == -1 ||
		    buf_append(b, "}", 1) == -1)
			code = -1;
	} else {
		err_set(&e, ERR_UNAVAILABLE, "the Docker engine does not "
		    "answer at %s", cfg->docker_socket);
		if (result_error_json(&e, b) == -1)
			code = -1;
	}
	cJSON_Delete(v);
	if (code == -1)
		(void)buf_undo(b, oldlen);
	return code;
}
