/*
 * piston.c: Piston's v2 API in runbox's terms (docs/http.md, "Piston's
 * v2 API"): an execute request as a runbox request, the version a
 * language is served as, and the replies in Piston's shapes.
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <resolv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonw.h"
#include "api.h"
#include "piston.h"
#include "utf8.h"

#define PISTON_MIB	(1024LL * 1024)	/* bytes in runbox's MB */
#define PISTON_SIGBUF	16		/* "SIG-2147483648" and the NUL */
#define PISTON_NAME_MAX	32		/* "file<i>.code" */
#define PISTON_TEXT	"runbox's files are text (UTF-8, no NUL)"
#define PISTON_DIGIT(c)	((c) >= '0' && (c) <= '9')

enum piston_encoding {
	PISTON_UTF8,
	PISTON_BASE64,
	PISTON_HEX
};

static const char *const piston_encodings[] = { "utf8", "base64", "hex" };

/* Members runbox's request checks judge: copied under runbox's name. */
static const struct {
	const char	*piston;
	const char	*runbox;
} piston_copied[] = {
	{ "stdin", "input" },
	{ "args", "args" },
	{ "run_timeout", "timeoutMs" },
	{ "compile_timeout", "compileTimeoutMs" },
};

/* The memory limits, bytes in Piston, MiB in runbox. */
static const struct {
	const char	*piston;
	const char	*runbox;
} piston_memory_limits[] = {
	{ "run_memory_limit", "memoryLimitMb" },
	{ "compile_memory_limit", "compileMemoryLimitMb" },
};

#define PISTON_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Absent or null: Piston takes either as not given. */
static int
piston_absent(const json_t *v)
{
	return v == NULL || json_is_null(v);
}

/* A JSON string without NUL, as a C string; NULL when v is not one. */
static const char *
piston_cstring(const json_t *v)
{
	const char	*s = json_string_value(v);

	if (s == NULL || strlen(s) != json_string_length(v))
		return NULL;
	return s;
}

/* File i's encoding, v (absent or null: utf8). */
static int
piston_encoding(size_t i, const json_t *v, enum piston_encoding *how,
    struct err *e)
{
	const char	*s;
	size_t		 k;

	*how = PISTON_UTF8;
	if (piston_absent(v))
		return 0;
	if ((s = piston_cstring(v)) != NULL)
		for (k = 0; k < PISTON_NELEM(piston_encodings); k++)
			if (strcmp(s, piston_encodings[k]) == 0) {
				*how = (enum piston_encoding)k;
				return 0;
			}
	return err_set(e, ERR_BAD_REQUEST, "files[%zu].encoding must be "
	    "utf8, base64 or hex", i);
}

/* The value of hex digit c, or -1. */
static int
piston_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * File i's content s (n bytes, a NUL after) decoded from base64 or hex
 * into *out (malloc'd, *outlen bytes and a NUL; neither decoding is
 * longer than its text).  -1 with e set when it does not decode.
 */
static int
piston_decode(size_t i, const char *s, size_t n, enum piston_encoding how,
    char **out, size_t *outlen, struct err *e)
{
	char	*d;
	size_t	 j;
	int	 w, hi, lo;

	*out = NULL;
	if ((d = malloc(n + 1)) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (how == PISTON_BASE64) {
		/* b64_pton reads up to a NUL: one inside is not base64. */
		if (strlen(s) != n || (w = b64_pton(s, (u_char *)d, n)) < 0) {
			free(d);
			return err_set(e, ERR_BAD_REQUEST, "files[%zu].content "
			    "is not base64 (RFC 4648, padded)", i);
		}
		*outlen = (size_t)w;
	} else {
		for (j = 0; j < n; j += 2) {
			if (j + 1 == n || (hi = piston_hexval(s[j])) == -1 ||
			    (lo = piston_hexval(s[j + 1])) == -1) {
				free(d);
				return err_set(e, ERR_BAD_REQUEST, "files[%zu]."
				    "content is not hex (pairs of 0-9, a-f)",
				    i);
			}
			d[j / 2] = (char)(hi << 4 | lo);
		}
		*outlen = n / 2;
	}
	d[*outlen] = '\0';
	*out = d;
	return 0;
}

/*
 * File i (f) as a JSON string of its decoded content, into *content (a
 * new reference).  The text must be UTF-8 without NUL: runbox's files
 * and code are text.
 */
static int
piston_content(size_t i, const json_t *f, enum piston_encoding how,
    json_t **content, struct err *e)
{
	const json_t	*v = json_object_get(f, "content");
	const char	*s;
	char		*dec = NULL;
	size_t		 n;

	*content = NULL;
	if ((s = json_string_value(v)) == NULL)
		return err_set(e, ERR_BAD_REQUEST, "files[%zu].content is "
		    "required as a string", i);
	n = json_string_length(v);
	if (how != PISTON_UTF8) {
		if (piston_decode(i, s, n, how, &dec, &n, e) == -1)
			return -1;
		s = dec;
	}
	if (memchr(s, '\0', n) != NULL) {
		free(dec);
		return err_set(e, ERR_BAD_REQUEST, "files[%zu].content holds "
		    "a NUL byte: " PISTON_TEXT, i);
	}
	if (!utf8_valid(s, n)) {
		free(dec);
		return err_set(e, ERR_BAD_REQUEST, "files[%zu].content, "
		    "decoded from %s, is not UTF-8: " PISTON_TEXT, i,
		    piston_encodings[how]);
	}
	*content = json_stringn(s, n);
	free(dec);
	if (*content == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return 0;
}

/*
 * Piston's files into req: the first in utf8 is "code", the others
 * "files", in order, named as sent or file<i>.code.
 */
static int
piston_files(const json_t *files, json_t *req, struct err *e)
{
	const json_t		*f, *name;
	json_t			*content = NULL, *rfiles = NULL, *rf;
	enum piston_encoding	 how;
	char			 fname[PISTON_NAME_MAX];
	size_t			 i;
	int			 have_code = 0, rc, ret = -1;

	if (!json_is_array(files) || json_array_size(files) == 0)
		return err_set(e, ERR_BAD_REQUEST, "files is required as an "
		    "array of one file or more");
	if ((rfiles = json_array()) == NULL)
		return err_set(e, ERR_INTERNAL, "out of memory");
	json_array_foreach(files, i, f) {
		name = json_object_get(f, "name");
		if (!piston_absent(name) && !json_is_string(name)) {
			err_set(e, ERR_BAD_REQUEST, "files[%zu].name must be "
			    "a string", i);
			goto out;
		}
		if (piston_encoding(i, json_object_get(f, "encoding"), &how,
		    e) == -1 || piston_content(i, f, how, &content, e) == -1)
			goto out;
		/* Piston runs the first utf8 file; the rest are its data. */
		if (how == PISTON_UTF8 && !have_code) {
			have_code = 1;
			/* The _new calls take content, even when they fail. */
			rc = json_object_set_new(req, "code", content);
			content = NULL;
			if (rc == -1)
				goto nomem;
			continue;
		}
		(void)snprintf(fname, sizeof(fname), "file%zu.code", i);
		if ((rf = json_object()) == NULL ||
		    json_array_append_new(rfiles, rf) == -1 ||
		    json_object_set_new(rf, "name", piston_absent(name) ?
		    json_string(fname) : json_copy((json_t *)name)) == -1)
			goto nomem;
		rc = json_object_set_new(rf, "content", content);
		content = NULL;
		if (rc == -1)
			goto nomem;
	}
	if (!have_code) {
		err_set(e, ERR_BAD_REQUEST, "files must include at least one "
		    "utf8 encoded file");
		goto out;
	}
	if (json_array_size(rfiles) > 0 &&
	    json_object_set(req, "files", rfiles) == -1)
		goto nomem;
	ret = 0;
	goto out;
nomem:
	err_set(e, ERR_INTERNAL, "out of memory");
out:
	json_decref(content);
	json_decref(rfiles);
	return ret;
}

/*
 * A memory limit v, bytes, as req[field] in MiB rounded up; -1 or null
 * leaves the default.
 */
static int
piston_memory(json_t *req, const char *name, const char *field,
    const json_t *v, struct err *e)
{
	json_int_t	b;

	if (piston_absent(v))
		return 0;
	if (!json_is_integer(v) || (b = json_integer_value(v)) < -1)
		return err_set(e, ERR_BAD_REQUEST, "%s must be a whole number "
		    "of bytes, or -1 for runbox's default", name);
	if (b == -1)
		return 0;
	if (json_object_set_new(req, field, json_integer(b / PISTON_MIB +
	    (b % PISTON_MIB != 0))) == -1)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return 0;
}

/* language and version into p, language into req. */
static int
piston_runtime(const json_t *in, json_t *req, struct piston *p,
    struct err *e)
{
	const json_t	*lang, *ver;
	const char	*s;

	lang = json_object_get(in, "language");
	if (!json_is_string(lang))
		return err_set(e, ERR_BAD_REQUEST, "language is required as "
		    "a string");
	if (json_object_set(req, "language", (json_t *)lang) == -1)
		return err_set(e, ERR_INTERNAL, "out of memory");
	/* Only messages use it: a longer name is no configured language. */
	(void)strlcpy(p->language, json_string_value(lang),
	    sizeof(p->language));
	ver = json_object_get(in, "version");
	if (piston_absent(ver))
		return 0;
	if ((s = piston_cstring(ver)) == NULL ||
	    strlcpy(p->version, s, sizeof(p->version)) >= sizeof(p->version)) {
		p->version[0] = '\0';
		return err_set(e, ERR_BAD_REQUEST, "version must be a string "
		    "of at most %d bytes, without NUL", PISTON_ASKED_MAX - 1);
	}
	return 0;
}

int
piston_request(const char *body, size_t len, struct piston *p, char **out,
    size_t *outlen, struct err *e)
{
	json_t		*in = NULL, *req = NULL, *v;
	json_error_t	 je;
	const char	*nul;
	size_t		 i;
	int		 ret = -1;

	memset(p, 0, sizeof(*p));
	*out = NULL;
	*outlen = 0;
	/* As request.c: jansson lets a raw NUL pass in places. */
	if ((nul = memchr(body, '\0', len)) != NULL) {
		err_set(e, ERR_BAD_REQUEST, "invalid JSON near byte %zu: a raw "
		    "NUL byte", (size_t)(nul - body));
		goto out;
	}
	if ((in = json_loadb(body, len, JSON_ALLOW_NUL, &je)) == NULL) {
		err_set(e, ERR_BAD_REQUEST, "invalid JSON near byte %d",
		    je.position);
		goto out;
	}
	if (!json_is_object(in)) {
		err_set(e, ERR_BAD_REQUEST, "the body must be a JSON object");
		goto out;
	}
	if ((req = json_object()) == NULL) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	if (piston_runtime(in, req, p, e) == -1 ||
	    piston_files(json_object_get(in, "files"), req, e) == -1)
		goto out;
	for (i = 0; i < PISTON_NELEM(piston_copied); i++) {
		v = json_object_get(in, piston_copied[i].piston);
		if (!piston_absent(v) && json_object_set(req,
		    piston_copied[i].runbox, v) == -1) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto out;
		}
	}
	for (i = 0; i < PISTON_NELEM(piston_memory_limits); i++)
		if (piston_memory(req, piston_memory_limits[i].piston,
		    piston_memory_limits[i].runbox, json_object_get(in,
		    piston_memory_limits[i].piston), e) == -1)
			goto out;
	ret = api_json_text(req, out, outlen, e);
out:
	json_decref(req);
	json_decref(in);
	return ret;
}

/*
 * The run of digits at s ends at *end.  Its digits less leading zeros
 * (one at least) are *num, *len of them; 0 when there are none or more
 * than PISTON_DIGITS_MAX.
 */
static int
piston_number(const char *s, const char **end, const char **num,
    size_t *len)
{
	const char	*p = s;

	while (PISTON_DIGIT(*p))
		p++;
	*end = p;
	if (p == s)
		return 0;
	while (s < p - 1 && *s == '0')
		s++;
	*num = s;
	*len = (size_t)(p - s);
	return *len <= PISTON_DIGITS_MAX;
}

void
piston_version(const char *label, char *out, size_t size)
{
	const char	*s, *p, *end, *num[3];
	size_t		 len[3], n;

	for (s = label; *s != '\0';) {
		if (!PISTON_DIGIT(*s)) {
			s++;
			continue;
		}
		/* A run of digits: N, then .N and .N when they follow. */
		for (n = 0, p = s; n < 3 && piston_number(p, &end, &num[n],
		    &len[n]);) {
			n++;
			if (end[0] != '.' || !PISTON_DIGIT(end[1]))
				break;
			p = end + 1;
		}
		if (n >= 2) {
			(void)snprintf(out, size, "%.*s.%.*s.%.*s",
			    (int)len[0], num[0], (int)len[1], num[1],
			    n == 3 ? (int)len[2] : 1, n == 3 ? num[2] : "0");
			return;
		}
		while (PISTON_DIGIT(*s))
			s++;
	}
	(void)strlcpy(out, "0.0.0", size);
}

int
piston_version_matches(const char *asked, const char *served)
{
	size_t	n = strlen(asked);

	if (n == 0 || strcmp(asked, "*") == 0)
		return 1;
	return strncmp(asked, served, n) == 0 && (served[n] == '\0' ||
	    served[n] == '.');
}

int
piston_check_version(struct piston *p, const char *label, struct err *e)
{
	piston_version(label, p->served, sizeof(p->served));
	if (piston_version_matches(p->version, p->served))
		return 0;
	return err_set(e, ERR_BAD_REQUEST, "%s-%s runtime is unknown",
	    p->language, p->version);
}

/*
 * Piston's status word for a stage that ended as r with runbox's status
 * st (docs/http.md has the table), or NULL: it went well.
 */
static const char *
piston_status(enum result_status st, const struct result_run *r)
{
	switch (st) {
	case RESULT_OK:
		return NULL;
	case RESULT_TIMEOUT:
		return "TO";
	case RESULT_OUTPUT_LIMIT:
		return "OL";
	case RESULT_MEMORY:
		/* The kernel's kill, as Piston reports it; else none fits. */
		return r->signal != 0 ? "SG" : "XX";
	default:
		return r->signal != 0 ? "SG" : "RE";
	}
}

/*
 * Append the message of a stage that ended as r with status st: null
 * when it went well, else what runbox's status says (ASCII, no quote
 * to escape).
 */
static int
piston_message(struct buf *b, const struct result *res,
    const struct result_run *r, enum result_status st, int compile)
{
	char	sigbuf[PISTON_SIGBUF];

	switch (st) {
	case RESULT_OK:
		return buf_append(b, "null", 4);
	case RESULT_TIMEOUT:
		return buf_appendf(b, "\"Time limit exceeded: %d ms (%s)\"",
		    compile ? res->compile_timeout_ms : res->timeout_ms,
		    compile ? "compileTimeoutMs" : "timeoutMs");
	case RESULT_OUTPUT_LIMIT:
		return buf_appendf(b, "\"Output limit exceeded: stdout and "
		    "stderr together passed %zu bytes (max_output_bytes)\"",
		    res->max_output_bytes);
	case RESULT_MEMORY:
		return buf_appendf(b, "\"Out of memory: the limit is %d MiB "
		    "(%s)\"", compile ? res->compile_memory_mb : res->memory_mb,
		    compile ? "compileMemoryLimitMb" : "memoryLimitMb");
	default:
		if (r->signal != 0)
			return buf_appendf(b, "\"Killed by signal %s\"",
			    result_signame(r->signal, sigbuf, sizeof(sigbuf)));
		return buf_appendf(b, "\"Exited with error status %d\"",
		    r->exit_code);
	}
}

/*
 * Append ,"name":{...}: one stage, r, that ended with status st (ran:
 * its program started; compile: the compile stage's limits).
 */
static int
piston_stage(struct buf *b, const char *name, const struct result *res,
    const struct result_run *r, int ran, enum result_status st,
    int compile)
{
	char		 sigbuf[PISTON_SIGBUF];
	const char	*status = piston_status(st, r);

	if (buf_appendf(b, ",\"%s\":{\"stdout\":", name) == -1 ||
	    jsonw_string(b, r->out.data == NULL ? "" : r->out.data,
	    r->out.len) == -1 ||
	    jsonw_field(b, "stderr", &r->err) == -1 ||
	    jsonw_field(b, "output", &r->combined) == -1)
		return -1;
	if ((ran && r->signal == 0 && !r->timed_out ?
	    buf_appendf(b, ",\"code\":%d", r->exit_code) :
	    buf_append(b, ",\"code\":null", 12)) == -1)
		return -1;
	if ((r->signal != 0 ? buf_appendf(b, ",\"signal\":\"%s\"",
	    result_signame(r->signal, sigbuf, sizeof(sigbuf))) :
	    buf_append(b, ",\"signal\":null", 14)) == -1)
		return -1;
	if (buf_append(b, ",\"message\":", 11) == -1 ||
	    piston_message(b, res, r, st, compile) == -1)
		return -1;
	if ((status != NULL ? buf_appendf(b, ",\"status\":\"%s\"", status) :
	    buf_append(b, ",\"status\":null", 14)) == -1)
		return -1;
	if ((r->has_usage ? buf_appendf(b, ",\"cpu_time\":%lld",
	    r->cpu_time_ms) : buf_append(b, ",\"cpu_time\":null", 16)) == -1)
		return -1;
	if (buf_appendf(b, ",\"wall_time\":%ld", r->duration_ms) == -1)
		return -1;
	if ((r->has_usage ? buf_appendf(b, ",\"memory\":%lld}",
	    r->memory_peak_kb * 1024) :
	    buf_append(b, ",\"memory\":null}", 15)) == -1)
		return -1;
	return 0;
}

int
piston_json(const struct piston *p, const struct result *res, struct buf *b)
{
	const char	*lang = res->language == NULL ? "" : res->language;
	size_t		 oldlen = b->len;
	int		 failed;

	failed = res->compiled && res->compile.status != RESULT_OK;
	if (buf_append(b, "{\"language\":", 12) == -1 ||
	    jsonw_string(b, lang, strlen(lang)) == -1 ||
	    buf_append(b, ",\"version\":", 11) == -1 ||
	    jsonw_string(b, p->served, strlen(p->served)) == -1)
		return buf_undo(b, oldlen);
	/* A failed compile: no run, and Piston answers its compile as one. */
	if ((failed ? piston_stage(b, "run", res, &res->compile, 1,
	    res->compile.status, 1) : piston_stage(b, "run", res, &res->run,
	    res->ran, res->run.status, 0)) == -1)
		return buf_undo(b, oldlen);
	if (res->compiled && piston_stage(b, "compile", res, &res->compile, 1,
	    res->compile.status, 1) == -1)
		return buf_undo(b, oldlen);
	if (buf_append(b, "}", 1) == -1)
		return buf_undo(b, oldlen);
	return 0;
}

int
piston_runtimes_json(const struct catalog *cat, const struct config *cfg,
    struct buf *b)
{
	const struct language	*l;
	char			 ver[PISTON_VERSION_MAX];
	size_t			 oldlen = b->len, i, j, n;

	if (buf_append(b, "[", 1) == -1)
		return buf_undo(b, oldlen);
	for (i = 0; i < cat->n; i++) {
		l = cat->entries[i].language;
		piston_version(cat->entries[i].version, ver, sizeof(ver));
		if (buf_append(b, i > 0 ? ",{\"language\":" : "{\"language\":",
		    i > 0 ? 13 : 12) == -1 ||
		    jsonw_string(b, l->name, strlen(l->name)) == -1 ||
		    buf_appendf(b, ",\"version\":\"%s\",\"aliases\":[",
		    ver) == -1)
			return buf_undo(b, oldlen);
		for (j = 0, n = 0; j < cfg->naliases; j++) {
			if (strcmp(cfg->aliases[j].language, l->name) != 0)
				continue;
			if ((n++ > 0 && buf_append(b, ",", 1) == -1) ||
			    jsonw_string(b, cfg->aliases[j].name,
			    strlen(cfg->aliases[j].name)) == -1)
				return buf_undo(b, oldlen);
		}
		if (buf_append(b, "]}", 2) == -1)
			return buf_undo(b, oldlen);
	}
	if (buf_append(b, "]", 1) == -1)
		return buf_undo(b, oldlen);
	return 0;
}
