/*
 * result.c: the reply objects of docs/protocol.md: a result, a refusal
 * ("Refusals and failures") and a listing ("Listing").
 */
#include <stdio.h>
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

static int		 result_field(struct buf *, const char *,
			    const struct buf *);
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
	}
	return "runtime_error";
}

/* Append ,"name":"<bytes of v>". */
static int
result_field(struct buf *b, const char *name, const struct buf *v)
{
	if (buf_appendf(b, ",\"%s\":", name) == -1)
		return -1;
	return jsonw_string(b, v->data == NULL ? "" : v->data, v->len);
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

/* Take back what a failed append left after oldlen; returns -1. */
static int
result_undo(struct buf *b, size_t oldlen)
{
	if (b->data != NULL) {
		b->len = oldlen;
		b->data[b->len] = '\0';
	}
	return -1;
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
	    result_field(b, "stdout", &c->out) == -1 ||
	    result_field(b, "stderr", &c->err) == -1 ||
	    result_exit_json(b, c, c->signal == 0 && !c->timed_out) == -1 ||
	    buf_appendf(b, ",\"durationMs\":%ld", c->duration_ms) == -1 ||
	    result_usage_json(b, c) == -1 || buf_append(b, "}", 1) == -1)
		return -1;
	return 0;
}

int
result_json(const struct result *res, struct buf *b)
{
	const struct result_run	*r = &res->run;
	const char		*lang;
	size_t			 oldlen = b->len;
	int			 has_code, is_error;

	has_code = res->ran && r->signal == 0 && !r->timed_out;
	is_error = r->status != RESULT_OK || !has_code || r->exit_code != 0 ||
	    r->oom_killed || r->truncated;
	lang = res->language == NULL ? "" : res->language;

	if (buf_appendf(b, "{\"status\":\"%s\"",
	    result_status_name(r->status)) == -1)
		goto fail;
	if (result_field(b, "stdout", &r->out) == -1 ||
	    result_field(b, "stderr", &r->err) == -1 ||
	    result_field(b, "combined", &r->combined) == -1 ||
	    result_exit_json(b, r, has_code) == -1)
		goto fail;
	if (buf_appendf(b, ",\"isError\":%s,\"timedOut\":%s,\"oomKilled\":%s"
	    ",\"truncated\":%s,\"durationMs\":%ld",
	    is_error ? "true" : "false", r->timed_out ? "true" : "false",
	    r->oom_killed ? "true" : "false", r->truncated ? "true" : "false",
	    r->duration_ms) == -1 || result_usage_json(b, r) == -1)
		goto fail;
	if (res->compiled && result_compile_json(b, &res->compile) == -1)
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
	return result_undo(b, oldlen);
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
	return result_undo(b, oldlen);
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
	return result_undo(b, oldlen);
}

void
result_free(struct result *r)
{
	buf_free(&r->run.out);
	buf_free(&r->run.err);
	buf_free(&r->run.combined);
	buf_free(&r->compile.out);
	buf_free(&r->compile.err);
	buf_free(&r->compile.combined);
}
