/*
 * catalog.c: the languages a listing offers and their images' versions,
 * asked of the engine (GET /images/NAME/json, Config.Labels).
 */
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "buf.h"
#include "catalog.h"
#include "deadline.h"
#include "docker.h"

static int	catalog_image(struct docker *, struct catalog_entry *,
		    int64_t, struct err *);

/*
 * One language's image: its version label into ent->version, or a note
 * why there is none that the log should see.  -1 only when the engine
 * could not be asked.
 */
static int
catalog_image(struct docker *d, struct catalog_entry *ent, int64_t deadline,
    struct err *e)
{
	const struct language	*l = ent->language;
	struct buf		 resp = { 0 };
	cJSON			*root = NULL, *v;
	char			 path[CONFIG_IMAGE_MAX + 32], msg[256];
	long			 status;
	int			 ret = -1;

	/* IMAGE_CHARS: a name needs no escaping in the path. */
	(void)snprintf(path, sizeof(path), "/images/%s/json", l->image);
	if (docker_call(d, "GET", path, NULL, deadline, &status, &resp,
	    e) == -1)
		goto out;
	ret = 0;
	if (status == 404) {
		(void)snprintf(ent->note, sizeof(ent->note), "language %s: "
		    "image %s is not on this host (hint: make images)",
		    l->name, l->image);
		goto out;
	}
	if (status != 200) {
		docker_engine_msg(&resp, msg, sizeof(msg));
		(void)snprintf(ent->note, sizeof(ent->note), "language %s: "
		    "inspect image %s: engine answered %ld: %s", l->name,
		    l->image, status, msg);
		goto out;
	}
	root = cJSON_ParseWithLength(resp.data, resp.len);
	v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "Config"), "Labels"),
	    CATALOG_VERSION_LABEL);
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		goto out;
	if (strlcpy(ent->version, v->valuestring, sizeof(ent->version)) >=
	    sizeof(ent->version)) {
		ent->version[0] = '\0';
		(void)snprintf(ent->note, sizeof(ent->note), "language %s: "
		    "image %s: label %s longer than %d bytes", l->name,
		    l->image, CATALOG_VERSION_LABEL, CATALOG_VERSION_MAX - 1);
	}
out:
	cJSON_Delete(root);
	buf_free(&resp);
	return ret;
}

int
catalog_read(struct catalog *cat, const struct config *cfg, struct err *e)
{
	struct docker	d;
	int64_t		deadline = deadline_in(CATALOG_API_MS);
	size_t		i;
	int		ret = -1;

	memset(cat, 0, sizeof(*cat));
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		goto out;
	for (i = 0; i < cfg->nlanguages && i < CONFIG_MAX_LANGUAGES; i++) {
		cat->entries[i].language = &cfg->languages[i];
		cat->n++;
		if (catalog_image(&d, &cat->entries[i], deadline, e) == -1)
			goto out;
	}
	ret = 0;
out:
	cat->ncalls = d.ncalls;
	docker_close(&d);
	return ret;
}
