/*
 * result-t.c: unit tests for the result, error and listing reply objects
 * (result.c).
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "err.h"
#include "result.h"
#include "tap.h"
#include "utf8.h"

static const char *const fields[] = {
	"status", "stdout", "stderr", "combined", "exitCode", "signal",
	"isError", "timedOut", "oomKilled", "truncated", "durationMs",
	"cpuTimeMs", "memoryPeakKb", "language", "limits"
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

struct want {
	const char	*what;
	const char	*status;
	int		 has_code;
	int		 exit_code;
	const char	*signal;	/* NULL: null */
	int		 is_error;
};

static void	set_output(struct result *, const char *, const char *);
static cJSON	*parse(const struct buf *, const char *);
static void	check_bool(const cJSON *, const char *, int, const char *);
static void	check_num(const cJSON *, const char *, double, const char *);
static void	check_str(const cJSON *, const char *, const char *,
		    const char *);
static void	check_result(struct result *, const struct want *);
static void	test_list(void);
static void	test_compile(void);

static void
set_output(struct result *r, const char *out, const char *err)
{
	if (buf_append(&r->run.out, out, strlen(out)) == -1 ||
	    buf_append(&r->run.err, err, strlen(err)) == -1 ||
	    buf_append(&r->run.combined, out, strlen(out)) == -1 ||
	    buf_append(&r->run.combined, err, strlen(err)) == -1)
		bail("out of memory");
}

static cJSON *
parse(const struct buf *b, const char *what)
{
	cJSON		*v;
	const char	*end = NULL;

	v = cJSON_ParseWithLengthOpts(b->data, b->len, &end, 0);
	ok(v != NULL && cJSON_IsObject(v) && end == b->data + b->len,
	    "%s: the reply is one JSON object", what);
	if (v == NULL)
		diag("unparsable: %s", b->data);
	return v;
}

static void
check_bool(const cJSON *o, const char *name, int want, const char *what)
{
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(o, name);

	ok(cJSON_IsBool(f) && (cJSON_IsTrue(f) ? 1 : 0) == want,
	    "%s: %s is %s", what, name, want ? "true" : "false");
}

static void
check_num(const cJSON *o, const char *name, double want, const char *what)
{
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(o, name);

	ok(cJSON_IsNumber(f) && f->valuedouble == want,
	    "%s: %s is the number %.0f", what, name, want);
}

static void
check_str(const cJSON *o, const char *name, const char *want,
    const char *what)
{
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(o, name);

	if (want == NULL) {
		ok(cJSON_IsNull(f), "%s: %s is null", what, name);
		return;
	}
	ok(cJSON_IsString(f) && strcmp(f->valuestring, want) == 0,
	    "%s: %s is \"%s\"", what, name, want);
}

/* Fill in the common parts, write, parse and check every field. */
static void
check_result(struct result *r, const struct want *w)
{
	struct buf	 b = { 0 };
	cJSON		*v, *f, *lim;
	size_t		 i;
	int		 inorder;

	set_output(r, "line 1 out", "line 1 err");
	r->ran = 1;	/* every case here is a program that ran */
	r->run.duration_ms = 41;
	r->language = "python";
	r->timeout_ms = 3000;
	r->memory_mb = 64;
	r->max_output_bytes = 1048576;

	is_int(result_json(r, &b), 0, "%s: result_json returns 0", w->what);
	if ((v = parse(&b, w->what)) == NULL) {
		buf_free(&b);
		result_free(r);
		return;
	}
	inorder = cJSON_GetArraySize(v) == (int)NFIELDS;
	for (i = 0, f = v->child; inorder && f != NULL; i++, f = f->next)
		if (strcmp(f->string, fields[i]) != 0)
			inorder = 0;
	ok(inorder, "%s: the fields are exactly those of docs/protocol.md, "
	    "in order", w->what);

	check_str(v, "status", w->status, w->what);
	check_str(v, "stdout", "line 1 out", w->what);
	check_str(v, "stderr", "line 1 err", w->what);
	check_str(v, "combined", "line 1 outline 1 err", w->what);
	if (w->has_code)
		check_num(v, "exitCode", w->exit_code, w->what);
	else
		check_str(v, "exitCode", NULL, w->what);
	check_str(v, "signal", w->signal, w->what);
	check_bool(v, "isError", w->is_error, w->what);
	check_bool(v, "timedOut", r->run.timed_out, w->what);
	check_bool(v, "oomKilled", r->run.oom_killed, w->what);
	check_bool(v, "truncated", r->run.truncated, w->what);
	check_num(v, "durationMs", 41, w->what);
	if (r->run.has_usage) {
		check_num(v, "cpuTimeMs", (double)r->run.cpu_time_ms, w->what);
		check_num(v, "memoryPeakKb", (double)r->run.memory_peak_kb,
		    w->what);
	} else {
		check_str(v, "cpuTimeMs", NULL, w->what);
		check_str(v, "memoryPeakKb", NULL, w->what);
	}
	check_str(v, "language", "python", w->what);
	lim = cJSON_GetObjectItemCaseSensitive(v, "limits");
	ok(cJSON_IsObject(lim) && cJSON_GetArraySize(lim) == 3,
	    "%s: limits is an object with three fields", w->what);
	check_num(lim, "timeoutMs", 3000, w->what);
	check_num(lim, "memoryLimitMb", 64, w->what);
	check_num(lim, "maxOutputBytes", 1048576, w->what);

	cJSON_Delete(v);
	buf_free(&b);
	result_free(r);
}

static void
test_results(void)
{
	struct result	r;
	struct want	w;

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_OK;
	w = (struct want){ "ok run", "ok", 1, 0, NULL, 0 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_RUNTIME_ERROR;
	r.run.exit_code = 3;
	r.run.has_usage = 1;
	r.run.cpu_time_ms = 512;
	r.run.memory_peak_kb = 104857600000LL;	/* past 32 bits */
	w = (struct want){ "exit 3 with usage figures", "runtime_error", 1, 3,
	    NULL, 1 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_RUNTIME_ERROR;
	r.run.exit_code = 137;
	r.run.signal = 9;
	w = (struct want){ "killed by signal 9", "runtime_error", 0, 0,
	    "SIGKILL", 1 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_RUNTIME_ERROR;
	r.run.signal = 34;
	w = (struct want){ "killed by real-time signal 34", "runtime_error",
	    0, 0, "SIG34", 1 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_TIMEOUT;
	r.run.timed_out = 1;
	w = (struct want){ "timeout", "timeout", 0, 0, NULL, 1 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_MEMORY;
	r.run.oom_killed = 1;
	r.run.signal = 9;
	w = (struct want){ "out of memory", "memory", 0, 0, "SIGKILL", 1 };
	check_result(&r, &w);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_OUTPUT_LIMIT;
	r.run.truncated = 1;
	w = (struct want){ "output limit with exit 0", "output_limit", 1, 0,
	    NULL, 1 };
	check_result(&r, &w);
}

static void
test_untrusted_output(void)
{
	static const char	 out[] = "a\0b\xff\xc0\xaf\"\\\n\xe2\x80\xa8z";
	struct result		 r;
	struct buf		 b = { 0 };
	cJSON			*v, *f;
	const char		*what = "stdout with NUL and invalid UTF-8";

	memset(&r, 0, sizeof(r));
	if (buf_append(&r.run.out, out, sizeof(out) - 1) == -1 ||
	    buf_append(&r.run.combined, out, sizeof(out) - 1) == -1)
		bail("out of memory");
	r.language = "python";
	is_int(result_json(&r, &b), 0, "%s: result_json returns 0", what);
	ok(utf8_valid(b.data, b.len), "%s: the reply is valid UTF-8", what);
	ok(strstr(b.data, "\"stdout\":\"a\\u0000b\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\\\"\\\\\\n\\u2028z\"") != NULL,
	    "%s: NUL is \\u0000 and each bad byte one U+FFFD", what);
	if ((v = parse(&b, what)) != NULL) {
		f = cJSON_GetObjectItemCaseSensitive(v, "stdout");
		ok(cJSON_IsString(f) && strcmp(f->valuestring, "a") == 0,
		    "%s: stdout decodes up to the NUL", what);
		f = cJSON_GetObjectItemCaseSensitive(v, "stderr");
		ok(cJSON_IsString(f) && f->valuestring[0] == '\0',
		    "%s: empty stderr is the empty string", what);
		cJSON_Delete(v);
	}
	buf_free(&b);
	result_free(&r);
	ok(r.run.out.data == NULL && r.run.err.data == NULL &&
	    r.run.combined.data == NULL && r.run.out.len == 0,
	    "result_free frees and clears the three buffers");
}

static void
test_signame(void)
{
	static const struct {
		int		 sig;
		const char	*name;
	} names[] = {
		{ 1, "SIGHUP" }, { 2, "SIGINT" }, { 6, "SIGABRT" },
		{ 9, "SIGKILL" }, { 11, "SIGSEGV" }, { 13, "SIGPIPE" },
		{ 15, "SIGTERM" }, { 16, "SIGSTKFLT" }, { 17, "SIGCHLD" },
		{ 24, "SIGXCPU" }, { 25, "SIGXFSZ" }, { 30, "SIGPWR" },
		{ 31, "SIGSYS" }, { 32, "SIG32" }, { 34, "SIG34" },
		{ 64, "SIG64" }, { 0, "SIG0" }, { -1, "SIG-1" }
	};
	char	buf[16], small[4];
	size_t	i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		is_string(result_signame(names[i].sig, buf, sizeof(buf)),
		    names[i].name, "result_signame names signal %d %s",
		    names[i].sig, names[i].name);
	is_string(result_signame(34, small, sizeof(small)), "SIG",
	    "result_signame truncates to the caller's buffer");
	ok(result_signame(99, NULL, 0) != NULL,
	    "result_signame without a buffer still returns a string");
}

static void
test_errors(void)
{
	static const struct {
		enum err_code	 code;
		const char	*name;
	} codes[] = {
		{ ERR_BAD_FRAME, "bad_frame" },
		{ ERR_TOO_LARGE, "too_large" },
		{ ERR_READ_TIMEOUT, "read_timeout" },
		{ ERR_BAD_REQUEST, "bad_request" },
		{ ERR_UNAUTHORIZED, "unauthorized" },
		{ ERR_FORBIDDEN, "forbidden" },
		{ ERR_RATE_LIMITED, "rate_limited" },
		{ ERR_BUSY, "busy" },
		{ ERR_UNSUPPORTED_LANGUAGE, "unsupported_language" },
		{ ERR_UNAVAILABLE, "unavailable" },
		{ ERR_INTERNAL, "internal" }
	};
	struct err	 e;
	struct buf	 b = { 0 };
	cJSON		*v, *f;
	size_t		 i;
	int		 rate;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		memset(&e, 0, sizeof(e));
		(void)err_set(&e, codes[i].code, "detail \"%s\" \xff\n",
		    codes[i].name);
		e.retry_after_ms = 1200;
		rate = codes[i].code == ERR_RATE_LIMITED;
		b.len = 0;
		is_int(result_error_json(&e, &b), 0,
		    "%s: result_error_json returns 0", codes[i].name);
		if ((v = parse(&b, codes[i].name)) == NULL)
			continue;
		is_int(cJSON_GetArraySize(v), rate ? 3 : 2,
		    "%s: the reply has %s", codes[i].name, rate ?
		    "error, message and retryAfterMs" :
		    "error and message only");
		check_str(v, "error", codes[i].name, codes[i].name);
		f = cJSON_GetObjectItemCaseSensitive(v, "message");
		if (codes[i].code == ERR_INTERNAL)
			ok(cJSON_IsString(f) && strcmp(f->valuestring,
			    "internal error") == 0 &&
			    strstr(b.data, "detail") == NULL,
			    "%s: the message is generic and hides the detail",
			    codes[i].name);
		else
			ok(cJSON_IsString(f) && strncmp(f->valuestring,
			    "detail \"", 8) == 0 && strstr(f->valuestring,
			    "\xef\xbf\xbd\n") != NULL,
			    "%s: the message is sent, bad bytes replaced",
			    codes[i].name);
		if (rate)
			check_num(v, "retryAfterMs", 1200, codes[i].name);
		else
			ok(cJSON_GetObjectItemCaseSensitive(v,
			    "retryAfterMs") == NULL,
			    "%s: there is no retryAfterMs", codes[i].name);
		cJSON_Delete(v);
	}

	memset(&e, 0, sizeof(e));
	(void)err_set(&e, ERR_RATE_LIMITED, "too many requests from %s",
	    "192.0.2.7");
	e.retry_after_ms = 1200;
	b.len = 0;
	(void)result_error_json(&e, &b);
	is_string(b.data, "{\"error\":\"rate_limited\",\"message\":\"too many "
	    "requests from 192.0.2.7\",\"retryAfterMs\":1200}",
	    "rate_limited reads exactly as docs/protocol.md's example");
	buf_free(&b);
}

static void
test_list(void)
{
	struct config	 cfg;
	struct catalog	 cat;
	struct buf	 b = { 0 };
	cJSON		*v, *l, *el;

	config_defaults(&cfg);
	memset(&cat, 0, sizeof(cat));
	cat.n = 3;
	cat.entries[0].language = &cfg.languages[0];
	(void)strlcpy(cat.entries[0].version, "Python 3.11.2",
	    sizeof(cat.entries[0].version));
	cat.entries[1].language = &cfg.languages[1];
	cat.entries[2].language = &cfg.languages[2];
	(void)strlcpy(cat.entries[2].version, "ruby \"3\"\n\\\x01\xff",
	    sizeof(cat.entries[2].version));
	is_int(result_list_json(&cat, &cfg, &b), 0,
	    "listing: result_list_json returns 0");
	is_string(b.data, "{\"languages\":["
	    "{\"name\":\"python\",\"version\":\"Python 3.11.2\","
	    "\"aliases\":[\"py\"],\"compiled\":false},"
	    "{\"name\":\"javascript\",\"version\":null,"
	    "\"aliases\":[\"js\",\"node\"],\"compiled\":false},"
	    "{\"name\":\"ruby\",\"version\":\"ruby \\\"3\\\"\\n\\\\\\u0001\xef\xbf\xbd\","
	    "\"aliases\":[\"rb\"],\"compiled\":false}]}",
	    "listing: names, versions (null without one, escaped, bad bytes "
	    "replaced), aliases and compiled, in the config's order");
	if ((v = parse(&b, "listing")) != NULL) {
		l = cJSON_GetObjectItemCaseSensitive(v, "languages");
		ok(cJSON_IsArray(l) && cJSON_GetArraySize(l) == 3 &&
		    cJSON_GetArraySize(v) == 1,
		    "listing: the reply holds languages, an array of 3, only");
		el = cJSON_GetArrayItem(l, 2);
		ok(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(el,
		    "version")) && strcmp(cJSON_GetObjectItemCaseSensitive(el,
		    "version")->valuestring, "ruby \"3\"\n\\\x01\xef\xbf\xbd") ==
		    0, "listing: ruby's version parses back to its bytes, "
		    "U+FFFD for the bad one");
		el = cJSON_GetArrayItem(l, 1);
		check_str(el, "version", NULL, "listing: javascript");
		cJSON_Delete(v);
	}

	/* No aliases at all: an empty array for each language. */
	cfg.naliases = 0;
	b.len = 0;
	is_int(result_list_json(&cat, &cfg, &b), 0,
	    "listing without aliases: result_list_json returns 0");
	ok(strstr(b.data, "{\"name\":\"python\",\"version\":\"Python "
	    "3.11.2\",\"aliases\":[],\"compiled\":false}") != NULL,
	    "listing: a language without aliases has an empty array");
	cat.n = 0;
	b.len = 0;
	is_int(result_list_json(&cat, &cfg, &b), 0,
	    "an empty listing: result_list_json returns 0");
	is_string(b.data, "{\"languages\":[]}",
	    "an empty listing is an empty array");
	buf_free(&b);
}

/* A compiled language's reply: compile's object, and a failed compile. */
static void
test_compile(void)
{
	struct result	 r;
	struct buf	 b = { 0 };
	cJSON		*v, *c, *lim;
	const char	*what;

	memset(&r, 0, sizeof(r));
	r.compiled = 1;
	r.compile.status = RESULT_COMPILE_ERROR;
	r.compile.exit_code = 1;
	r.compile.duration_ms = 312;
	r.compile.has_usage = 1;
	r.compile.cpu_time_ms = 240;
	r.compile.memory_peak_kb = 61440;
	(void)buf_append(&r.compile.err, "main.c:1: error\n", 16);
	r.run.status = RESULT_COMPILE_ERROR;
	r.language = "c";
	r.compile_timeout_ms = 10000;
	r.compile_memory_mb = 512;
	what = "failed compile";
	is_int(result_json(&r, &b), 0, "%s: result_json returns 0", what);
	if ((v = parse(&b, what)) != NULL) {
		check_str(v, "status", "compile_error", what);
		check_str(v, "signal", NULL, what);
		ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(v,
		    "exitCode")), "%s: exitCode is null: the program never "
		    "ran", what);
		ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(v,
		    "cpuTimeMs")), "%s: cpuTimeMs is null", what);
		check_bool(v, "isError", 1, what);
		c = cJSON_GetObjectItemCaseSensitive(v, "compile");
		check_str(c, "status", "compile_error", "compile");
		check_str(c, "stderr", "main.c:1: error\n", "compile");
		check_str(c, "stdout", "", "compile");
		check_num(c, "exitCode", 1, "compile");
		check_str(c, "signal", NULL, "compile");
		check_num(c, "durationMs", 312, "compile");
		check_num(c, "cpuTimeMs", 240, "compile");
		check_num(c, "memoryPeakKb", 61440, "compile");
		is_int(cJSON_GetArraySize(c), 8, "compile has exactly the "
		    "eight fields of docs/protocol.md");
		lim = cJSON_GetObjectItemCaseSensitive(v, "limits");
		check_num(lim, "compileTimeoutMs", 10000, "limits");
		check_num(lim, "compileMemoryLimitMb", 512, "limits");
		cJSON_Delete(v);
	}
	buf_free(&b);
	result_free(&r);

	memset(&r, 0, sizeof(r));
	r.run.status = RESULT_OK;
	r.ran = 1;
	is_int(result_json(&r, &b), 0, "interpreted: result_json returns 0");
	if ((v = parse(&b, "interpreted")) != NULL) {
		lim = cJSON_GetObjectItemCaseSensitive(v, "limits");
		ok(cJSON_GetObjectItemCaseSensitive(v, "compile") == NULL &&
		    cJSON_GetObjectItemCaseSensitive(lim,
		    "compileTimeoutMs") == NULL,
		    "a language without a compile step has no compile, nor "
		    "its limits");
		cJSON_Delete(v);
	}
	buf_free(&b);
	result_free(&r);
}

int
main(void)
{
	test_results();
	test_untrusted_output();
	test_compile();
	test_signame();
	test_errors();
	test_list();
	done_testing();
	return exit_status();
}
