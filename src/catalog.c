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

/*
 * The engine's words in a note: what the rest of the note leaves
 * (a language's name, an image's, a status code and the text around).
 */
#define CATALOG_ENGINE_MSG	(CATALOG_NOTE_MAX - CONFIG_NAME_MAX - \
				    CONFIG_IMAGE_MAX - 64)

static int	catalog_image(struct docker *, struct catalog_entry *,
		    int64_t, struct err *);
static int	catalog_fill(struct catalog *, const struct config *,
		    const struct language *, struct err *);

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
	char			 path[CONFIG_IMAGE_MAX + 32];
	char			 msg[CATALOG_ENGINE_MSG];
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

/*
 * Fill cat with the language only, or with every configured language
 * when only is NULL, each with its image's version.
 */
static int
catalog_fill(struct catalog *cat, const struct config *cfg,
    const struct language *only, struct err *e)
{
	struct docker	d;
	int64_t		deadline = deadline_in(CATALOG_API_MS);
	size_t		i, n = only != NULL ? 1 : cfg->nlanguages;
	int		ret = -1;

	memset(cat, 0, sizeof(*cat));
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		goto out;
	for (i = 0; i < n && i < CONFIG_MAX_LANGUAGES; i++) {
		cat->entries[i].language = only != NULL ? only :
		    &cfg->languages[i];
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

int
catalog_read(struct catalog *cat, const struct config *cfg, struct err *e)
{
	return catalog_fill(cat, cfg, NULL, e);
}

int
catalog_read_one(struct catalog *cat, const struct config *cfg,
    const struct language *l, struct err *e)
{
	return catalog_fill(cat, cfg, l, e);
}
