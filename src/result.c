/*
 * result.c: the reply objects of docs/protocol.md: a result, a refusal
 * ("Refusals and failures") and a listing ("Listing").
 */
#include <netinet/in.h>
#include <resolv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "jsonw.h"
#include "result.h"

/*
 * Linux signal numbers (x86, arm): the number comes from the container's
 * kernel, so the host's <signal.h> names are not what we want.
 */
static const char *const result_signames[] = {
	NULL,		"SIGHUP",	"SIGINT",	"SIGQUIT",
	"SIGILL",	"SIGTRAP",	"SIGABRT",	"SIGBUS",
	"SIGFPE",	"SIGKILL",	"SIGUSR1",	"SIGSEGV",
	"SIGUSR2",	"SIGPIPE",	"SIGALRM",	"SIGTERM",
	"SIGSTKFLT",	"SIGCHLD",	"SIGCONT",	"SIGSTOP",
	"SIGTSTP",	"SIGTTIN",	"SIGTTOU",	"SIGURG",
	"SIGXCPU",	"SIGXFSZ",	"SIGVTALRM",	"SIGPROF",
	"SIGWINCH",	"SIGIO",	"SIGPWR",	"SIGSYS"
};

#define RESULT_NSIGNAMES \
	(int)(sizeof(result_signames) / sizeof(result_signames[0]))

#define RESULT_SIGBUF	16	/* "SIG-2147483648" and the NUL */
#define RESULT_B64_IN	3072	/* bytes encoded at a time (a multiple of 3) */
#define RESULT_B64_OUT	(RESULT_B64_IN / 3 * 4 + 1)

static int		 result_string_or_null(struct buf *, const char *);

const char *
result_status_name(enum result_status st)
{
	switch (st) {
	case RESULT_OK:
		return "ok";
	case RESULT_RUNTIME_ERROR:
		return "runtime_error";
	case RESULT_TIMEOUT:
		return "timeout";
	case RESULT_MEMORY:
		return "memory";
	case RESULT_OUTPUT_LIMIT:
		return "output_limit";
	case RESULT_COMPILE_ERROR:
		return "compile_error";
	case RESULT_WRONG_ANSWER:
		return "wrong_answer";
	case RESULT_SKIPPED:
		return "skipped";
	}
	return "runtime_error";
}

const char *
result_signame(int sig, char *buf, size_t size)
{
	if (sig > 0 && sig < RESULT_NSIGNAMES)
		return result_signames[sig];
	if (buf == NULL || size == 0)
		return "SIG?";
	(void)snprintf(buf, size, "SIG%d", sig);
	return buf;
}

/*
 * Append ,"exitCode":N or null, ,"signal":"SIGX" or null (has_code:
 * there is an exit status to tell).
 */
static int
result_exit_json(struct buf *b, const struct result_run *r, int has_code)
{
	char		 sigbuf[RESULT_SIGBUF];
	const char	*sig;

	if ((has_code ? buf_appendf(b, ",\"exitCode\":%d", r->exit_code) :
	    buf_append(b, ",\"exitCode\":null", 16)) == -1)
		return -1;
	if (r->signal == 0)
		return buf_append(b, ",\"signal\":null", 14);
	sig = result_signame(r->signal, sigbuf, sizeof(sigbuf));
	if (buf_append(b, ",\"signal\":", 10) == -1 ||
	    jsonw_string(b, sig, strlen(sig)) == -1)
		return -1;
	return 0;
}

/* Append ,"cpuTimeMs":N,"memoryPeakKb":N, null each when unknown. */
static int
result_usage_json(struct buf *b, const struct result_run *r)
{
	if (r->has_usage)
		return buf_appendf(b, ",\"cpuTimeMs\":%lld,"
		    "\"memoryPeakKb\":%lld", r->cpu_time_ms,
		    r->memory_peak_kb);
	return buf_appendf(b, ",\"cpuTimeMs\":null,\"memoryPeakKb\":null");
}

/* Append ,"compile":{...}: the compile stage (docs/protocol.md). */
static int
result_compile_json(struct buf *b, const struct result_run *c)
{
	if (buf_appendf(b, ",\"compile\":{\"status\":\"%s\"",
	    result_status_name(c->status)) == -1 ||
	    jsonw_field(b, "stdout", &c->out) == -1 ||
	    jsonw_field(b, "stderr", &c->err) == -1 ||
	    result_exit_json(b, c, c->signal == 0 && !c->timed_out) == -1 ||
	    buf_appendf(b, ",\"durationMs\":%ld", c->duration_ms) == -1 ||
	    result_usage_json(b, c) == -1 || buf_append(b, "}", 1) == -1)
		return -1;
	return 0;
}

/* The end of s's last line that is not blank: trailing ' ', '\t', '\n'. */
static size_t
result_trim_end(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n'))
		n--;
	return n;
}

int
result_output_matches(const char *out, size_t outlen, const char *exp,
    size_t explen)
{
	const char	*a, *b, *ae, *be, *ea, *eb;
	size_t		 la, lb;

	/* Trailing newlines, and the blanks of the lines they end. */
	ae = out + result_trim_end(out, outlen);
	be = exp + result_trim_end(exp, explen);
	for (a = out, b = exp;; a = ea + 1, b = eb + 1) {
		if ((ea = memchr(a, '\n', (size_t)(ae - a))) == NULL)
			ea = ae;
		if ((eb = memchr(b, '\n', (size_t)(be - b))) == NULL)
			eb = be;
		/* Each line without the spaces and tabs that end it. */
		for (la = (size_t)(ea - a); la > 0 && (a[la - 1] == ' ' ||
		    a[la - 1] == '\t'); la--)
			;
		for (lb = (size_t)(eb - b); lb > 0 && (b[lb - 1] == ' ' ||
		    b[lb - 1] == '\t'); lb--)
			;
		if (la != lb || memcmp(a, b, la) != 0)
			return 0;
		if (ea == ae || eb == be)
			return ea == ae && eb == be;
	}
}

enum result_verdict
result_verdict(const struct result_run *r, const char *expected, size_t len)
{
	if (expected == NULL || r->status != RESULT_OK)
		return RESULT_VERDICT_NONE;
	return result_output_matches(r->out.data == NULL ? "" : r->out.data,
	    r->out.len, expected, len) ? RESULT_ACCEPTED : RESULT_REJECTED;
}

enum result_status
result_batch_status(const struct result *res, size_t *decider)
{
	size_t	i, last = res->ntests;

	for (i = 0; i < res->ntests; i++) {
		if (res->tests[i].run.status == RESULT_SKIPPED)
			continue;
		last = i;
		if (res->tests[i].run.status != RESULT_OK) {
			if (decider != NULL)
				*decider = i;
			return res->tests[i].run.status;
		}
	}
	for (i = 0; i < res->ntests; i++)
		if (res->tests[i].verdict == RESULT_REJECTED) {
			if (decider != NULL)
				*decider = i;
			return RESULT_WRONG_ANSWER;
		}
	if (decider != NULL)
		*decider = last;
	return last == res->ntests ? res->run.status : RESULT_OK;
}

/*
 * Append what one stage did: ,"stdout":...,"stderr":...,"combined":...
 * (with_combined), exitCode, signal, then ,"isError":... (with_is_error),
 * timedOut, oomKilled, truncated, durationMs, cpuTimeMs, memoryPeakKb.
 */
static int
result_run_json(struct buf *b, const struct result_run *r, int ran,
    int with_is_error, enum result_status status)
{
	int	has_code, is_error;

	has_code = ran && r->signal == 0 && !r->timed_out;
	is_error = status != RESULT_OK || !has_code || r->exit_code != 0 ||
	    r->oom_killed || r->truncated;
	if (jsonw_field(b, "stdout", &r->out) == -1 ||
	    jsonw_field(b, "stderr", &r->err) == -1 ||
	    jsonw_field(b, "combined", &r->combined) == -1 ||
	    result_exit_json(b, r, has_code) == -1)
		return -1;
	if (with_is_error && buf_appendf(b, ",\"isError\":%s",
	    is_error ? "true" : "false") == -1)
		return -1;
	if (buf_appendf(b, ",\"timedOut\":%s,\"oomKilled\":%s"
	    ",\"truncated\":%s,\"durationMs\":%ld",
	    r->timed_out ? "true" : "false",
	    r->oom_killed ? "true" : "false", r->truncated ? "true" : "false",
	    r->duration_ms) == -1 || result_usage_json(b, r) == -1)
		return -1;
	return 0;
}

/* Append ,"tests":[...]: each test of a batch (docs/protocol.md). */
static int
result_tests_json(struct buf *b, const struct result *res)
{
	static const char *const verdicts[] = {
		"null", "\"accepted\"", "\"wrong_answer\""
	};
	const struct result_test *t;
	size_t			 i;

	if (buf_append(b, ",\"tests\":[", 10) == -1)
		return -1;
	for (i = 0; i < res->ntests; i++) {
		t = &res->tests[i];
		if (buf_appendf(b, "%s{\"status\":\"%s\"", i > 0 ? "," : "",
		    result_status_name(t->run.status)) == -1 ||
		    result_run_json(b, &t->run, t->run.status != RESULT_SKIPPED,
		    0, t->run.status) == -1 ||
		    buf_appendf(b, ",\"verdict\":%s}",
		    verdicts[t->verdict]) == -1)
			return -1;
	}
	return buf_append(b, "]", 1);
}

/* Append len bytes of p as one base64 string (RFC 4648, section 4). */
static int
result_base64(struct buf *b, const char *p, size_t len)
{
	char	out[RESULT_B64_OUT];
	size_t	n;
	int	w;

	if (buf_append(b, "\"", 1) == -1)
		return -1;
	for (; len > 0; p += n, len -= n) {
		/* Whole groups of 3 until the last: no padding between. */
		n = len < RESULT_B64_IN ? len : RESULT_B64_IN;
		if ((w = b64_ntop((const unsigned char *)p, n, out,
		    sizeof(out))) == -1 || buf_append(b, out, (size_t)w) == -1)
			return -1;
	}
	return buf_append(b, "\"", 1);
}

/* Append ,"files":[...]: each file returnFiles asked for. */
static int
result_files_json(struct buf *b, const struct result *res)
{
	static const char *const types[] = {
		"\"file\"", "null", "\"symlink\"", "\"directory\"",
		"\"other\"", "null"
	};
	static const char *const errors[] = {
		NULL, "no such file",
		"a symbolic link: not followed",
		"a directory: only regular files are returned",
		"not a regular file",
		"cannot be read"
	};
	const struct result_file *f;
	const char		*error;
	size_t			 i;
	int			 regular;

	if (buf_append(b, ",\"files\":[", 10) == -1)
		return -1;
	for (i = 0; i < res->nfiles; i++) {
		f = &res->files[i];
		regular = f->done && f->kind == RESULT_FILE_REGULAR;
		error = !f->done ? "not returned: the run was stopped first" :
		    errors[f->kind];
		if (buf_append(b, i > 0 ? ",{\"name\":" : "{\"name\":",
		    i > 0 ? 9 : 8) == -1 ||
		    jsonw_string(b, f->name, strlen(f->name)) == -1 ||
		    buf_appendf(b, ",\"missing\":%s,\"type\":%s",
		    f->done && f->kind == RESULT_FILE_MISSING ? "true" : "false",
		    f->done ? types[f->kind] : "null") == -1)
			return -1;
		if (regular ? buf_appendf(b, ",\"size\":%lld,\"truncated\":%s"
		    ",\"contentBase64\":", f->size,
		    (long long)f->content.len < f->size ? "true" : "false") :
		    buf_appendf(b, ",\"size\":null,\"truncated\":false"
		    ",\"contentBase64\":null") == -1)
			return -1;
		if (regular && result_base64(b, f->content.data,
		    f->content.len) == -1)
			return -1;
		if (buf_append(b, ",\"error\":", 9) == -1 ||
		    (error == NULL ? buf_append(b, "null", 4) :
		    jsonw_string(b, error, strlen(error))) == -1 ||
		    buf_append(b, "}", 1) == -1)
			return -1;
	}
	return buf_append(b, "]", 1);
}

int
result_json(const struct result *res, struct buf *b)
{
	const struct result_run	*r = &res->run;
	const char		*lang;
	size_t			 oldlen = b->len, decider = res->ntests;
	int			 ran = res->ran;

	/* A batch's program fields are the test that decided its status. */
	if (res->ntests > 0) {
		(void)result_batch_status(res, &decider);
		if (decider < res->ntests)
			r = &res->tests[decider].run;
		else
			ran = 0;
	}
	lang = res->language == NULL ? "" : res->language;

	if (buf_appendf(b, "{\"status\":\"%s\"",
	    result_status_name(res->run.status)) == -1 ||
	    result_run_json(b, r, ran, 1, res->run.status) == -1)
		goto fail;
	if (res->compiled && result_compile_json(b, &res->compile) == -1)
		goto fail;
	if (res->ntests > 0 && result_tests_json(b, res) == -1)
		goto fail;
	if (res->nfiles > 0 && result_files_json(b, res) == -1)
		goto fail;
	if (buf_appendf(b, ",\"language\":") == -1 ||
	    jsonw_string(b, lang, strlen(lang)) == -1)
		goto fail;
	if (buf_appendf(b, ",\"limits\":{\"timeoutMs\":%d,\"memoryLimitMb\":%d",
	    res->timeout_ms, res->memory_mb) == -1 ||
	    (res->compiled && buf_appendf(b, ",\"compileTimeoutMs\":%d,"
	    "\"compileMemoryLimitMb\":%d", res->compile_timeout_ms,
	    res->compile_memory_mb) == -1) ||
	    buf_appendf(b, ",\"maxOutputBytes\":%zu}}",
	    res->max_output_bytes) == -1)
		goto fail;
	return 0;
fail:
	return buf_undo(b, oldlen);
}

int
result_error_json(const struct err *e, struct buf *b)
{
	const char	*msg;
	size_t		 oldlen = b->len, msglen;

	if (e->code == ERR_INTERNAL) {
		/* Details are for the log; the client learns nothing. */
		msg = "internal error";
		msglen = strlen(msg);
	} else {
		msg = e->msg;
		msglen = strnlen(e->msg, sizeof(e->msg));
	}
	if (buf_appendf(b, "{\"error\":\"%s\",\"message\":",
	    err_name(e->code)) == -1)
		goto fail;
	if (jsonw_string(b, msg, msglen) == -1)
		goto fail;
	if (e->code == ERR_RATE_LIMITED &&
	    buf_appendf(b, ",\"retryAfterMs\":%ld", e->retry_after_ms) == -1)
		goto fail;
	if (buf_append(b, "}", 1) == -1)
		goto fail;
	return 0;
fail:
	return buf_undo(b, oldlen);
}

/* Append s as a JSON string, or null when it is NULL or "". */
static int
result_string_or_null(struct buf *b, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return buf_append(b, "null", 4);
	return jsonw_string(b, s, strlen(s));
}

int
result_list_json(const struct catalog *cat, const struct config *cfg,
    struct buf *b)
{
	const struct catalog_entry	*ent;
	const struct language		*l;
	size_t				 oldlen = b->len, i, j, n;

	if (buf_append(b, "{\"languages\":[", 14) == -1)
		goto fail;
	for (i = 0; i < cat->n; i++) {
		ent = &cat->entries[i];
		l = ent->language;
		if (buf_append(b, i > 0 ? ",{\"name\":" : "{\"name\":",
		    i > 0 ? 9 : 8) == -1 ||
		    jsonw_string(b, l->name, strlen(l->name)) == -1 ||
		    buf_append(b, ",\"version\":", 11) == -1 ||
		    result_string_or_null(b, ent->version) == -1 ||
		    buf_append(b, ",\"aliases\":[", 12) == -1)
			goto fail;
		for (j = 0, n = 0; j < cfg->naliases; j++) {
			if (strcmp(cfg->aliases[j].language, l->name) != 0)
				continue;
			if ((n++ > 0 && buf_append(b, ",", 1) == -1) ||
			    jsonw_string(b, cfg->aliases[j].name,
			    strlen(cfg->aliases[j].name)) == -1)
				goto fail;
		}
		if (buf_appendf(b, "],\"compiled\":%s}",
		    config_compiled(l) ? "true" : "false") == -1)
			goto fail;
	}
	if (buf_append(b, "]}", 2) == -1)
		goto fail;
	return 0;
fail:
	return buf_undo(b, oldlen);
}

void
result_free(struct result *r)
{
	size_t	i;

	for (i = 0; i < r->ntests; i++) {
		buf_free(&r->tests[i].run.out);
		buf_free(&r->tests[i].run.err);
		buf_free(&r->tests[i].run.combined);
	}
	free(r->tests);
	r->tests = NULL;
	r->ntests = 0;
	for (i = 0; i < r->nfiles; i++)
		buf_free(&r->files[i].content);
	free(r->files);
	r->files = NULL;
	r->nfiles = 0;
	buf_free(&r->run.out);
	buf_free(&r->run.err);
	buf_free(&r->run.combined);
	buf_free(&r->compile.out);
	buf_free(&r->compile.err);
	buf_free(&r->compile.combined);
}
