/*
 * api.c: runbox's HTTP routes, the key in the headers, the status code
 * of a refusal, and GET /health (docs/http.md).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "api.h"
#include "deadline.h"
#include "docker.h"
#include "jsonw.h"
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
};
#define API_NROUTES	(sizeof(api_routes) / sizeof(api_routes[0]))

enum api_route
api_route(const struct http_request *req, const char **allow)
{
	const char	*t = req->target;
	size_t		 n, i;

	n = strcspn(t, "?#");
	for (i = 0; i < API_NROUTES; i++) {
		if (strlen(api_routes[i].path) != n ||
		    strncmp(api_routes[i].path, t, n) != 0)
			continue;
		if (strcmp(req->method, api_routes[i].method) == 0)
			return api_routes[i].route;
		if (allow != NULL)
			*allow = api_routes[i].method;
		return API_METHOD;
	}
	return API_NOT_FOUND;
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
	if (code == -1 && b->data != NULL) {
		b->len = oldlen;
		b->data[b->len] = '\0';
	}
	return code;
}
