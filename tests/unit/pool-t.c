/*
 * pool-t.c: the pool's failures reach its notes (which main.c logs), one
 * line each, with their cause: pool_note itself, then pool_take and
 * pool_finish against an engine socket where nothing listens, a real
 * failure (connecting fails) with no fake engine needed.  Removing a
 * container fails the same way there, which a running engine does not do
 * on demand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "pool.h"
#include "request.h"
#include "sandbox.h"
#include "state.h"
#include "tap.h"

static char	dir[] = "/tmp/pool-t.XXXXXX";
static char	statepath[128], sockpath[128];

/* How many notes of pn contain both a and b. */
static int
count_notes(const struct pool_notes *pn, const char *a, const char *b)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < pn->n; i++)
		if (strstr(pn->line[i], a) != NULL &&
		    strstr(pn->line[i], b) != NULL)
			n++;
	return n;
}

static void
notes_show(const struct pool_notes *pn)
{
	size_t	i;

	for (i = 0; i < pn->n; i++)
		diag("note: %s", pn->line[i]);
}

static void
test_note(void)
{
	struct pool_notes	pn;
	struct err		e;
	char			big[ERR_MSG_MAX];
	int			i;

	memset(&pn, 0, sizeof(pn));
	err_set(&e, ERR_UNAVAILABLE, "container engine unavailable");
	err_detail(&e, "engine answered 404: No such image: x:latest");
	pool_note(&pn, &e, "start %s (%s)", "runbox-pool-1", "python");
	is_string(pn.line[0], "start runbox-pool-1 (python): engine answered "
	    "404: No such image: x:latest",
	    "a note is what failed, then the engine's answer (the detail)");
	err_set(&e, ERR_BUSY, "state file busy");
	pool_note(&pn, &e, "sweep");
	is_string(pn.line[1], "sweep: state file busy",
	    "without a detail the note has the error's message");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&e, ERR_INTERNAL, "%s", big);
	pool_note(&pn, &e, "reap %s", "runbox-pool-2");
	is_int((long long)strlen(pn.line[2]), ERR_MSG_MAX - 1,
	    "a note too long for its line is cut to the line");
	for (i = (int)pn.n; i < POOL_NOTES_MAX + 3; i++)
		pool_note(&pn, &e, "failure %d", i);
	is_int((long long)pn.n, POOL_NOTES_MAX,
	    "at most POOL_NOTES_MAX notes are kept");
	is_int(pn.dropped, 3, "the failures past them are counted");
}

static void
test_no_engine(void)
{
	struct config		cfg;
	struct state		st;
	struct pool		p;
	struct request		req;
	struct err		e;
	int			i;

	config_defaults(&cfg);
	/* The first three default languages: their six failures (a start
	 * and a removal each) fit in POOL_NOTES_MAX, so every one is seen. */
	cfg.nlanguages = 3;
	cfg.pool_size = 1;
	(void)strlcpy(cfg.docker_socket, sockpath, sizeof(cfg.docker_socket));
	(void)strlcpy(cfg.state_file, statepath, sizeof(cfg.state_file));
	memset(&st, 0, sizeof(st));
	st.fd = -1;
	if (state_open(&st, statepath, &e) == -1)
		bail("state_open: %s", e.msg);
	memset(&p, 0, sizeof(p));
	memset(&req, 0, sizeof(req));
	req.language = &cfg.languages[0];
	req.timeout_ms = cfg.timeout_ms;
	req.memory_mb = cfg.memory_mb;

	ok(pool_take(&p, &st, &cfg, &req) == NULL && !p.hit && p.id[0] == '\0',
	    "with no engine, pool_take hands the run no container");
	is_int((long long)p.notes.n, 1, "and notes one failure");
	ok(count_notes(&p.notes, "take a python container: ", sockpath) == 1 &&
	    count_notes(&p.notes, "GET /images/runbox-python/json", "") == 1,
	    "the note says what failed and why: the image lookup on the "
	    "engine socket");
	notes_show(&p.notes);

	memset(&p.notes, 0, sizeof(p.notes));
	pool_finish(&p, &st, &cfg, 1, 1);
	notes_show(&p.notes);
	for (i = 0; i < (int)cfg.nlanguages; i++) {
		ok(count_notes(&p.notes, "start runbox-pool-",
		    cfg.languages[i].image) == 1,
		    "the top-up notes why no %s container started: the "
		    "lookup of %s failed", cfg.languages[i].name,
		    cfg.languages[i].image);
	}
	is_int(count_notes(&p.notes, "left for a sweep: ", "DELETE "),
	    (long long)cfg.nlanguages,
	    "each slot whose container could not be removed is noted with "
	    "the failed DELETE");
	is_int(count_notes(&p.notes, "", sockpath),
	    (long long)(2 * cfg.nlanguages),
	    "every one of them names the engine socket it could not reach");
	is_int(p.notes.dropped, 0, "none was dropped");
	ok(p.docker.curl == NULL, "pool_finish closes the engine connection");
	state_close(&st);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	snprintf(statepath, sizeof(statepath), "%s/state", dir);
	snprintf(sockpath, sizeof(sockpath), "%s/no-engine.sock", dir);

	test_note();
	test_no_engine();

	(void)unlink(statepath);
	(void)rmdir(dir);
	done_testing();
	return exit_status();
}
