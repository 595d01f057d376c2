/*
 * runbox: serve one connection on stdin/stdout.  Read one request (a
 * netstring, or an HTTP/1.1 request: its first bytes tell), admit it,
 * run it in a fresh container, write one reply in the same form, remove
 * the container, exit.  This file is wiring only.
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admit.h"
#include "api.h"
#include "buf.h"
#include "catalog.h"
#include "client.h"
#include "config.h"
#include "deadline.h"
#include "doctor.h"
#include "err.h"
#include "frame.h"
#include "http.h"
#include "keys.h"
#include "log.h"
#include "piston.h"
#include "playground.h"
#include "pool.h"
#include "reap.h"
#include "request.h"
#include "result.h"
#include "sandbox.h"
#include "state.h"

#define RUNBOX_VERSION	"0.2.0"
#define IN_FD		0
#define OUT_FD		1
#define DRAIN_MS	1000	/* reading what a client sends after the reply */
#define OUTCOME_LIST	"list"	/* a listing's outcome in the log */
#define OUTCOME_HEALTH	"health"	/* GET /health's */
#define OUTCOME_PAGE	"page"		/* a playground file's */
#define SNIFF_MAX	3	/* bytes read to tell HTTP from a netstring */
#define RETRY_HDR_MAX	32	/* "Retry-After: N" */

enum mode { MODE_SERVE, MODE_CHECK_CONFIG, MODE_REAP, MODE_DOCTOR, MODE_VERSION };

/* Everything one connection holds, released in conn_end. */
struct conn {
	const struct config	*cfg;
	const struct keys	*keys;
	struct client		 client;
	struct state		 state;
	struct admit_slot	 slot;
	struct request		 req;
	struct sandbox		 sb;
	struct pool		 pool;
	struct result		 res;
	struct catalog		 cat;	/* a listing's */
	const char		*keyname;
	struct err		 e;
	/* An HTTP request's (docs/http.md): */
	int			 is_http;
	struct http_request	 http;
	enum api_route		 route;
	const char		*allow;	/* API_METHOD's Allow value */
	char			 language[API_LANGUAGE_MAX];
	int			 status;	/* a refusal's code, else 0 */
	int			 health;	/* GET /health's code */
	struct buf		 health_body;
	struct piston		 piston;	/* POST /api/v2/execute's */
	const struct playground_asset *asset;	/* API_PLAYGROUND's file */
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: runbox [--config FILE] [--client NAME]\n"
	    "       runbox --check-config [--config FILE]\n"
	    "       runbox --reap [--config FILE] [--invocation]\n"
	    "       runbox --doctor [--config FILE]\n"
	    "       runbox --version\n");
	exit(2);
}

static void
on_signal(int sig)
{
	(void)sig;
	sandbox_stop = 1;
}

static void
signals_init(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* No SA_RESTART: poll(2) returns so the run can stop and clean up. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * The reply is out: the client sees EOF at once, while the cleanup goes
 * on.  stdin stays open for conn_close.
 */
static void
hangup(void)
{
	(void)shutdown(OUT_FD, SHUT_WR);
}

/*
 * Close the connection for good, having read what the client may still
 * send (so that the kernel does not answer it with a reset that could
 * destroy the reply), and leave /dev/null in place of stdin and stdout.
 */
static void
conn_close(const struct config *cfg)
{
	int	fd;

	frame_drain(IN_FD, deadline_in(DRAIN_MS), cfg->max_request_bytes);
	if ((fd = open("/dev/null", O_RDWR)) == -1) {
		(void)close(IN_FD);
		(void)close(OUT_FD);
		return;
	}
	(void)dup2(fd, IN_FD);
	(void)dup2(fd, OUT_FD);
	if (fd > OUT_FD)
		(void)close(fd);
}

/*
 * The HTTP response to what reply() made of c: the status code, the
 * headers a refusal needs (Retry-After, Allow), the JSON body b.
 */
static int
reply_http(const struct conn *c, int served, const struct buf *b,
    int status)
{
	const char	*extra[3] = { NULL, NULL, NULL };
	char		 retry[RETRY_HDR_MAX], allow[RETRY_HDR_MAX];
	size_t		 n = 0;

	if (!served && (c->e.code == ERR_RATE_LIMITED ||
	    c->e.code == ERR_BUSY)) {
		/* Whole seconds, rounded up (RFC 9110, section 10.2.3). */
		snprintf(retry, sizeof(retry), "Retry-After: %ld",
		    c->e.code == ERR_RATE_LIMITED ?
		    (c->e.retry_after_ms + 999) / 1000 : 1L);
		extra[n++] = retry;
	}
	if (!served && status == 405 && c->allow != NULL) {
		snprintf(allow, sizeof(allow), "Allow: %s", c->allow);
		extra[n++] = allow;
	}
	return http_write(OUT_FD, status, "application/json", extra,
	    b->data, b->len, 0, deadline_in(c->cfg->read_timeout_ms));
}

/*
 * Write the reply, c->e when !served, else the listing, the health
 * check or the result: a netstring, or an HTTP response to an HTTP
 * request (a seed route's in its shape); 0 when the client got it.
 */
static int
reply(const struct conn *c, int served)
{
	struct buf	b = { 0 };
	int		r, ret = -1, status = 200;
	const char	*page_hdrs[] = { playground_csp,
	    "Referrer-Policy: no-referrer", NULL };

	if (served && c->is_http && c->route == API_PLAYGROUND)
		return http_write(OUT_FD, 200, c->asset->content_type,
		    page_hdrs, c->asset->body, c->asset->len, 0,
		    deadline_in(c->cfg->read_timeout_ms));
	if (!served && c->is_http) {
		status = c->status != 0 ? c->status : api_status(c->e.code);
		r = api_error_json(c->route, &c->e, status, &b);
	} else if (!served)
		r = result_error_json(&c->e, &b);
	else if (c->is_http && c->route == API_HEALTH) {
		status = c->health;
		r = buf_append(&b, c->health_body.data, c->health_body.len);
	} else if (c->is_http && c->route == API_PISTON_RUNTIMES)
		r = piston_runtimes_json(&c->cat, c->cfg, &b);
	else if (c->req.kind == REQUEST_LIST_LANGUAGES)
		r = result_list_json(&c->cat, c->cfg, &b);
	else if (c->is_http && api_is_seed(c->route))
		r = api_seed_json(c->route, &c->res, &b, &status);
	else if (c->is_http && c->route == API_PISTON_EXECUTE)
		r = piston_json(&c->piston, &c->res, &b);
	else
		r = result_json(&c->res, &b);
	if (r == 0 && c->is_http)
		ret = reply_http(c, served, &b, status);
	else if (r == 0)
		ret = frame_write(OUT_FD, b.data, b.len,
		    deadline_in(c->cfg->read_timeout_ms));
	buf_free(&b);
	return ret;
}

/* The pool's failures, one line each, then none are left to log. */
static void
log_pool(struct pool_notes *pn)
{
	size_t	i;

	for (i = 0; i < pn->n; i++)
		log_msg("pool: %s", pn->line[i]);
	if (pn->dropped > 0)
		log_msg("pool: %u more failures not logged", pn->dropped);
	pn->n = 0;
	pn->dropped = 0;
}

/* What a listing found wrong with the images, one line each. */
static void
log_catalog(const struct catalog *cat)
{
	size_t	i;

	for (i = 0; i < cat->n; i++)
		if (cat->entries[i].note[0] != '\0')
			log_msg("list: %s", cat->entries[i].note);
}

/* The shared state file: note a rebuild of an existing file in the log. */
static void
note_rebuild(struct conn *c)
{
	if (c->state.rebuilt[0] != '\0' &&
	    strcmp(c->state.rebuilt, "new file") != 0)
		log_msg("state file %s rebuilt: %s", c->cfg->state_file,
		    c->state.rebuilt);
	c->state.rebuilt[0] = '\0';
}

/*
 * What the first bytes say (docs/http.md): a netstring starts with a
 * digit, an HTTP request with its method's capital letters, a PROXY
 * header ("PROXY ", from a peer that is not a trusted_proxy) with "PRO"
 * (not "PRI", HTTP/2's preface).
 * Sets c->is_http (never when cfg->http is no); what was read is in
 * first (*nfirst bytes, at most SNIFF_MAX), for the reader that follows.
 * A failed read is left for that reader to meet and report.
 */
static void
sniff(struct conn *c, int64_t deadline, char *first, size_t *nfirst)
{
	enum err_code	code;

	*nfirst = 0;
	if (!c->cfg->http ||
	    frame_readsome(IN_FD, first, 1, deadline, &code) != 1)
		return;
	*nfirst = 1;
	if (first[0] < 'A' || first[0] > 'Z')
		return;
	/* "PROXY" against "POST" and "PRI" (HTTP/2's preface). */
	while (*nfirst < SNIFF_MAX && strncmp(first, "PRO", *nfirst) == 0) {
		if (frame_readsome(IN_FD, first + *nfirst, 1, deadline,
		    &code) != 1)
			return;
		(*nfirst)++;
	}
	if (strncmp(first, "PRO", *nfirst) == 0)
		return;
	c->is_http = 1;
}

/*
 * Piston's execute (docs/http.md): the version its language is served
 * as, from its image's label (one image lookup), against the one the
 * request asked for.  Returns as serve().
 */
static int
piston_runtime(struct conn *c)
{
	if (catalog_read_one(&c->cat, c->cfg, c->req.language, &c->e) == -1)
		return -1;
	return piston_check_version(&c->piston, c->cat.entries[0].version,
	    &c->e);
}

/* The allow-list: -1 with c->e (forbidden) when the client is not on it. */
static int
allow_check(struct conn *c)
{
	if (c->client.has_addr && !cidr_match_any(c->cfg->allow,
	    c->cfg->nallow, &c->client.addr))
		return err_set(&c->e, ERR_FORBIDDEN, "%s is not allowed here",
		    c->client.name);
	return 0;
}

/*
 * Admit and run one request whose payload is in hand, in the order
 * allow-list, rate, request, key, (Piston's version), caps, run; a
 * listing stops after the key, takes no slot and starts no container.
 * hkey (hkey_len bytes, NULL: none) is the key an HTTP request's headers
 * carry, used when the payload has none.  Returns as serve().
 */
static int
admit_run(struct conn *c, const char *payload, size_t len, const char *hkey,
    size_t hkey_len)
{
	const struct config	*cfg = c->cfg;
	struct err		*e = &c->e;
	const char		*pooled;
	int			 ret;

	if (allow_check(c) == -1)
		return -1;
	if (state_open(&c->state, cfg->state_file, e) == -1)
		return -1;
	ret = admit_rate(&c->state, c->client.unit, cfg->rate_count,
	    cfg->rate_period_s, state_now(), e);
	note_rebuild(c);
	if (ret == -1) {
		/* The client's name, not the limits' unit, in the message. */
		if (e->code == ERR_RATE_LIMITED)
			snprintf(e->msg, sizeof(e->msg),
			    "too many requests from %s", c->client.name);
		return -1;
	}
	if (request_parse(&c->req, payload, len, cfg, e) == -1)
		return -1;
	if (c->req.key == NULL && hkey != NULL) {
		if ((c->req.key = strndup(hkey, hkey_len)) == NULL)
			return err_set(e, ERR_INTERNAL, "out of memory");
		c->req.key_len = hkey_len;
	}
	if (!c->client.named && c->keys->n > 0 && (c->req.key == NULL ||
	    (c->keyname = keys_check(c->keys, c->req.key, c->req.key_len)) ==
	    NULL))
		return err_set(e, ERR_UNAUTHORIZED, "missing or wrong key");
	if (c->req.kind == REQUEST_LIST_LANGUAGES)
		return catalog_read(&c->cat, cfg, e);
	if (c->is_http && c->route == API_PISTON_EXECUTE &&
	    piston_runtime(c) == -1)
		return -1;
	if (admit_claim(&c->state, c->client.unit, cfg->max_per_client,
	    cfg->max_running, getpid(), state_proc_start(getpid()), &c->slot,
	    e) == -1) {
		note_rebuild(c);
		return -1;
	}
	if ((pooled = pool_take(&c->pool, &c->state, cfg, &c->req)) != NULL)
		sandbox_use(&c->sb, pooled);
	return sandbox_run(&c->sb, cfg, &c->req, &c->res, e);
}

/*
 * One HTTP request (docs/http.md): read it, find its route, and answer
 * GET /health at once (after the allow-list: no rate, no key, no
 * container); the others are runbox requests admitted and run as a
 * netstring's.  Returns as serve().
 */
static int
serve_http(struct conn *c, const char *first, size_t nfirst,
    int64_t deadline)
{
	static const char	 listing[] = "{\"list\":\"languages\"}";
	const struct config	*cfg = c->cfg;
	struct err		*e = &c->e;
	const char		*hkey, *path;
	char			*seed = NULL;
	size_t			 hkey_len = 0, seed_len = 0, plen;
	int			 ret;

	if (http_read(IN_FD, OUT_FD, first, nfirst, cfg->max_header_bytes,
	    cfg->max_request_bytes, deadline, &c->http, &c->status, e) == -1)
		return -1;
	c->route = api_route(&c->http, cfg->http_playground, &c->allow,
	    c->language);
	if (c->route == API_NOT_FOUND || c->route == API_METHOD) {
		c->status = c->route == API_NOT_FOUND ? 404 : 405;
		return err_set(e, ERR_BAD_REQUEST, c->route == API_NOT_FOUND ?
		    "no such route (docs/http.md lists them)" :
		    "method %s not allowed here (Allow: %s)", c->http.method,
		    c->allow);
	}
	hkey = api_header_key(&c->http, &hkey_len);
	switch (c->route) {
	case API_PLAYGROUND:
		if (allow_check(c) == -1)
			return -1;
		path = api_path(&c->http, &plen);
		c->asset = playground_find(path, plen);
		if (c->asset == NULL)
			return err_set(e, ERR_INTERNAL, "no playground file");
		/* The page is for browsers; a script gets JSON (406). */
		if (strcmp(c->asset->path, "/") == 0 &&
		    !playground_wants_html(c->http.accept)) {
			c->status = 406;
			return err_set(e, ERR_BAD_REQUEST, "GET / answers "
			    "Accept: text/html with the playground page; the "
			    "API is POST /run (docs/http.md)");
		}
		return 0;
	case API_HEALTH:
		if (allow_check(c) == -1)
			return -1;
		if ((c->health = api_health(cfg, &c->health_body)) == -1)
			return err_set(e, ERR_INTERNAL, "out of memory");
		return 0;
	case API_LANGUAGES:
	case API_PISTON_RUNTIMES:
		return admit_run(c, listing, sizeof(listing) - 1, hkey,
		    hkey_len);
	case API_RUN:
		if (c->http.body == NULL)
			return err_set(e, ERR_BAD_REQUEST, "POST /run needs a "
			    "runbox request as its body");
		return admit_run(c, c->http.body, c->http.body_len, hkey,
		    hkey_len);
	case API_RUN_LANGUAGE:
	case API_ROOT:
	case API_COMPILE:
		/* The seed's {code, input} as a runbox request. */
		if (api_seed_request(c->route, c->http.body == NULL ? "" :
		    c->http.body, c->http.body_len, c->route ==
		    API_RUN_LANGUAGE ? c->language : NULL, &seed, &seed_len,
		    e) == -1)
			return -1;
		ret = admit_run(c, seed, seed_len, hkey, hkey_len);
		free(seed);
		return ret;
	case API_PISTON_EXECUTE:
		/* Piston's execute as a runbox request; the key in headers. */
		if (piston_request(c->http.body == NULL ? "" : c->http.body,
		    c->http.body_len, &c->piston, &seed, &seed_len, e) == -1)
			return -1;
		ret = admit_run(c, seed, seed_len, hkey, hkey_len);
		free(seed);
		return ret;
	default:
		break;
	}
	return err_set(e, ERR_INTERNAL, "route %d", (int)c->route);
}

/*
 * Read, admit and run one request: the PROXY header (from a trusted
 * proxy), then a netstring or an HTTP request, told by its first bytes.
 * Returns 0 when the code ran (c->res), the listing is made (c->cat) or
 * the health check answered, -1 with c->e for a refusal or a failure.
 */
static int
serve(struct conn *c)
{
	const struct config	*cfg = c->cfg;
	struct err		*e = &c->e;
	char			*payload = NULL, first[SNIFF_MAX];
	size_t			 len, nfirst;
	int64_t			 deadline = deadline_in(cfg->read_timeout_ms);
	int			 ret = -1;

	if (client_proxy(&c->client, IN_FD, cfg, deadline, e) == -1)
		return -1;
	sniff(c, deadline, first, &nfirst);
	if (c->is_http)
		return serve_http(c, first, nfirst, deadline);
	if (frame_read(IN_FD, first, nfirst, cfg->max_request_bytes, deadline,
	    &payload, &len, e) == 0)
		ret = admit_run(c, payload, len, NULL, 0);
	free(payload);
	return ret;
}

/*
 * Reply (the result or the listing when served, else c->e), hang up,
 * then clean up off the client's path, and log.  c->e is the request's
 * own failure, for the reply and the log line: the cleanup has errors of
 * its own, logged on lines of their own.
 */
static int
conn_end(struct conn *c, int served, int64_t t0)
{
	struct logline	l;
	struct rusage	ru;
	struct err	re = { ERR_NONE, 0, "", "" };
	char		shortid[13] = "";
	int		status, admitted = c->slot.claimed, removed;
	long		reply_ms;

	status = reply(c, served) == 0 ? 0 : 1;
	hangup();
	reply_ms = (long)(deadline_now() - t0);

	memset(&l, 0, sizeof(l));
	l.client = c->client.name;
	l.key = c->client.named ? NULL : c->keyname;
	l.language = c->req.language != NULL ? c->req.language->name : NULL;
	if (!served)
		l.outcome = err_name(c->e.code);
	else if (c->is_http && c->route == API_HEALTH)
		l.outcome = OUTCOME_HEALTH;
	else if (c->is_http && c->route == API_PLAYGROUND)
		l.outcome = OUTCOME_PAGE;
	else if (c->req.kind == REQUEST_LIST_LANGUAGES)
		l.outcome = OUTCOME_LIST;
	else
		l.outcome = result_status_name(c->res.run.status);
	if (!served)
		l.message = c->e.detail[0] != '\0' ? c->e.detail : c->e.msg;
	else if (status != 0)
		l.message = "client gone before the reply";
	log_catalog(&c->cat);
	if (c->sb.id[0] != '\0') {
		strlcpy(shortid, c->sb.id, sizeof(shortid));
		l.container = shortid;
	}
	removed = sandbox_remove(&c->sb, &re) == 0 && c->sb.id[0] == '\0';
	if (!removed)
		log_msg("container %s left for the reaper: %s", shortid,
		    re.detail[0] != '\0' ? re.detail : re.msg[0] != '\0' ?
		    re.msg : "no engine connection to remove it with");
	admit_release(&c->state, &c->slot);
	/* Only an admitted request makes the pool work for it. */
	pool_finish(&c->pool, &c->state, c->cfg, removed, admitted);
	log_pool(&c->pool.notes);
	if (c->pool.tried)
		l.pool = c->pool.hit ? "hit" : "miss";
	l.duration_ms = (long)(deadline_now() - t0);
	l.reply_ms = reply_ms;
	l.api_calls = c->sb.docker.ncalls + c->pool.docker.ncalls +
	    c->cat.ncalls;
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		l.cpu_us = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
		    1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
		l.maxrss_kb = ru.ru_maxrss;
	}
	log_conn(&l);
	conn_close(c->cfg);
	return status;
}

/*
 * runbox --reap: containers past their deadline or whose runbox process
 * is gone, or (--invocation) the one of this systemd invocation.  One log
 * line; exit 0 unless the engine could not be asked.
 */
static int
reap(const struct config *cfg, int invocation)
{
	struct reap_count	n, pn;
	struct pool_notes	notes;
	struct err		e = { ERR_NONE, 0, "", "" };
	char			name[SANDBOX_NAME_MAX];
	int			removed, pr, status = 0;

	if (invocation) {
		if (sandbox_invocation_name(name, sizeof(name)) == -1) {
			log_msg("reap: --invocation needs INVOCATION_ID "
			    "(32 hex digits) from systemd");
			return 1;
		}
		if (reap_named(cfg, name, &removed, &e) == -1) {
			log_msg("reap: %s: %s", name, e.detail[0] != '\0' ?
			    e.detail : e.msg);
			status = 1;
		} else if (removed)
			log_msg("reap: removed %s", name);
		/* A pool container it claimed, or one it was starting. */
		pr = pool_reap(cfg, getenv("INVOCATION_ID"), &pn, &notes, &e);
		log_pool(&notes);
		if (pr == -1) {
			log_msg("reap: pool: %s", e.detail[0] != '\0' ?
			    e.detail : e.msg);
			status = 1;
		} else if (pn.removed > 0 || pn.failed > 0)
			log_msg("reap: %u pool containers of this invocation "
			    "removed, %u could not be", pn.removed, pn.failed);
		return status || pn.failed > 0;
	}
	/* The pool first: what it keeps is not past its label yet. */
	pr = pool_reap(cfg, NULL, &pn, &notes, &e);
	log_pool(&notes);
	if (pr == -1) {
		log_msg("reap: pool: %s", e.detail[0] != '\0' ? e.detail :
		    e.msg);
		status = 1;
	} else if (pn.removed > 0 || pn.failed > 0)
		log_msg("reap: %u pool containers nobody will use removed, %u "
		    "could not be", pn.removed, pn.failed);
	if (reap_expired(cfg, time(NULL), &n, &e) == -1) {
		log_msg("reap: %s", e.detail[0] != '\0' ? e.detail : e.msg);
		return 1;
	}
	if (n.removed > 0 || n.failed > 0)
		log_msg("reap: %u runbox containers, %u past their deadline "
		    "removed, %u whose runbox process is gone removed, %u "
		    "could not be removed", n.seen, n.removed - n.gone, n.gone,
		    n.failed);
	return status || n.failed > 0 || pn.failed > 0 ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "client", required_argument, NULL, 'C' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "reap", no_argument, NULL, 'R' },
		{ "invocation", no_argument, NULL, 'I' },
		{ "doctor", no_argument, NULL, 'D' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	struct keys	 keys = { NULL, 0 };
	struct conn	 c;
	enum mode	 mode = MODE_SERVE;
	const char	*path = CONFIG_DEFAULT_PATH, *forced = NULL;
	int64_t		 t0 = deadline_now();
	int		 ch, served, invocation = 0, status = 1;

	log_init();
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'C':
			if (!client_name_ok(optarg))
				usage();
			forced = optarg;
			break;
		case 'k':
			mode = MODE_CHECK_CONFIG;
			break;
		case 'R':
			mode = MODE_REAP;
			break;
		case 'I':
			invocation = 1;
			break;
		case 'D':
			mode = MODE_DOCTOR;
			break;
		case 'V':
			mode = MODE_VERSION;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (invocation && mode != MODE_REAP) ||
	    (forced != NULL && mode != MODE_SERVE))
		usage();
	if (mode == MODE_VERSION) {
		printf("runbox %s\n", RUNBOX_VERSION);
		return 0;
	}

	memset(&c, 0, sizeof(c));
	c.state.fd = -1;
	c.cfg = &cfg;
	c.keys = &keys;
	config_defaults(&cfg);
	if (config_load(&cfg, path, &c.e) == -1 ||
	    (cfg.keys_file[0] != '\0' && keys_load(&keys, cfg.keys_file,
	    &c.e) == -1)) {
		log_msg("%s", c.e.msg);
		if (mode == MODE_DOCTOR)
			printf("FAIL config: %s (hint: runbox --check-config)\n",
			    c.e.msg);
		if (mode == MODE_SERVE) {
			/* The client still deserves an answer. */
			c.e.code = ERR_INTERNAL;
			status = reply(&c, 0) == 0 ? 0 : 1;
			hangup();
			conn_close(&cfg);
		}
		goto out;
	}
	if (mode == MODE_CHECK_CONFIG) {
		config_print(&cfg, stdout);
		status = 0;
		goto out;
	}
	if (mode == MODE_REAP) {
		status = reap(&cfg, invocation);
		goto out;
	}
	if (mode == MODE_DOCTOR) {
		status = doctor_run(&cfg, stdout) == 0 ? 0 : 1;
		goto out;
	}

	signals_init();
	client_from_transport(&c.client, IN_FD, forced);
	served = serve(&c) == 0;
	status = conn_end(&c, served, t0);
out:
	state_close(&c.state);
	request_free(&c.req);
	result_free(&c.res);
	http_request_free(&c.http);
	buf_free(&c.health_body);
	keys_free(&keys);
	return status;
}
