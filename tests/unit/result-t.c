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
static void	test_matches(void);
static void	test_batch(void);
static void	test_files(void);

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

/* The comparison of a test's stdout with its expectedOutput. */
static void
test_matches(void)
{
	static const struct {
		const char	*out, *exp;
		int		 want;
		const char	*what;
	} cases[] = {
		{ "3\n", "3\n", 1, "equal" },
		{ "3", "3\n", 1, "a missing final newline" },
		{ "3\n\n\n", "3", 1, "extra final newlines" },
		{ "1 2  \n3\t\n", "1 2\n3", 1, "spaces and tabs at line ends" },
		{ "1\n \t\n\n", "1\n", 1, "blank lines at the end" },
		{ "", "", 1, "both empty" },
		{ "\n\n", "", 1, "only newlines against nothing" },
		{ "3\n", "4\n", 0, "a different line" },
		{ "1 2\n", "1  2\n", 0, "spaces inside a line count" },
		{ " 3\n", "3\n", 0, "leading spaces count" },
		{ "3\r\n", "3\n", 0, "a carriage return counts" },
		{ "a\nb\n", "a\n\nb\n", 0, "an empty line inside counts" },
		{ "a\n\nb", "a\nb", 0, "an empty line inside counts, the other way" },
		{ "Yes\n", "yes\n", 0, "case counts" },
		{ "1\n2\n", "1\n", 0, "an extra line" },
		{ "1\n", "1\n2\n", 0, "a missing line" },
		{ "", "0", 0, "nothing against something" },
		{ "x\t", "x  ", 1, "a tab or spaces at the very end" },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(result_output_matches(cases[i].out,
		    strlen(cases[i].out), cases[i].exp, strlen(cases[i].exp)),
		    cases[i].want, "matches: %s", cases[i].what);
	is_int(result_output_matches("a\0b\n", 4, "a\0b", 3), 1,
	    "matches: NUL bytes are compared as bytes");
	is_int(result_output_matches("a\0c\n", 4, "a\0b", 3), 0,
	    "matches: a byte after a NUL counts");
}

/* Put one test's figures and stdout in t. */
static void
set_test(struct result_test *t, enum result_status st, const char *out,
    enum result_verdict v)
{
	t->run.status = st;
	t->verdict = v;
	if (st == RESULT_SKIPPED)
		return;
	t->run.has_usage = 1;
	t->run.cpu_time_ms = 7;
	t->run.memory_peak_kb = 900;
	t->run.duration_ms = 11;
	if (st == RESULT_TIMEOUT) {
		t->run.timed_out = 1;
		t->run.signal = 9;
		t->run.exit_code = 137;
	}
	if (buf_append(&t->run.out, out, strlen(out)) == -1 ||
	    buf_append(&t->run.combined, out, strlen(out)) == -1)
		bail("out of memory");
}

/* A batch: its status, the deciding test, the tests array. */
static void
test_batch(void)
{
	static const char *const test_fields[] = {
		"status", "stdout", "stderr", "combined", "exitCode", "signal",
		"timedOut", "oomKilled", "truncated", "durationMs",
		"cpuTimeMs", "memoryPeakKb", "verdict"
	};
	struct result_run	 r;
	struct result		 res;
	struct buf		 b = { 0 };
	cJSON			*v, *tests, *t;
	size_t			 d, i;

	memset(&r, 0, sizeof(r));
	r.status = RESULT_OK;
	(void)buf_append(&r.out, "42 \n", 4);
	is_int(result_verdict(&r, "42", 2), RESULT_ACCEPTED,
	    "verdict: accepted when the output matches");
	is_int(result_verdict(&r, "41", 2), RESULT_REJECTED,
	    "verdict: rejected when it does not");
	is_int(result_verdict(&r, NULL, 0), RESULT_VERDICT_NONE,
	    "verdict: none without an expected output");
	r.status = RESULT_RUNTIME_ERROR;
	is_int(result_verdict(&r, "42", 2), RESULT_VERDICT_NONE,
	    "verdict: none for a test that failed, even with the output");
	buf_free(&r.out);
	memset(&r, 0, sizeof(r));
	r.status = RESULT_OK;
	is_int(result_verdict(&r, "", 0), RESULT_ACCEPTED,
	    "verdict: no output at all matches an empty expected output");

	memset(&res, 0, sizeof(res));
	res.ran = 1;
	res.language = "python";
	res.ntests = 4;
	if ((res.tests = calloc(res.ntests, sizeof(*res.tests))) == NULL)
		bail("out of memory");
	set_test(&res.tests[0], RESULT_OK, "1\n", RESULT_ACCEPTED);
	set_test(&res.tests[1], RESULT_OK, "2\n", RESULT_ACCEPTED);
	set_test(&res.tests[2], RESULT_OK, "3\n", RESULT_VERDICT_NONE);
	set_test(&res.tests[3], RESULT_OK, "4\n", RESULT_ACCEPTED);
	is_int(result_batch_status(&res, &d), RESULT_OK,
	    "batch: ok when every test is ok and none rejected");
	is_int((int)d, 3, "batch: the last test decides when all pass");

	res.tests[1].verdict = RESULT_REJECTED;
	res.tests[3].verdict = RESULT_REJECTED;
	is_int(result_batch_status(&res, &d), RESULT_WRONG_ANSWER,
	    "batch: wrong_answer when all ran but one mismatched");
	is_int((int)d, 1, "batch: the first rejected test decides");

	res.tests[2].run.status = RESULT_TIMEOUT;
	res.tests[2].run.timed_out = 1;
	is_int(result_batch_status(&res, &d), RESULT_TIMEOUT,
	    "batch: a test that failed outranks a wrong answer before it");
	is_int((int)d, 2, "batch: the first failed test decides");

	buf_free(&res.tests[2].run.out);
	buf_free(&res.tests[2].run.combined);
	buf_free(&res.tests[3].run.out);
	buf_free(&res.tests[3].run.combined);
	memset(&res.tests[2], 0, sizeof(res.tests[2]));
	memset(&res.tests[3], 0, sizeof(res.tests[3]));
	set_test(&res.tests[2], RESULT_TIMEOUT, "3", RESULT_VERDICT_NONE);
	set_test(&res.tests[3], RESULT_SKIPPED, "", RESULT_VERDICT_NONE);
	res.run.status = result_batch_status(&res, NULL);
	is_int(res.run.status, RESULT_TIMEOUT, "batch: a skipped test "
	    "after a failure: the failure's status");
	is_int(result_json(&res, &b), 0, "batch: result_json returns 0");
	if ((v = parse(&b, "batch")) != NULL) {
		check_str(v, "status", "timeout", "batch");
		check_str(v, "stdout", "3", "batch: the top level is test 2's");
		check_bool(v, "timedOut", 1, "batch");
		check_bool(v, "isError", 1, "batch");
		check_str(v, "signal", "SIGKILL", "batch");
		tests = cJSON_GetObjectItemCaseSensitive(v, "tests");
		ok(cJSON_IsArray(tests) && cJSON_GetArraySize(tests) == 4,
		    "batch: tests holds one entry per test");
		t = cJSON_GetArrayItem(tests, 0);
		is_int(cJSON_GetArraySize(t), (int)(sizeof(test_fields) /
		    sizeof(test_fields[0])), "batch: a test has the %zu "
		    "fields of docs/protocol.md", sizeof(test_fields) /
		    sizeof(test_fields[0]));
		for (i = 0; i < sizeof(test_fields) / sizeof(test_fields[0]);
		    i++)
			ok(cJSON_GetObjectItemCaseSensitive(t,
			    test_fields[i]) != NULL, "batch: a test has %s",
			    test_fields[i]);
		check_str(t, "verdict", "accepted", "tests[0]");
		check_num(t, "exitCode", 0, "tests[0]");
		check_num(t, "durationMs", 11, "tests[0]");
		t = cJSON_GetArrayItem(tests, 1);
		check_str(t, "verdict", "wrong_answer", "tests[1]");
		check_str(t, "status", "ok", "tests[1]");
		t = cJSON_GetArrayItem(tests, 2);
		check_str(t, "status", "timeout", "tests[2]");
		check_str(t, "verdict", NULL, "tests[2]");
		ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t,
		    "exitCode")), "tests[2]: exitCode is null after a timeout");
		t = cJSON_GetArrayItem(tests, 3);
		check_str(t, "status", "skipped", "tests[3]");
		check_str(t, "stdout", "", "tests[3]");
		check_num(t, "durationMs", 0, "tests[3]");
		ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t,
		    "exitCode")) && cJSON_IsNull(
		    cJSON_GetObjectItemCaseSensitive(t, "cpuTimeMs")),
		    "tests[3]: a skipped test has no exit code, no figures");
		cJSON_Delete(v);
	}
	buf_free(&b);

	for (i = 0; i < res.ntests; i++)
		set_test(&res.tests[i], RESULT_SKIPPED, "", RESULT_VERDICT_NONE);
	res.run.status = RESULT_COMPILE_ERROR;
	res.ran = 0;
	is_int(result_batch_status(&res, &d), RESULT_COMPILE_ERROR,
	    "batch: no test ran: the status stays the run's");
	is_int((int)d, 4, "batch: no test decides when none ran");
	is_int(result_json(&res, &b), 0, "batch, none ran: result_json "
	    "returns 0");
	if ((v = parse(&b, "batch, none ran")) != NULL) {
		check_str(v, "status", "compile_error", "batch, none ran");
		ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(v,
		    "exitCode")), "batch, none ran: exitCode is null");
		cJSON_Delete(v);
	}
	buf_free(&b);
	result_free(&res);
	ok(res.tests == NULL && res.ntests == 0, "result_free frees the tests");
}

/* The files returned: each kind, base64, truncation. */
static void
test_files(void)
{
	struct result	 res;
	struct buf	 b = { 0 };
	cJSON		*v, *files, *f;
	int		 i;

	memset(&res, 0, sizeof(res));
	res.ran = 1;
	res.run.status = RESULT_OK;
	res.nfiles = 8;
	if ((res.files = calloc(res.nfiles, sizeof(*res.files))) == NULL)
		bail("out of memory");
	res.files[0] = (struct result_file){ "out.bin", 1,
	    RESULT_FILE_REGULAR, 5, { 0 } };
	(void)buf_append(&res.files[0].content, "\0\xff\x01" "ab", 5);
	res.files[1] = (struct result_file){ "big.txt", 1,
	    RESULT_FILE_REGULAR, 10, { 0 } };
	(void)buf_append(&res.files[1].content, "abcd", 4);
	res.files[2] = (struct result_file){ "gone", 1, RESULT_FILE_MISSING,
	    0, { 0 } };
	res.files[3] = (struct result_file){ "link", 1, RESULT_FILE_SYMLINK,
	    0, { 0 } };
	res.files[4] = (struct result_file){ "dir", 1, RESULT_FILE_DIRECTORY,
	    0, { 0 } };
	res.files[5] = (struct result_file){ "fifo", 1, RESULT_FILE_OTHER,
	    0, { 0 } };
	res.files[6] = (struct result_file){ "locked", 1,
	    RESULT_FILE_UNREADABLE, 0, { 0 } };
	res.files[7] = (struct result_file){ "late", 0, RESULT_FILE_REGULAR,
	    0, { 0 } };
	is_int(result_json(&res, &b), 0, "files: result_json returns 0");
	if ((v = parse(&b, "files")) != NULL) {
		files = cJSON_GetObjectItemCaseSensitive(v, "files");
		ok(cJSON_IsArray(files) && cJSON_GetArraySize(files) == 8,
		    "files: one entry per name asked for, in order");
		for (i = 0; i < 8; i++)
			is_int(cJSON_GetArraySize(cJSON_GetArrayItem(files,
			    i)), 7, "files[%d]: the 7 fields", i);
		f = cJSON_GetArrayItem(files, 0);
		check_str(f, "name", "out.bin", "files[0]");
		check_str(f, "contentBase64", "AP8BYWI=", "files[0]: any "
		    "bytes, base64");
		check_num(f, "size", 5, "files[0]");
		check_bool(f, "truncated", 0, "files[0]");
		check_bool(f, "missing", 0, "files[0]");
		check_str(f, "type", "file", "files[0]");
		check_str(f, "error", NULL, "files[0]");
		f = cJSON_GetArrayItem(files, 1);
		check_str(f, "contentBase64", "YWJjZA==", "files[1]: what "
		    "the cap left");
		check_num(f, "size", 10, "files[1]: the file's whole size");
		check_bool(f, "truncated", 1, "files[1]");
		f = cJSON_GetArrayItem(files, 2);
		check_bool(f, "missing", 1, "files[2]");
		check_str(f, "type", NULL, "files[2]");
		check_str(f, "contentBase64", NULL, "files[2]");
		check_str(f, "error", "no such file", "files[2]");
		f = cJSON_GetArrayItem(files, 3);
		check_str(f, "type", "symlink", "files[3]");
		check_str(f, "error", "a symbolic link: not followed",
		    "files[3]");
		check_str(f, "contentBase64", NULL, "files[3]: no content");
		f = cJSON_GetArrayItem(files, 4);
		check_str(f, "type", "directory", "files[4]");
		f = cJSON_GetArrayItem(files, 5);
		check_str(f, "type", "other", "files[5]");
		f = cJSON_GetArrayItem(files, 6);
		check_str(f, "error", "cannot be read", "files[6]");
		f = cJSON_GetArrayItem(files, 7);
		check_str(f, "error", "not returned: the run was stopped "
		    "first", "files[7]");
		check_bool(f, "missing", 0, "files[7]: not said missing");
		cJSON_Delete(v);
	}
	buf_free(&b);

	/* 3 KiB and more: encoded in pieces, with no padding between. */
	buf_free(&res.files[0].content);
	for (i = 0; i < 3073; i++)
		(void)buf_append(&res.files[0].content, "a", 1);
	res.files[0].size = 3073;
	res.nfiles = 1;
	is_int(result_json(&res, &b), 0, "files: a long file: result_json "
	    "returns 0");
	ok(strstr(b.data, "YWFh\",") == NULL && strstr(b.data,
	    "YQ==\"") != NULL && strstr(b.data, "=Y") == NULL,
	    "files: a long file is one base64 text, padded at its end only");
	buf_free(&b);
	res.nfiles = 8;
	result_free(&res);
	ok(res.files == NULL && res.nfiles == 0, "result_free frees the files");
}

int
main(void)
{
	test_results();
	test_untrusted_output();
	test_compile();
	test_matches();
	test_batch();
	test_files();
	test_signame();
	test_errors();
	test_list();
	done_testing();
	return exit_status();
}
