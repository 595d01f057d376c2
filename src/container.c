/*
 * container.c: the Engine API's container calls, each a path, one
 * docker_call and the judgement of its answer (container.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "container.h"
#include "deadline.h"

#define CONTAINER_PATH_MAX	256	/* a path with an id or a name */
#define CONTAINER_MSG_MAX	256	/* the engine's message, for a detail */
#define CONTAINER_HEX		"0123456789abcdef"
#define CONTAINER_MIB		(1024LL * 1024)
#define CONTAINER_RETRY_MS	50	/* a removal the engine refused */

static int	container_path(char *, size_t, struct err *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static int	container_hex(const char *);
static int	container_refused(struct err *, const char *, const char *,
		    long, const struct buf *);
static void	container_string(char *, size_t, const cJSON *);

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

/*
 * The engine answered what (a call, on container) with status: e gets
 * "container engine refused", the status and the engine's own message.
 */
static int
container_refused(struct err *e, const char *what, const char *container,
    long status, const struct buf *resp)
{
	char	msg[CONTAINER_MSG_MAX];

	docker_engine_msg(resp, msg, sizeof(msg));
	err_set(e, ERR_UNAVAILABLE, "container engine refused");
	return err_detail(e, "%s %s: engine answered %ld: %s", what,
	    container, status, msg);
}

/* v's string into out (len bytes); "" when v is none or does not fit. */
static void
container_string(char *out, size_t len, const cJSON *v)
{
	if (!cJSON_IsString(v) || strlcpy(out, v->valuestring, len) >= len)
		out[0] = '\0';
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

int
container_attach(struct docker *d, struct docker_stream *s,
    const char *container, int64_t deadline, struct err *e)
{
	char	path[CONTAINER_PATH_MAX];
	long	status;

	if (container_path(path, sizeof(path), e, "/containers/%s/attach?"
	    "stream=1&stdin=1&stdout=1&stderr=1", container) == -1 ||
	    docker_hijack(d, s, "attach", path, deadline, &status, e) == -1)
		return -1;
	if (status != 101 && status != 200) {
		err_set(e, ERR_UNAVAILABLE, "container engine unavailable");
		return err_detail(e, "attach: engine answered %ld", status);
	}
	return 0;
}

int
container_wait(struct docker *d, const char *container, int64_t deadline,
    int *code, struct err *e)
{
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *sc;
	char		 path[CONTAINER_PATH_MAX];
	long		 status;
	int		 ret = -1;

	if (container_path(path, sizeof(path), e, "/containers/%s/wait",
	    container) == -1)
		return -1;
	if (docker_call(d, "POST", path, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status == 200)
		root = cJSON_ParseWithLength(resp.data, resp.len);
	sc = cJSON_GetObjectItemCaseSensitive(root, "StatusCode");
	if (!cJSON_IsNumber(sc)) {
		err_set(e, ERR_UNAVAILABLE, "container engine unavailable");
		err_detail(e, "engine answered %ld to wait", status);
		goto out;
	}
	*code = (int)sc->valuedouble;
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	return ret;
}

int
container_kill(struct docker *d, const char *container, int64_t deadline,
    struct err *e)
{
	struct buf	resp = { 0 };
	char		path[CONTAINER_PATH_MAX];
	long		status;
	int		ret = -1;

	if (container_path(path, sizeof(path), e,
	    "/containers/%s/kill?signal=KILL", container) == -1)
		return -1;
	if (docker_call(d, "POST", path, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status != 204 && status != 409) {
		container_refused(e, "kill", container, status, &resp);
		goto out;
	}
	ret = 0;
out:
	buf_free(&resp);
	return ret;
}

int
container_kill_nowait(struct docker *d, struct docker_stream *s,
    const char *container, int64_t deadline, struct err *e)
{
	char	path[CONTAINER_PATH_MAX];

	if (container_path(path, sizeof(path), e,
	    "/containers/%s/kill?signal=KILL", container) == -1)
		return -1;
	return docker_post_nowait(d, s, path, deadline, e);
}

int
container_inspect(struct docker *d, const char *container,
    const char *label, int64_t deadline, struct container_info *info,
    struct err *e)
{
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *st, *labels;
	char		 path[CONTAINER_PATH_MAX];
	long		 status;
	int		 ret = -1;

	memset(info, 0, sizeof(*info));
	if (container_path(path, sizeof(path), e, "/containers/%s/json",
	    container) == -1)
		return -1;
	if (docker_call(d, "GET", path, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status == 200)
		root = cJSON_ParseWithLength(resp.data, resp.len);
	if (!cJSON_IsObject(root)) {
		container_refused(e, "inspect", container, status, &resp);
		if (status == 404)
			ret = 1;
		goto out;
	}
	container_string(info->id, sizeof(info->id),
	    cJSON_GetObjectItemCaseSensitive(root, "Id"));
	if (!container_hex(info->id))
		info->id[0] = '\0';
	container_string(info->image, sizeof(info->image),
	    cJSON_GetObjectItemCaseSensitive(root, "Image"));
	st = cJSON_GetObjectItemCaseSensitive(root, "State");
	info->running = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st,
	    "Running"));
	info->paused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st,
	    "Paused"));
	info->oom_killed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(st,
	    "OOMKilled"));
	if (label != NULL) {
		labels = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(root, "Config"),
		    "Labels");
		info->has_label = cJSON_IsString(
		    cJSON_GetObjectItemCaseSensitive(labels, label));
		container_string(info->label, sizeof(info->label),
		    cJSON_GetObjectItemCaseSensitive(labels, label));
	}
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	return ret;
}

int
container_list(struct docker *d, const char *label, int64_t deadline,
    void (*fn)(void *, const struct container_entry *), void *arg,
    struct err *e)
{
	struct container_entry	 ent;
	struct buf		 path = { 0 }, resp = { 0 };
	cJSON			*filter, *arr, *root = NULL, *c, *id, *nm;
	char			*text = NULL, *esc = NULL;
	long			 status;
	int			 ret = -1;

	/* {"label":[LABEL]}, in the query: Engine API v1.41 filters. */
	if ((filter = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(filter, "label")) == NULL ||
	    !cJSON_AddItemToArray(arr, cJSON_CreateString(label)) ||
	    (text = cJSON_PrintUnformatted(filter)) == NULL ||
	    (esc = docker_escape(d, text)) == NULL ||
	    buf_appendf(&path, "/containers/json?all=1&filters=%s",
	    esc) == -1) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	if (docker_call(d, "GET", path.data, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status == 200)
		root = cJSON_ParseWithLength(resp.data, resp.len);
	if (!cJSON_IsArray(root)) {
		err_set(e, ERR_UNAVAILABLE, "container engine unavailable");
		err_detail(e, "engine answered %ld to the container list",
		    status);
		goto out;
	}
	cJSON_ArrayForEach(c, root) {
		id = cJSON_GetObjectItemCaseSensitive(c, "Id");
		ent.id = cJSON_IsString(id) ? id->valuestring : NULL;
		nm = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c,
		    "Names"), 0);
		ent.name = !cJSON_IsString(nm) ? NULL :
		    nm->valuestring[0] == '/' ? nm->valuestring + 1 :
		    nm->valuestring;
		ent.labels = cJSON_GetObjectItemCaseSensitive(c, "Labels");
		fn(arg, &ent);
	}
	ret = 0;
out:
	cJSON_Delete(root);
	cJSON_Delete(filter);
	free(text);
	free(esc);
	buf_free(&path);
	buf_free(&resp);
	return ret;
}

const char *
container_label(const struct container_entry *ent, const char *key)
{
	const cJSON	*v;

	v = cJSON_GetObjectItemCaseSensitive(ent->labels, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
container_update_memory(struct docker *d, const char *container,
    int memory_mb, int64_t deadline, int *refused, struct err *e)
{
	struct buf	resp = { 0 };
	char		path[CONTAINER_PATH_MAX], body[96];
	long long	mem = (long long)memory_mb * CONTAINER_MIB;
	long		status;
	int		ret = -1;

	*refused = 0;
	if (container_path(path, sizeof(path), e, "/containers/%s/update",
	    container) == -1)
		return -1;
	snprintf(body, sizeof(body), "{\"Memory\":%lld,\"MemorySwap\":%lld}",
	    mem, mem);
	if (docker_call(d, "POST", path, body, deadline, &status, &resp,
	    e) == -1)
		goto out;
	if (status != 200) {
		*refused = 1;
		container_refused(e, "update", container, status, &resp);
		goto out;
	}
	ret = 0;
out:
	buf_free(&resp);
	return ret;
}

int
container_remove(struct docker *d, const char *container, int64_t deadline,
    struct err *e)
{
	struct timespec	pause = { 0, CONTAINER_RETRY_MS * 1000000L };
	struct buf	resp = { 0 };
	char		path[CONTAINER_PATH_MAX], msg[CONTAINER_MSG_MAX];
	long		status;
	int		ret = -1;

	if (container_path(path, sizeof(path), e, "/containers/%s?force=1&v=1",
	    container) == -1)
		return -1;
	for (;;) {
		if (docker_call(d, "DELETE", path, NULL, deadline, &status,
		    &resp, e) == -1)
			goto out;
		/* Its exit or another removal raced ours: again, in a moment. */
		if ((status != 409 && status < 500) ||
		    deadline_left(deadline) <= CONTAINER_RETRY_MS)
			break;
		nanosleep(&pause, NULL);
		resp.len = 0;
	}
	if (status != 204 && status != 404) {
		docker_engine_msg(&resp, msg, sizeof(msg));
		err_set(e, ERR_INTERNAL, "remove %s: engine answered %ld",
		    container, status);
		err_detail(e, "remove %s: engine answered %ld: %s", container,
		    status, msg);
		goto out;
	}
	ret = 0;
out:
	buf_free(&resp);
	return ret;
}
