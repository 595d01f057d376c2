/*
 * container.c: the Engine API's container calls, each a path, one
 * docker_call and the judgement of its answer (container.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "container.h"

#define CONTAINER_PATH_MAX	256	/* a path with an id or a name */
#define CONTAINER_MSG_MAX	256	/* the engine's message, for a detail */
#define CONTAINER_HEX		"0123456789abcdef"

static int	container_path(char *, size_t, struct err *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static int	container_hex(const char *);

/* printf into path (len bytes); ERR_INTERNAL when it does not fit. */
static int
container_path(char *path, size_t len, struct err *e, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(path, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return err_set(e, ERR_INTERNAL, "container name too long");
	return 0;
}

/* Is s a non-empty run of lowercase hex digits, as ids are? */
static int
container_hex(const char *s)
{
	return s[0] != '\0' && strspn(s, CONTAINER_HEX) == strlen(s);
}

int
container_create(struct docker *d, const char *name, const char *image,
    const char *body, int64_t deadline, char *id, size_t len, struct err *e)
{
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *cid;
	char		 path[CONTAINER_PATH_MAX], msg[CONTAINER_MSG_MAX];
	long		 status;
	int		 ret = -1;

	id[0] = '\0';
	if (container_path(path, sizeof(path), e, "/containers/create%s%s",
	    name != NULL ? "?name=" : "", name != NULL ? name : "") == -1)
		return -1;
	if (docker_call(d, "POST", path, body, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status == 404) {
		err_set(e, ERR_UNAVAILABLE, "image %s is not on this host",
		    image);
		goto out;
	}
	if (status != 201) {
		docker_engine_msg(&resp, msg, sizeof(msg));
		err_set(e, ERR_UNAVAILABLE, "container could not be created");
		err_detail(e, "engine answered %ld: %s", status, msg);
		goto out;
	}
	root = cJSON_ParseWithLength(resp.data, resp.len);
	cid = cJSON_GetObjectItemCaseSensitive(root, "Id");
	if (!cJSON_IsString(cid) || strlcpy(id, cid->valuestring, len) >=
	    len || !container_hex(id)) {
		id[0] = '\0';
		err_set(e, ERR_INTERNAL, "create answer without a usable Id");
		goto out;
	}
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	return ret;
}

int
container_start(struct docker *d, const char *container, int64_t deadline,
    struct err *e)
{
	struct buf	resp = { 0 };
	char		path[CONTAINER_PATH_MAX], msg[CONTAINER_MSG_MAX];
	long		status;
	int		ret = -1;

	if (container_path(path, sizeof(path), e, "/containers/%s/start",
	    container) == -1)
		return -1;
	if (docker_call(d, "POST", path, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status != 204 && status != 304) {
		docker_engine_msg(&resp, msg, sizeof(msg));
		err_set(e, ERR_UNAVAILABLE, "container could not start");
		err_detail(e, "engine answered %ld: %s", status, msg);
		goto out;
	}
	ret = 0;
out:
	buf_free(&resp);
	return ret;
}
