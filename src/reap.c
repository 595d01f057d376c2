/* reap.c: removing containers that runbox processes left behind. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "deadline.h"
#include "docker.h"
#include "reap.h"

#define REAP_API_MS		10000
/* GET /containers/json?all=1&filters={"label":["runbox"]} */
#define REAP_LIST_PATH	"/containers/json?all=1&filters=" \
			"%7B%22label%22%3A%5B%22" REAP_LABEL "%22%5D%7D"

/* The runbox label's deadline, or -1 when absent or not a number. */
static long long
reap_deadline(const cJSON *labels)
{
	const cJSON	*l;
	const char	*errstr;
	long long	 v;

	l = cJSON_GetObjectItemCaseSensitive(labels, REAP_LABEL);
	if (!cJSON_IsString(l))
		return -1;
	v = strtonum(l->valuestring, 0, LLONG_MAX, &errstr);
	return errstr == NULL ? v : -1;
}

int
reap_one(struct docker *d, const char *container, struct reap_count *n)
{
	struct err	ignored;

	if (docker_remove(d, container, deadline_in(REAP_API_MS),
	    &ignored) == 0) {
		n->removed++;
		return 0;
	}
	n->failed++;
	return -1;
}

int
reap_expired(const struct config *cfg, time_t now, struct reap_count *n,
    struct err *e)
{
	struct docker	 d;
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *c, *id;
	long long	 dl;
	long		 status;
	int		 ret = -1;

	memset(n, 0, sizeof(*n));
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		return -1;
	if (docker_call(&d, "GET", REAP_LIST_PATH, NULL,
	    deadline_in(REAP_API_MS), &status, &resp, e) == -1)
		goto out;
	if (status != 200 ||
	    (root = cJSON_ParseWithLength(resp.data, resp.len)) == NULL ||
	    !cJSON_IsArray(root)) {
		err_set(e, ERR_UNAVAILABLE, "container engine unavailable");
		err_detail(e, "engine answered %ld to the container list",
		    status);
		goto out;
	}
	cJSON_ArrayForEach(c, root) {
		id = cJSON_GetObjectItemCaseSensitive(c, "Id");
		dl = reap_deadline(cJSON_GetObjectItemCaseSensitive(c,
		    "Labels"));
		if (!cJSON_IsString(id) || dl < 0)
			continue;
		n->seen++;
		if (dl >= (long long)now ||
		    strspn(id->valuestring, "0123456789abcdef") !=
		    strlen(id->valuestring))
			continue;
		(void)reap_one(&d, id->valuestring, n);
	}
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	docker_close(&d);
	return ret;
}

int
reap_named(const struct config *cfg, const char *name, int *removed,
    struct err *e)
{
	struct docker	 d;
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *labels;
	char		 path[160];
	long		 status;
	int		 ret = -1;

	*removed = 0;
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		return -1;
	snprintf(path, sizeof(path), "/containers/%s/json", name);
	if (docker_call(&d, "GET", path, NULL, deadline_in(REAP_API_MS),
	    &status, &resp, e) == -1)
		goto out;
	if (status == 404) {
		ret = 0;	/* the process removed it itself */
		goto out;
	}
	root = cJSON_ParseWithLength(resp.data, resp.len);
	if (status != 200 || root == NULL) {
		err_set(e, ERR_UNAVAILABLE, "container engine unavailable");
		err_detail(e, "engine answered %ld to inspect %s", status,
		    name);
		goto out;
	}
	/* Never a container that is not runbox's, whatever its name. */
	labels = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "Config"), "Labels");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(labels,
	    REAP_LABEL))) {
		err_set(e, ERR_INTERNAL, "%s is not a runbox container", name);
		goto out;
	}
	if (docker_remove(&d, name, deadline_in(REAP_API_MS), e) == -1)
		goto out;
	*removed = 1;
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	docker_close(&d);
	return ret;
}
