/*
 * sandbox.c: one run in a fresh container.  Create (every protection of
 * docs/security.md), attach, start, hand the code, arguments and input to
 * runbox-handoff over stdin, collect output up to the cap until the
 * container exits or the deadline kills it, learn how it ended.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "capture.h"
#include "container.h"
#include "deadline.h"
#include "reap.h"
#include "sandbox.h"

#define SANDBOX_MIB		(1024LL * 1024)
#define SANDBOX_SIGNAL_BASE	128	/* init reports signal N as 128+N */
#define SANDBOX_SIGNAL_MAX	64

static void	sandbox_status(struct result_run *, int);
static void	sandbox_judge(struct result_run *,
		    const struct capture_report *, int);

volatile sig_atomic_t sandbox_stop;

long long
sandbox_reap_after(int timeout_ms)
{
	return (long long)time(NULL) + (timeout_ms + SANDBOX_TERM_GRACE_MS +
	    SANDBOX_BACKSTOP_MS + SANDBOX_API_MS + SANDBOX_GRACE_MS) / 1000 +
	    SANDBOX_REAP_MARGIN_S;
}

char *
sandbox_body(const struct config *cfg, const struct language *lang,
    int memory_mb, long long reap_after, const char *owner,
    const char *pool_language)
{
	cJSON		*root, *host, *arr, *obj, *ul;
	char		 tmpfs[128], label[32];
	long long	 mem = (long long)memory_mb * SANDBOX_MIB;
	long long	 tmpfs_bytes = (long long)lang->tmpfs_mb * SANDBOX_MIB;
	char		*out = NULL;
	size_t		 i;

	/*
	 * The engine mounts a tmpfs noexec unless told: a compiled
	 * language's program is a file the compile wrote there.
	 */
	snprintf(tmpfs, sizeof(tmpfs), "rw,nosuid,nodev,%s,size=%dm,mode=1777",
	    lang->ncompile > 0 ? "exec" : "noexec", lang->tmpfs_mb);

	if ((root = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(root, "Image", lang->image);
	arr = cJSON_AddArrayToObject(root, "Cmd");
	cJSON_AddItemToArray(arr, cJSON_CreateString(SANDBOX_HANDOFF));
	if (lang->ncompile > 0) {
		/* runbox-handoff -c N FILE COMPILE... COMMAND... */
		snprintf(label, sizeof(label), "%zu", lang->ncompile);
		cJSON_AddItemToArray(arr, cJSON_CreateString("-c"));
		cJSON_AddItemToArray(arr, cJSON_CreateString(label));
	}
	cJSON_AddItemToArray(arr, cJSON_CreateString(lang->file));
	for (i = 0; i < lang->ncompile; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(lang->compile[i]));
	for (i = 0; i < lang->ncommand; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(lang->command[i]));
	cJSON_AddItemToObject(root, "Entrypoint", cJSON_CreateArray());
	arr = cJSON_AddArrayToObject(root, "Env");
	cJSON_AddItemToArray(arr,
	    cJSON_CreateString("PATH=/usr/local/bin:/usr/bin:/bin"));
	cJSON_AddItemToArray(arr, cJSON_CreateString("HOME=" SANDBOX_WORKDIR));
	cJSON_AddItemToArray(arr, cJSON_CreateString("LANG=C.UTF-8"));
	cJSON_AddStringToObject(root, "Hostname", "runbox");
	cJSON_AddStringToObject(root, "User", SANDBOX_USER);
	cJSON_AddStringToObject(root, "WorkingDir", SANDBOX_WORKDIR);
	cJSON_AddTrueToObject(root, "NetworkDisabled");
	cJSON_AddTrueToObject(root, "AttachStdin");
	cJSON_AddTrueToObject(root, "AttachStdout");
	cJSON_AddTrueToObject(root, "AttachStderr");
	cJSON_AddTrueToObject(root, "OpenStdin");
	cJSON_AddFalseToObject(root, "StdinOnce");
	cJSON_AddFalseToObject(root, "Tty");
	obj = cJSON_AddObjectToObject(root, "Labels");
	/* The reaper removes it once this wall-clock time has passed. */
	snprintf(label, sizeof(label), "%lld", reap_after);
	cJSON_AddStringToObject(obj, "runbox", label);
	/* And at once when the process that made it is gone (reap.c). */
	if (owner != NULL)
		cJSON_AddStringToObject(obj, REAP_OWNER_LABEL, owner);
	if (pool_language != NULL) {
		cJSON_AddStringToObject(obj, SANDBOX_POOL_LABEL,
		    pool_language);
		cJSON_AddStringToObject(obj, SANDBOX_TABLE_LABEL,
		    cfg->state_file);
	}

	host = cJSON_AddObjectToObject(root, "HostConfig");
	cJSON_AddStringToObject(host, "NetworkMode", "none");
	cJSON_AddNumberToObject(host, "Memory", (double)mem);
	cJSON_AddNumberToObject(host, "MemorySwap", (double)mem);
	cJSON_AddNumberToObject(host, "PidsLimit", cfg->pids_limit);
	cJSON_AddNumberToObject(host, "NanoCpus", (double)cfg->nano_cpus);
	cJSON_AddNumberToObject(host, "OomScoreAdj", 1000);
	cJSON_AddTrueToObject(host, "ReadonlyRootfs");
	/*
	 * runbox-handoff is the init (it reaps, and ends the container with
	 * the program): docker's init would run as the program's user and be
	 * open to its ptrace.  False even where the daemon defaults to one.
	 */
	cJSON_AddFalseToObject(host, "Init");
	cJSON_AddStringToObject(host, "IpcMode", "private");
	cJSON_AddNumberToObject(host, "ShmSize", (double)tmpfs_bytes);
	arr = cJSON_AddArrayToObject(host, "CapDrop");
	cJSON_AddItemToArray(arr, cJSON_CreateString("ALL"));
	arr = cJSON_AddArrayToObject(host, "SecurityOpt");
	cJSON_AddItemToArray(arr, cJSON_CreateString("no-new-privileges"));
	obj = cJSON_AddObjectToObject(host, "Tmpfs");
	cJSON_AddStringToObject(obj, SANDBOX_WORKDIR, tmpfs);
	obj = cJSON_AddObjectToObject(host, "LogConfig");
	cJSON_AddStringToObject(obj, "Type", "none");
	cJSON_AddStringToObject(host, "Runtime", cfg->runtime);
	arr = cJSON_AddArrayToObject(host, "Ulimits");
	ul = cJSON_CreateObject();
	cJSON_AddStringToObject(ul, "Name", "nofile");
	cJSON_AddNumberToObject(ul, "Soft", SANDBOX_NOFILE);
	cJSON_AddNumberToObject(ul, "Hard", SANDBOX_NOFILE);
	cJSON_AddItemToArray(arr, ul);
	ul = cJSON_CreateObject();
	cJSON_AddStringToObject(ul, "Name", "fsize");
	cJSON_AddNumberToObject(ul, "Soft", (double)tmpfs_bytes);
	cJSON_AddNumberToObject(ul, "Hard", (double)tmpfs_bytes);
	cJSON_AddItemToArray(arr, ul);

	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

int
sandbox_invocation_name(char *out, size_t size)
{
	const char	*id = getenv("INVOCATION_ID");

	/* systemd's invocation id: 128 bits in hex. */
	if (id == NULL || strlen(id) != SANDBOX_INVOCATION_LEN ||
	    strspn(id, "0123456789abcdef") != SANDBOX_INVOCATION_LEN)
		return -1;
	if ((size_t)snprintf(out, size, "runbox-%s", id) >= size)
		return -1;
	return 0;
}

/* One netstring into the handoff stream. */
static int
sandbox_ns(struct buf *b, const char *p, size_t n)
{
	if (buf_appendf(b, "%zu:", n) == -1 || buf_append(b, p, n) == -1 ||
	    buf_append(b, ",", 1) == -1)
		return -1;
	return 0;
}

int
sandbox_first_memory(const struct language *lang, int memory_mb,
    int compile_memory_mb)
{
	return lang->ncompile > 0 ? compile_memory_mb : memory_mb;
}

/* The memory limit (MB) req's container starts with. */
static int
sandbox_req_memory(const struct request *req)
{
	return sandbox_first_memory(req->language, req->memory_mb,
	    req->compile_memory_mb);
}

/* Must runbox set the run's memory limit between compile and run? */
static int
sandbox_must_wait(const struct request *req)
{
	return sandbox_req_memory(req) != req->memory_mb;
}

/*
 * What runbox-handoff reads (protocol 7): the exit reports' token, the
 * limits it enforces itself (deadline, SIGTERM grace, output cap, whether
 * to share one CPU with the program so that the order of its writes is
 * observed exactly, the compile's deadline, whether to wait for "go"
 * after the compile, whether to wait for "next" or "stop" after each
 * test), the argument count, the arguments, the file count, each file's
 * name and content, the code, the test count and each test's input (a
 * plain run is one test), the count of files to return and their names.
 */
static int
sandbox_payload(struct buf *b, const struct config *cfg,
    const struct request *req, const char *token)
{
	char	limits[128], count[24];
	size_t	i;

	snprintf(limits, sizeof(limits), "%d %d %zu %d %d %d %d",
	    req->timeout_ms, SANDBOX_TERM_GRACE_MS, cfg->max_output_bytes,
	    cfg->nano_cpus <= SANDBOX_ONE_CPU ? 1 : 0,
	    req->language->ncompile > 0 ? req->compile_timeout_ms : 0,
	    sandbox_must_wait(req), req->stop_on_failure ? 1 : 0);
	snprintf(count, sizeof(count), "%zu", req->nargs);
	if (sandbox_ns(b, token, strlen(token)) == -1 ||
	    sandbox_ns(b, limits, strlen(limits)) == -1 ||
	    sandbox_ns(b, count, strlen(count)) == -1)
		return -1;
	for (i = 0; i < req->nargs; i++)
		if (sandbox_ns(b, req->args[i], strlen(req->args[i])) == -1)
			return -1;
	snprintf(count, sizeof(count), "%zu", req->nfiles);
	if (sandbox_ns(b, count, strlen(count)) == -1)
		return -1;
	for (i = 0; i < req->nfiles; i++)
		if (sandbox_ns(b, req->files[i].name,
		    strlen(req->files[i].name)) == -1 ||
		    sandbox_ns(b, req->files[i].content,
		    req->files[i].content_len) == -1)
			return -1;
	if (sandbox_ns(b, req->code, req->code_len) == -1)
		return -1;
	if (req->ntests == 0) {
		if (sandbox_ns(b, "1", 1) == -1 || sandbox_ns(b,
		    req->input != NULL ? req->input : "", req->input_len) == -1)
			return -1;
	} else {
		snprintf(count, sizeof(count), "%zu", req->ntests);
		if (sandbox_ns(b, count, strlen(count)) == -1)
			return -1;
		for (i = 0; i < req->ntests; i++)
			if (sandbox_ns(b, req->tests[i].input,
			    req->tests[i].input_len) == -1)
				return -1;
	}
	snprintf(count, sizeof(count), "%zu", req->nreturn_files);
	if (sandbox_ns(b, count, strlen(count)) == -1)
		return -1;
	for (i = 0; i < req->nreturn_files; i++)
		if (sandbox_ns(b, req->return_files[i],
		    strlen(req->return_files[i])) == -1)
			return -1;
	return 0;
}

/* Create the request's container (sb->id); its name, systemd's. */
static int
sandbox_create(struct sandbox *sb, const struct config *cfg,
    const struct request *req, struct err *e)
{
	char	*body, name[SANDBOX_NAME_MAX], owner[REAP_OWNER_MAX];
	int	 ret = -1;

	/* Without it (no /proc to tell), only the deadline label applies. */
	if ((body = sandbox_body(cfg, req->language, sandbox_req_memory(req),
	    sandbox_reap_after(sandbox_stages_ms(req->language,
	    req->timeout_ms, req->compile_timeout_ms, req->ntests)),
	    reap_owner_label(owner, sizeof(owner)) == 0 ? owner : NULL,
	    NULL)) == NULL) {
		err_set(e, ERR_INTERNAL, "cannot build the create body");
		goto out;
	}
	if (container_create(&sb->docker, sandbox_invocation_name(name,
	    sizeof(name)) == 0 ? name : NULL, req->language->image, body,
	    deadline_in(SANDBOX_API_MS), sb->id, sizeof(sb->id), e) == -1)
		goto out;
	ret = 0;
out:
	free(body);
	return ret;
}

/* Was the container's memory limit hit?  0 when it cannot be told. */
static int
sandbox_oom(struct sandbox *sb)
{
	struct container_info	info;
	struct err		e;

	return container_inspect(&sb->docker, sb->id, NULL,
	    deadline_in(SANDBOX_API_MS), &info, &e) == 0 && info.oom_killed;
}

/*
 * Kill without waiting for the answer, so that the output stream can be
 * drained meanwhile (the engine answers a SIGKILL only once the container
 * has stopped, and it cannot stop while its output is not read).
 */
static void
sandbox_kill_nowait(struct sandbox *sb, struct docker_stream *killer)
{
	struct err	e;

	if (killer->curl != NULL)
		return;
	(void)container_kill_nowait(&sb->docker, killer, sb->id,
	    deadline_in(SANDBOX_API_MS), &e);
}

/*
 * Does the exit report tell all, so that the run can end before the
 * container does?  Not after runbox's own kill, nor when the handoff
 * could not tell whether the out-of-memory killer acted (the engine
 * knows that only once the container has exited).
 */
static int
sandbox_reported(const struct capture *cap, int killed)
{
	return capture_done(cap) && !killed && capture_last(cap)->oom != '?';
}

/* Where a run is: its stages' clocks, runbox's backstop, the kill. */
struct sandbox_clock {
	int64_t		start;		/* the first stage began */
	int64_t		compile_end;	/* its report came (0: not yet) */
	int64_t		run_start;	/* the run began (0: not yet) */
	int64_t		test_start;	/* the current test began */
	size_t		seen;		/* tests' reports taken */
	int64_t		end;		/* the backstop of this stage */
	int		killed;		/* runbox killed it */
};

/* The time runbox allows a stage of timeout_ms: its grace, the backstop. */
static int64_t
sandbox_backstop(int timeout_ms)
{
	return deadline_in((int64_t)timeout_ms + SANDBOX_TERM_GRACE_MS +
	    SANDBOX_BACKSTOP_MS);
}

int
sandbox_stages_ms(const struct language *lang, int timeout_ms,
    int compile_timeout_ms, size_t ntests)
{
	long long	ms;

	/* Each later test: its deadline, its grace, the backstop. */
	ms = (long long)timeout_ms + (ntests > 1 ? (long long)(ntests - 1) *
	    (timeout_ms + SANDBOX_TERM_GRACE_MS + SANDBOX_BACKSTOP_MS) : 0);
	if (lang->ncompile > 0)
		ms += compile_timeout_ms + SANDBOX_TERM_GRACE_MS +
		    SANDBOX_API_MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/*
 * The compile passed: set the run's memory limit when it differs (the
 * handoff waits for "go" then), and start the run's clock.  Returns 0,
 * 1 when the run cannot be held to its limit (what the compile left in
 * the working directory is more: status memory, the program never runs),
 * -1 with e set when the engine failed.
 */
static int
sandbox_compiled(struct sandbox *sb, const struct request *req,
    struct buf *payload, struct sandbox_clock *clk, struct result *res,
    struct err *e)
{
	int	refused;

	if (sandbox_must_wait(req)) {
		if (container_update_memory(&sb->docker, sb->id, req->memory_mb,
		    deadline_in(SANDBOX_API_MS), &refused, e) == -1) {
			if (!refused)
				return -1;
			res->run.status = RESULT_MEMORY;
			return 1;
		}
		if (sandbox_ns(payload, "go", 2) == -1) {
			err_set(e, ERR_INTERNAL, "out of memory");
			return -1;
		}
	}
	clk->run_start = clk->test_start = deadline_now();
	clk->end = sandbox_backstop(req->timeout_ms);
	return 0;
}

/*
 * The tests' reports that came since the last look (clk->seen): each one
 * judged into res->tests (a batch), runbox's word for the next test when
 * the request stops on a failure, and the backstop moved on to the next
 * test.  -1 when out of memory.
 */
static int
sandbox_tests_in(const struct request *req, struct capture *cap,
    struct buf *payload, struct sandbox_clock *clk, struct result *res)
{
	struct result_test	*t;
	const struct request_test *rt;
	size_t			 k;
	int			 failed;

	while (clk->seen < cap->ntested) {
		k = clk->seen++;
		clk->test_start = deadline_now();
		clk->end = sandbox_backstop(req->timeout_ms);
		if (res->ntests == 0)
			continue;
		t = &res->tests[k];
		rt = &req->tests[k];
		sandbox_judge(&t->run, &cap->tests[k], 0);
		t->verdict = result_verdict(&t->run, rt->expected,
		    rt->expected_len);
		/* A test stopped at the cap is the last: the handoff knows. */
		if (!req->stop_on_failure || k + 1 >= res->ntests ||
		    cap->tests[k].end == 'o')
			continue;
		failed = t->run.status != RESULT_OK ||
		    t->verdict == RESULT_REJECTED;
		if (sandbox_ns(payload, failed ? "stop" : "next",
		    4) == -1)
			return -1;
	}
	return 0;
}

/*
 * Feed the handoff stream and collect output until the last exit report
 * is in or the stream ends, a stage's backstop passes (kill), the cap is
 * reached (kill) or a signal asks to stop.  Between compile and run, sets
 * the run's memory limit (sandbox_compiled).
 */
static int
sandbox_io(struct sandbox *sb, struct docker_stream *st,
    const struct request *req, struct buf *payload, struct capture *cap,
    struct sandbox_clock *clk, struct err *e)
{
	struct docker_stream	killer;
	struct result		*res = cap->res;
	struct pollfd		pfd;
	int64_t			now;
	size_t			sent = 0;
	ssize_t			n;
	int			r, go, ret = -1;

	memset(&killer, 0, sizeof(killer));
	for (;;) {
		if (sandbox_stop) {
			sandbox_kill_nowait(sb, &killer);
			clk->killed = 1;
			err_set(e, ERR_INTERNAL, "stopped by a signal");
			goto out;
		}
		now = deadline_now();
		if (now >= clk->end) {
			if (clk->killed)
				break;	/* killed, but the stream never ended */
			/* The handoff did not end it: runbox does. */
			if (clk->run_start == 0)
				res->compile.timed_out = 1;
			else if (res->ntests == 0)
				res->run.timed_out = 1;
			else if (clk->seen < res->ntests)
				res->tests[clk->seen].run.timed_out = 1;
			sandbox_kill_nowait(sb, &killer);
			clk->killed = 1;
			clk->end = deadline_in(SANDBOX_GRACE_MS);
		}
		pfd.fd = st->fd;
		pfd.events = POLLIN | (sent < payload->len ? POLLOUT : 0);
		pfd.revents = 0;
		if (poll(&pfd, 1, deadline_left(clk->end)) == -1) {
			if (errno == EINTR)
				continue;
			err_set(e, ERR_INTERNAL, "poll: %s", strerror(errno));
			goto out;
		}
		if (pfd.revents & POLLOUT) {
			n = docker_stream_send(st, payload->data + sent,
			    payload->len - sent);
			/* A stream that takes no more input: the exit tells. */
			sent = n == -1 ? payload->len : sent + (size_t)n;
		}
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
			continue;
		r = docker_stream_recv(st, capture_add, cap);
		if (cap->nomem) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto out;
		}
		if (cap->bad) {
			sandbox_kill_nowait(sb, &killer);
			clk->killed = 1;
			err_set(e, ERR_UNAVAILABLE, "the language's image does "
			    "not speak handoff protocol "
			    SANDBOX_HANDOFF_PROTOCOL);
			err_detail(e, "%s: rebuild it (make images)", e->msg);
			goto out;
		}
		if (cap->compile.done && clk->compile_end == 0)
			clk->compile_end = deadline_now();
		/* The run may have ended too, in the same read. */
		if (cap->compile.done && !capture_failed(&cap->compile) &&
		    clk->run_start == 0 && !clk->killed) {
			if ((go = sandbox_compiled(sb, req, payload, clk, res,
			    e)) == -1)
				goto out;
			if (go == 1) {
				sandbox_kill_nowait(sb, &killer);
				clk->killed = 1;
				break;
			}
		}
		if (clk->run_start != 0 && sandbox_tests_in(req, cap, payload,
		    clk, res) == -1) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto out;
		}
		if (sandbox_reported(cap, clk->killed))
			break;	/* the program ended: the report tells how */
		if (r == 1 || r == -1)
			break;	/* the stream ended: the exit tells how */
		if (r == -2 && !clk->killed) {
			sandbox_kill_nowait(sb, &killer);
			clk->killed = 1;
			clk->end = deadline_in(SANDBOX_GRACE_MS);
		}
	}
	ret = 0;
out:
	docker_stream_close(&killer);
	return ret;
}

/*
 * A report's exit into r: exit status, or 128+N and signal N, exact where
 * the container's exit status alone is not (137 or SIGKILL).
 */
static void
sandbox_exit_of(struct result_run *r, const struct capture_report *rep)
{
	r->exit_code = rep->kind == 's' ? SANDBOX_SIGNAL_BASE + rep->value :
	    rep->value;
	r->signal = rep->kind == 's' ? rep->value : 0;
}

/*
 * What one stage's report says into r (its exit, signal, usage, how the
 * handoff ended it), and its status.  compile: the stage is the compile,
 * whose failed exit is compile_error.
 */
static void
sandbox_judge(struct result_run *r, const struct capture_report *rep,
    int compile)
{
	sandbox_exit_of(r, rep);
	/* As the engine's flag: it counts only when the stage failed. */
	r->oom_killed = rep->oom == 'y' && r->exit_code != 0;
	r->has_usage = 1;
	r->cpu_time_ms = rep->cpu_ms;
	r->memory_peak_kb = rep->rss_kb;
	r->duration_ms = (long)rep->wall_ms;
	/* The handoff ended it at the deadline or at the cap. */
	if (rep->end == 't')
		r->timed_out = 1;
	else if (rep->end == 'o')
		r->truncated = 1;
	sandbox_status(r, compile);
}

/* The status word of a stage, from what is known of its end. */
static void
sandbox_status(struct result_run *r, int compile)
{
	if (r->timed_out)
		r->status = RESULT_TIMEOUT;
	else if (r->truncated)
		r->status = RESULT_OUTPUT_LIMIT;
	else if (r->oom_killed)
		r->status = RESULT_MEMORY;
	else if (r->exit_code == 0 && r->signal == 0)
		r->status = RESULT_OK;
	else
		r->status = compile ? RESULT_COMPILE_ERROR :
		    RESULT_RUNTIME_ERROR;
}

/*
 * No report for the stage on (the handoff is gone or runbox killed it):
 * the container's exit and the engine's OOMKilled tell what they can.
 */
static int
sandbox_exit_status(struct sandbox *sb, struct sandbox_clock *clk,
    struct result_run *r, int compile, struct err *e)
{
	struct err	ke;
	int64_t		wait_deadline;
	int		code = -1;

	/* Exiting takes the engine a moment even when it ends in time. */
	wait_deadline = deadline_in(clk->killed ? SANDBOX_GRACE_MS :
	    SANDBOX_EXIT_MS);
	if (!clk->killed && wait_deadline < clk->end)
		wait_deadline = clk->end;
	if (container_wait(&sb->docker, sb->id, wait_deadline, &code,
	    e) == -1) {
		if (clk->killed)
			return -1;
		r->timed_out = 1;
		/* Whatever the kill answers, the wait tells how it ended. */
		(void)container_kill(&sb->docker, sb->id,
		    deadline_in(SANDBOX_API_MS), &ke);
		clk->killed = 1;
		if (container_wait(&sb->docker, sb->id,
		    deadline_in(SANDBOX_GRACE_MS), &code, e) == -1)
			return -1;
	}
	if (code != 0 && !clk->killed)
		r->oom_killed = sandbox_oom(sb);
	r->exit_code = code;
	if (code > SANDBOX_SIGNAL_BASE &&
	    code <= SANDBOX_SIGNAL_BASE + SANDBOX_SIGNAL_MAX)
		r->signal = code - SANDBOX_SIGNAL_BASE;
	sandbox_status(r, compile);
	return 0;
}

void
sandbox_use(struct sandbox *sb, const char *id)
{
	(void)strlcpy(sb->id, id, sizeof(sb->id));
	sb->pooled = 1;
}

/*
 * res's batch and returned files, as req asks: every test skipped and
 * every file not returned until reports say otherwise; the tests'
 * reports' room.  -1 when out of memory.
 */
static int
sandbox_alloc(const struct request *req, struct result *res,
    struct capture_report **reports)
{
	size_t	i;

	if (req->ntests > 0) {
		if ((res->tests = calloc(req->ntests, sizeof(*res->tests))) ==
		    NULL)
			return -1;
		res->ntests = req->ntests;
		for (i = 0; i < res->ntests; i++)
			res->tests[i].run.status = RESULT_SKIPPED;
	}
	if (req->nreturn_files > 0) {
		if ((res->files = calloc(req->nreturn_files,
		    sizeof(*res->files))) == NULL)
			return -1;
		res->nfiles = req->nreturn_files;
		for (i = 0; i < res->nfiles; i++)
			res->files[i].name = req->return_files[i];
	}
	*reports = calloc(req->ntests > 0 ? req->ntests : 1,
	    sizeof(**reports));
	return *reports == NULL ? -1 : 0;
}

/*
 * A batch's test that ran without a report (the handoff is gone, or
 * runbox killed the container), or NULL.
 */
static struct result_run *
sandbox_unreported(const struct capture *cap, struct result *res)
{
	if (res->ntests > 0 && cap->ntested < res->ntests &&
	    !capture_done(cap))
		return &res->tests[cap->ntested].run;
	return NULL;
}

int
sandbox_run(struct sandbox *sb, const struct config *cfg,
    const struct request *req, struct result *res, struct err *e)
{
	struct docker_stream	 st;
	struct capture		 cap;
	struct sandbox_clock	 clk;
	struct buf		 payload = { 0 };
	struct capture_report	*reports = NULL;
	struct result_run	*stage;
	char			 token[CAPTURE_TOKEN_LEN + 1];
	int			 compiled = req->language->ncompile > 0;
	int			 ret = -1;

	memset(&st, 0, sizeof(st));
	memset(&clk, 0, sizeof(clk));
	st.fd = CURL_SOCKET_BAD;
	res->language = req->language->name;
	res->timeout_ms = req->timeout_ms;
	res->memory_mb = req->memory_mb;
	res->compiled = compiled;
	res->compile_timeout_ms = req->compile_timeout_ms;
	res->compile_memory_mb = req->compile_memory_mb;
	res->max_output_bytes = cfg->max_output_bytes;

	if (!sb->pooled)
		sb->id[0] = '\0';
	if (sandbox_alloc(req, res, &reports) == -1) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	if (docker_open(&sb->docker, cfg->docker_socket, e) == -1)
		goto out;
	if (capture_token(token, sizeof(token)) == -1) {
		err_set(e, ERR_INTERNAL, "no random token");
		goto out;
	}
	capture_init(&cap, res, token, reports);
	if (sandbox_payload(&payload, cfg, req, token) == -1) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	/* A pool container is started and waits on stdin for the payload. */
	if ((!sb->pooled && sandbox_create(sb, cfg, req, e) == -1) ||
	    container_attach(&sb->docker, &st, sb->id,
	    deadline_in(SANDBOX_API_MS), e) == -1 ||
	    (!sb->pooled && container_start(&sb->docker, sb->id,
	    deadline_in(SANDBOX_API_MS), e) == -1))
		goto out;

	/* The handoff ends each stage in time; this is for a handoff gone. */
	clk.start = deadline_now();
	if (compiled)
		clk.end = sandbox_backstop(req->compile_timeout_ms);
	else {
		clk.run_start = clk.test_start = clk.start;
		clk.end = sandbox_backstop(req->timeout_ms);
	}
	if (sandbox_io(sb, &st, req, &payload, &cap, &clk, e) == -1)
		goto out;
	docker_stream_close(&st);

	if (compiled && cap.compile.done)
		sandbox_judge(&res->compile, &cap.compile, 1);
	if (clk.run_start == 0) {
		/* The program never ran: the compile failed, or its limit. */
		if (compiled && !cap.compile.done) {
			res->compile.duration_ms = (long)(deadline_now() -
			    clk.start);
			if (sandbox_exit_status(sb, &clk, &res->compile, 1,
			    e) == -1)
				goto out;
		}
		if (res->run.status != RESULT_MEMORY)
			res->run.status = RESULT_COMPILE_ERROR;
		ret = 0;
		goto out;
	}
	res->ran = 1;
	stage = sandbox_unreported(&cap, res);
	if (res->ntests == 0 && sandbox_reported(&cap, clk.killed))
		sandbox_judge(&res->run, &cap.tests[0], 0);
	else if (res->ntests == 0) {
		/* The container's exit and OOMKilled tell what they can... */
		if (sandbox_exit_status(sb, &clk, &res->run, 0, e) == -1)
			goto out;
		res->run.duration_ms = (long)(deadline_now() - clk.run_start);
		/* ...and a report's exit is exact where theirs is not. */
		if (cap.ntested > 0) {
			sandbox_exit_of(&res->run, &cap.tests[0]);
			sandbox_status(&res->run, 0);
		}
	} else {
		/* The tests that reported were judged as they came. */
		if (stage != NULL && !sandbox_reported(&cap, clk.killed)) {
			if (sandbox_exit_status(sb, &clk, stage, 0, e) == -1)
				goto out;
			stage->duration_ms = (long)(deadline_now() -
			    clk.test_start);
		}
		res->run.status = result_batch_status(res, NULL);
	}
	ret = 0;
out:
	docker_stream_close(&st);
	buf_free(&payload);
	free(reports);
	return ret;
}

int
sandbox_remove(struct sandbox *sb, struct err *e)
{
	struct timespec	pause = { 0, SANDBOX_RETRY_MS * 1000000L };
	int64_t		deadline = deadline_in(SANDBOX_REMOVE_MS);
	int		ret = 0;

	if (sb->id[0] != '\0' && sb->docker.curl != NULL) {
		/* An engine that restarts comes back: keep asking a while. */
		while ((ret = container_remove(&sb->docker, sb->id, deadline,
		    e)) == -1 && e->code == ERR_UNAVAILABLE &&
		    deadline_left(deadline) > SANDBOX_RETRY_MS)
			nanosleep(&pause, NULL);
		sb->id[0] = '\0';
	}
	docker_close(&sb->docker);
	return ret;
}
