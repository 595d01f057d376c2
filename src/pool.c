/*
 * pool.c: pre-started single-use containers.  The Engine API side of the
 * pool: claim (through pooltab.c) and check a started container before a
 * run, top the pool up after the reply, remove what nobody will use.
 * The container policy is sandbox_body's, the same as for a container
 * created on the request's path.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "container.h"
#include "deadline.h"
#include "pool.h"
#include "sandbox.h"

#define POOL_NS_PER_MS	1000000LL
#define POOL_NS_PER_S	1000000000LL
#define POOL_CLAIM_TRIES 2	/* pool containers tried before creating */
#define POOL_SWEEP_ROUNDS 64	/* of POOLTAB_STALE_MAX each, in --reap */
#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

_Static_assert(POOLTAB_WANTS_MAX >= CONFIG_MAX_LANGUAGES,
    "one want per language");

static int	pool_refused(struct err *, long, const struct buf *,
		    const char *, const char *);
static int	pool_image_id(struct docker *, const char *, char *, size_t,
		    struct err *);
static int	pool_check(struct docker *, const char *, const char *,
		    const char *, char *, size_t, struct err *);
static int	pool_memory(const struct language *);
static int	pool_start(struct docker *, const struct config *,
		    const struct language *, const char *, struct err *);
static void	pool_remove(struct pool *, struct state *, const char *);
static int	pool_reap_one(struct pool *, struct state *, const char *,
		    struct reap_count *);
static void	pool_drop(struct pool *, struct state *);
static void	pool_fill(struct pool *, struct state *,
		    const struct config *);
static int64_t	pool_need_ns(int);
static void	pool_orphan(void *, const struct container_entry *);
static int	pool_orphans(struct pool *, struct state *,
		    const struct config *, struct reap_count *, struct err *);
static size_t	pool_wants(const struct config *, struct pooltab_want *);

void
pool_note(struct pool_notes *pn, const struct err *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	if (pn->n >= POOL_NOTES_MAX) {
		pn->dropped++;
		return;
	}
	line = pn->line[pn->n++];
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(pn->line[0]), fmt, ap);
	va_end(ap);
	(void)strlcat(line, ": ", sizeof(pn->line[0]));
	(void)strlcat(line, e->detail[0] != '\0' ? e->detail : e->msg,
	    sizeof(pn->line[0]));
}

/*
 * The engine answered what (on container or image name) with status:
 * e gets the status and the engine's own message.
 */
static int
pool_refused(struct err *e, long status, const struct buf *resp,
    const char *what, const char *name)
{
	char	msg[256];

	docker_engine_msg(resp, msg, sizeof(msg));
	err_set(e, ERR_UNAVAILABLE, "container engine refused");
	return err_detail(e, "%s %s: engine answered %ld: %s", what, name,
	    status, msg);
}

/*
 * The memory limit (MB) a pool container of lang starts with: what a
 * request with the defaults starts with (sandbox_first_memory).
 */
static int
pool_memory(const struct language *lang)
{
	return sandbox_first_memory(lang, lang->memory_mb.def,
	    lang->compile_memory_mb.def);
}

uint64_t
pool_config_hash(const struct config *cfg, const struct language *lang)
{
	const unsigned char	*c;
	uint64_t		 h = FNV_OFFSET;
	char			*body;

	/* Without labels (deadline 0, no owner or pool): the policy only. */
	if ((body = sandbox_body(cfg, lang, pool_memory(lang), 0, NULL,
	    NULL)) ==
	    NULL)
		return 0;
	for (c = (const unsigned char *)body; *c != '\0'; c++) {
		h ^= *c;
		h *= FNV_PRIME;
	}
	free(body);
	return h;
}

/* The longest a run of any configured language may take (ms). */
static int
pool_longest_ms(const struct config *cfg)
{
	const struct language	*l;
	size_t			 i;
	int			 ms, longest = 0;

	for (i = 0; i < cfg->nlanguages; i++) {
		l = &cfg->languages[i];
		ms = sandbox_stages_ms(l, l->timeout_ms.max,
		    l->compile_timeout_ms.max, 1);
		if (ms > longest)
			longest = ms;
	}
	return longest;
}

/* How long a claimed container may still need: the run and its end. */
static int64_t
pool_need_ns(int timeout_ms)
{
	return ((int64_t)timeout_ms + 2LL * SANDBOX_GRACE_MS + POOL_SLACK_MS) *
	    POOL_NS_PER_MS;
}

/* One want per configured language (image left open). */
static size_t
pool_wants(const struct config *cfg, struct pooltab_want *w)
{
	size_t	i;

	for (i = 0; i < cfg->nlanguages && i < POOLTAB_WANTS_MAX; i++) {
		w[i].language = cfg->languages[i].name;
		w[i].config = pool_config_hash(cfg, &cfg->languages[i]);
		w[i].image = NULL;
	}
	return i;
}

/* The id ("sha256:...") the image name stands for now. */
static int
pool_image_id(struct docker *d, const char *image, char *out, size_t len,
    struct err *e)
{
	struct buf	 resp = { 0 };
	cJSON		*root = NULL, *id;
	char		 path[CONFIG_IMAGE_MAX + 32];
	long		 status;
	int		 ret = -1;

	if ((size_t)snprintf(path, sizeof(path), "/images/%s/json", image) >=
	    sizeof(path))
		return err_set(e, ERR_INTERNAL, "image name %s too long", image);
	if (docker_call(d, "GET", path, NULL, deadline_in(SANDBOX_API_MS),
	    &status, &resp, e) == -1)
		goto out;
	if (status != 200) {
		pool_refused(e, status, &resp, "inspect image", image);
		goto out;
	}
	root = cJSON_ParseWithLength(resp.data, resp.len);
	id = cJSON_GetObjectItemCaseSensitive(root, "Id");
	if (!cJSON_IsString(id) || strlcpy(out, id->valuestring, len) >= len) {
		err_set(e, ERR_INTERNAL, "inspect image %s: no usable Id in "
		    "the answer", image);
		goto out;
	}
	ret = 0;
out:
	cJSON_Delete(root);
	buf_free(&resp);
	return ret;
}

/*
 * Is the pool container name running, made from image, for language?
 * Its full id goes into id; -1 with e saying what is wrong with it.
 */
static int
pool_check(struct docker *d, const char *name, const char *image,
    const char *language, char *id, size_t len, struct err *e)
{
	struct container_info	info;

	id[0] = '\0';
	if (container_inspect(d, name, SANDBOX_POOL_LABEL,
	    deadline_in(SANDBOX_API_MS), &info, e) != 0)
		return -1;
	if (!info.running || info.paused || strcmp(info.image, image) != 0 ||
	    !info.has_label || strcmp(info.label, language) != 0 ||
	    info.id[0] == '\0' || strlcpy(id, info.id, len) >= len) {
		id[0] = '\0';
		return err_set(e, ERR_INTERNAL, "%s is not a running, unpaused "
		    "container of %s from its image", name, language);
	}
	return 0;
}

const char *
pool_take(struct pool *p, struct state *st, const struct config *cfg,
    const struct request *req)
{
	struct pooltab_want	 w;
	struct err		 e;
	char			 image[STATE_POOL_IMAGE_MAX];
	char			 name[STATE_POOL_NAME_MAX];
	int			 i, r, refused, first;

	p->id[0] = '\0';
	if (cfg->pool_size == 0)
		return NULL;
	p->tried = 1;
	pooltab_owner_self(&p->owner);
	if (docker_open(&p->docker, cfg->docker_socket, &e) == -1) {
		pool_note(&p->notes, &e, "take a %s container",
		    req->language->name);
		return NULL;
	}
	if (pool_image_id(&p->docker, req->language->image, image,
	    sizeof(image), &e) == -1) {
		pool_note(&p->notes, &e, "take a %s container",
		    req->language->name);
		return NULL;
	}
	/* The limit the claimed container must start the request with. */
	first = sandbox_first_memory(req->language, req->memory_mb,
	    req->compile_memory_mb);
	w.language = req->language->name;
	w.config = pool_config_hash(cfg, req->language);
	w.image = image;
	for (i = 0; i < POOL_CLAIM_TRIES; i++) {
		r = pooltab_claim(st, &w, state_now(),
		    pool_need_ns(sandbox_stages_ms(req->language,
		    req->timeout_ms, req->compile_timeout_ms, req->ntests)),
		    &p->owner,
		    name, &p->stale, &e);
		if (r == -1)
			pool_note(&p->notes, &e, "claim a %s container",
			    w.language);
		if (r != 1)
			return NULL;
		/* It was made with the default first limit (pool_start). */
		if (pool_check(&p->docker, name, image, w.language, p->id,
		    sizeof(p->id), &e) == 0 &&
		    (first == pool_memory(req->language) ||
		    container_update_memory(&p->docker, p->id, first,
		    deadline_in(SANDBOX_API_MS), &refused, &e) == 0)) {
			(void)strlcpy(p->claimed, name, sizeof(p->claimed));
			p->hit = 1;
			return p->id;
		}
		/*
		 * Gone, stopped or not what it should be: remove it later (or,
		 * with the list full, a sweep does once we have ended).
		 */
		pool_note(&p->notes, &e, "claimed %s not used", name);
		p->id[0] = '\0';
		(void)pooltab_stale_add(&p->stale, name);
	}
	return NULL;
}

/* Create and start the pool container name; it waits for its program. */
static int
pool_start(struct docker *d, const struct config *cfg,
    const struct language *lang, const char *name, struct err *e)
{
	char	*body, id[CONTAINER_ID_MAX];
	int	 ret = -1;

	/* No owner label: it outlives us; the table names who claims it. */
	body = sandbox_body(cfg, lang, pool_memory(lang),
	    (long long)time(NULL) + cfg->pool_max_age_s +
	    SANDBOX_REAP_MARGIN_S, NULL, lang->name);
	if (body == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	/* By name: the table knows it by its name, not by its id. */
	if (container_create(d, name, lang->image, body,
	    deadline_in(SANDBOX_API_MS), id, sizeof(id), e) == -1 ||
	    container_start(d, name, deadline_in(SANDBOX_API_MS), e) == -1)
		goto out;
	ret = 0;
out:
	free(body);
	return ret;
}

/*
 * Remove the container of our slot name, and free the slot once it is
 * gone; a failed removal leaves the slot ours, for a later sweep.
 */
static void
pool_remove(struct pool *p, struct state *st, const char *name)
{
	struct err	e;

	if (container_remove(&p->docker, name, deadline_in(SANDBOX_REMOVE_MS),
	    &e) == -1)
		pool_note(&p->notes, &e, "%s left for a sweep", name);
	else if (pooltab_release(st, name, &p->owner, &e) == -1)
		pool_note(&p->notes, &e, "%s removed, its slot left for a "
		    "sweep", name);
}

/* Remove the containers taken over. */
static void
pool_drop(struct pool *p, struct state *st)
{
	size_t	i;

	for (i = 0; i < p->stale.n; i++)
		pool_remove(p, st, p->stale.name[i]);
	p->stale.n = 0;
}

/* Sweep, then start containers until each language has pool_size. */
static void
pool_fill(struct pool *p, struct state *st, const struct config *cfg)
{
	struct pooltab_want	 w[POOLTAB_WANTS_MAX];
	struct err		 e;
	char			 image[STATE_POOL_IMAGE_MAX];
	char			 name[STATE_POOL_NAME_MAX];
	size_t			 i, n = pool_wants(cfg, w);
	int64_t			 age = (int64_t)cfg->pool_max_age_s *
				    POOL_NS_PER_S;
	int			 r;

	if (pooltab_sweep(st, w, n, cfg->pool_size, state_now(),
	    pool_need_ns(pool_longest_ms(cfg)), NULL, &p->owner, &p->stale,
	    &e) == -1) {
		pool_note(&p->notes, &e, "sweep");
		return;
	}
	pool_drop(p, st);
	for (i = 0; i < n; i++) {
		image[0] = '\0';
		while (!sandbox_stop) {
			r = pooltab_reserve(st, &w[i], cfg->pool_size,
			    state_now() + age, &p->owner, name, &e);
			if (r == -1)
				pool_note(&p->notes, &e, "reserve a %s slot",
				    w[i].language);
			if (r != 1)
				break;
			if ((image[0] == '\0' && pool_image_id(&p->docker,
			    cfg->languages[i].image, image, sizeof(image),
			    &e) == -1) ||
			    pool_start(&p->docker, cfg, &cfg->languages[i],
			    name, &e) == -1 ||
			    pooltab_ready(st, name, image, &p->owner,
			    &e) == -1) {
				pool_note(&p->notes, &e, "start %s (%s)", name,
				    w[i].language);
				/* Whatever was made of it goes. */
				pool_remove(p, st, name);
				break;
			}
		}
	}
}

void
pool_finish(struct pool *p, struct state *st, const struct config *cfg,
    int removed, int fill)
{
	struct err	e;

	if (!p->tried && (!fill || cfg->pool_size == 0))
		goto out;
	if (p->owner.pid == 0)
		pooltab_owner_self(&p->owner);
	if (p->claimed[0] != '\0' && removed &&
	    pooltab_release(st, p->claimed, &p->owner, &e) == -1)
		pool_note(&p->notes, &e, "%s removed, its slot left for a "
		    "sweep", p->claimed);
	p->claimed[0] = '\0';
	if (p->docker.curl == NULL &&
	    docker_open(&p->docker, cfg->docker_socket, &e) == -1) {
		pool_note(&p->notes, &e, "top up");
		goto out;
	}
	pool_drop(p, st);
	if (fill && cfg->pool_size > 0 && !sandbox_stop)
		pool_fill(p, st, cfg);
out:
	docker_close(&p->docker);
}

/* One pass of pool_orphans over the engine's list. */
struct pool_orphan_pass {
	struct pool		*p;
	struct state		*st;
	struct reap_count	*n;
};

/* Remove the listed pool container c when the table does not list it. */
static void
pool_orphan(void *arg, const struct container_entry *c)
{
	struct pool_orphan_pass	*op = arg;
	struct err		 le;
	int			 known;

	if (c->name == NULL ||
	    strncmp(c->name, POOLTAB_PREFIX, strlen(POOLTAB_PREFIX)) != 0)
		return;
	if (pooltab_known(op->st, c->name, &known, &le) == -1) {
		pool_note(&op->p->notes, &le, "%s not looked up", c->name);
		return;
	}
	if (known)
		return;
	op->n->seen++;
	(void)pool_reap_one(op->p, NULL, c->name, op->n);
}

/*
 * Pool containers of this state file that its table does not list: made
 * by a process killed after it gave up the slot but before the engine
 * finished the create, or listed by a table since rebuilt.  A name is
 * in the table from before its create until after its removal.
 */
static int
pool_orphans(struct pool *p, struct state *st, const struct config *cfg,
    struct reap_count *n, struct err *e)
{
	struct pool_orphan_pass	 op = { p, st, n };
	char			 label[CONFIG_PATH_MAX + 64];

	snprintf(label, sizeof(label), "%s=%s", SANDBOX_TABLE_LABEL,
	    cfg->state_file);
	return container_list(&p->docker, label, deadline_in(SANDBOX_API_MS),
	    pool_orphan, &op, e);
}

/*
 * --reap: remove the container name, count it into n, note why when it
 * could not be removed; with st, free its slot once it is gone.
 */
static int
pool_reap_one(struct pool *p, struct state *st, const char *name,
    struct reap_count *n)
{
	struct err	e;

	if (container_remove(&p->docker, name, deadline_in(SANDBOX_REMOVE_MS),
	    &e) == -1) {
		n->failed++;
		pool_note(&p->notes, &e, "reap %s", name);
		return -1;
	}
	n->removed++;
	if (st != NULL && pooltab_release(st, name, &p->owner, &e) == -1)
		pool_note(&p->notes, &e, "%s removed, its slot left for a "
		    "sweep", name);
	return 0;
}

int
pool_reap(const struct config *cfg, const char *invocation,
    struct reap_count *n, struct pool_notes *notes, struct err *e)
{
	struct state		st;
	struct pool		p;
	struct pooltab_want	w[POOLTAB_WANTS_MAX];
	size_t			nw = 0, i, round;
	int			ret = -1;

	memset(n, 0, sizeof(*n));
	memset(notes, 0, sizeof(*notes));
	memset(&p, 0, sizeof(p));
	/* No state file yet: no pool container was ever made from it. */
	if (access(cfg->state_file, F_OK) == -1 && errno == ENOENT)
		return 0;
	if (state_open(&st, cfg->state_file, e) == -1)
		return -1;
	pooltab_owner_self(&p.owner);
	if (invocation == NULL && cfg->pool_size > 0)
		nw = pool_wants(cfg, w);
	if (docker_open(&p.docker, cfg->docker_socket, e) == -1)
		goto out;
	for (round = 0; round < POOL_SWEEP_ROUNDS; round++) {
		if (pooltab_sweep(&st, w, nw, cfg->pool_size, state_now(),
		    pool_need_ns(pool_longest_ms(cfg)), invocation, &p.owner,
		    &p.stale, e) == -1)
			goto out;
		if (p.stale.n == 0)
			break;
		n->seen += (unsigned int)p.stale.n;
		for (i = 0; i < p.stale.n; i++)
			(void)pool_reap_one(&p, &st, p.stale.name[i], n);
		if (p.stale.n < POOLTAB_STALE_MAX || n->failed > 0)
			break;
		p.stale.n = 0;
	}
	if (invocation == NULL && pool_orphans(&p, &st, cfg, n, e) == -1)
		goto out;
	ret = 0;
out:
	*notes = p.notes;
	docker_close(&p.docker);
	state_close(&st);
	return ret;
}
