/*
 * piston-t.c: unit tests for Piston's v2 API in runbox's terms
 * (piston.c, docs/http.md "Piston's v2 API"): an execute body as a
 * runbox request, the version served for an image's label and what a
 * request's version selects, and the replies in Piston's shapes.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "err.h"
#include "piston.h"
#include "request.h"
#include "result.h"
#include "tap.h"

static void	test_request(void);
static void	test_files(void);
static void	test_memory(void);
static void	test_refusals(void);
static void	test_parses(void);
static void	test_version(void);
static void	test_matches(void);
static void	test_reply(void);
static void	test_compiled(void);
static void	test_runtimes(void);

/*
 * The runbox request body makes, or NULL with e set; p and e are the
 * caller's.  The caller frees what is returned.
 */
static char *
map(const char *body, struct piston *p, struct err *e)
{
	char	*out = (char *)"x";
	size_t	 len = 1;

	memset(e, 0, sizeof(*e));
	if (piston_request(body, strlen(body), p, &out, &len, e) == -1) {
		if (out != NULL || len != 0)
			bail("a refusal left a request behind");
		return NULL;
	}
	if (out == NULL || strlen(out) != len)
		bail("a request without its length");
	return out;
}

/* body becomes want, exactly. */
static void
maps_to(const char *body, const char *want, const char *what)
{
	struct piston	 p;
	struct err	 e;
	char		*out;

	out = map(body, &p, &e);
	if (!is_string(out, want, "%s", what) && out == NULL)
		diag("refused: %s", e.msg);
	free(out);
}

/* body is refused with ERR_BAD_REQUEST and the message want. */
static void
refused(const char *body, const char *want, const char *what)
{
	struct piston	 p;
	struct err	 e;
	char		*out;

	out = map(body, &p, &e);
	ok(out == NULL && e.code == ERR_BAD_REQUEST, "%s: refused", what);
	is_string(e.msg, want, "%s: in these words", what);
	free(out);
}

static void
test_request(void)
{
	struct piston	 p;
	struct err	 e;
	char		*out;

	out = map("{\"language\":\"py\",\"version\":\"3.11\",\"files\":["
	    "{\"name\":\"main.py\",\"content\":\"print(input())\"},"
	    "{\"name\":\"lib/util.py\",\"content\":\"x = 1\\n\"}],"
	    "\"stdin\":\"hi\",\"args\":[\"a\",\"b\"],\"compile_timeout\":10000,"
	    "\"run_timeout\":3000,\"compile_memory_limit\":-1,"
	    "\"run_memory_limit\":134217728,\"run_cpu_time\":5,"
	    "\"key\":\"k\",\"extra\":{\"x\":1}}", &p, &e);
	is_string(out, "{\"language\":\"py\",\"code\":\"print(input())\","
	    "\"files\":[{\"name\":\"lib/util.py\",\"content\":\"x = 1\\n\"}],"
	    "\"input\":\"hi\",\"args\":[\"a\",\"b\"],\"timeoutMs\":3000,"
	    "\"compileTimeoutMs\":10000,\"memoryLimitMb\":128}",
	    "every member of an execute maps to runbox's: the first file is "
	    "the code, the others files, stdin input, the timeouts as they "
	    "are, the memory limits in MiB; -1, key and unknown members are "
	    "left out");
	free(out);
	is_string(p.language, "py", "the language is kept as sent");
	is_string(p.version, "3.11", "and the version");

	out = map("{\"language\":\"python\",\"files\":[{\"content\":\"x\"}]}",
	    &p, &e);
	is_string(out, "{\"language\":\"python\",\"code\":\"x\"}",
	    "a language and one file are enough");
	free(out);
	is_string(p.version, "", "no version: any");

	maps_to("{\"language\":\"python\",\"version\":null,\"files\":[{"
	    "\"name\":null,\"content\":\"x\",\"encoding\":null}],"
	    "\"stdin\":null,\"args\":null,\"run_timeout\":null,"
	    "\"compile_timeout\":null,\"run_memory_limit\":null,"
	    "\"compile_memory_limit\":null}",
	    "{\"language\":\"python\",\"code\":\"x\"}",
	    "null is as absent, for every optional member");
	maps_to("{\"language\":\"python\",\"files\":[{\"content\":\"x\"}],"
	    "\"stdin\":\"a\\u0000b\"}",
	    "{\"language\":\"python\",\"code\":\"x\",\"input\":\"a\\u0000b\"}",
	    "stdin is input byte for byte, a NUL too");
	maps_to("{\"language\":\"python\",\"files\":[{\"content\":\"x\"}],"
	    "\"stdin\":5,\"args\":\"a\",\"run_timeout\":\"3000\","
	    "\"compile_timeout\":2.5}",
	    "{\"language\":\"python\",\"code\":\"x\",\"input\":5,"
	    "\"args\":\"a\",\"timeoutMs\":\"3000\",\"compileTimeoutMs\":2.5}",
	    "stdin, args and the timeouts go as they are: runbox's checks "
	    "judge them");
	maps_to("{\"language\":\"python\",\"files\":[{\"content\":\"x\"}],"
	    "\"run_timeout\":0,\"compile_timeout\":-1}",
	    "{\"language\":\"python\",\"code\":\"x\",\"timeoutMs\":0,"
	    "\"compileTimeoutMs\":-1}",
	    "a timeout of 0 or -1 goes too (runbox refuses it)");
	maps_to("{\"files\":[{\"content\":\"x\"}],\"language\":\"python\","
	    "\"language\":\"ruby\"}",
	    "{\"language\":\"ruby\",\"code\":\"x\"}",
	    "a member twice: the last, as Piston's JSON parser takes it");
}

static void
test_files(void)
{
	maps_to("{\"language\":\"c\",\"files\":[{\"name\":\"d.txt\","
	    "\"content\":\"aGk=\",\"encoding\":\"base64\"},{\"name\":\"x.c\","
	    "\"content\":\"int main;\"},{\"content\":\"4A6b\","
	    "\"encoding\":\"hex\"},{\"content\":\"y\",\"encoding\":\"utf8\"}]}",
	    "{\"language\":\"c\",\"code\":\"int main;\",\"files\":["
	    "{\"name\":\"d.txt\",\"content\":\"hi\"},"
	    "{\"name\":\"file2.code\",\"content\":\"Jk\"},"
	    "{\"name\":\"file3.code\",\"content\":\"y\"}]}",
	    "the code is the first utf8 file, as Piston runs it; base64 and "
	    "hex (either case) are decoded; a file without a name is "
	    "file<i>.code, as Piston names it");
	maps_to("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"name\":\"e\",\"content\":\"\",\"encoding\":\"base64\"},"
	    "{\"name\":\"f\",\"content\":\"\",\"encoding\":\"hex\"},"
	    "{\"name\":\"g\",\"content\":\" aGVs\\nbG8=\\n\","
	    "\"encoding\":\"base64\"},{\"name\":\"h\",\"content\":\"w6k=\","
	    "\"encoding\":\"base64\"}]}",
	    "{\"language\":\"c\",\"code\":\"x\",\"files\":["
	    "{\"name\":\"e\",\"content\":\"\"},"
	    "{\"name\":\"f\",\"content\":\"\"},"
	    "{\"name\":\"g\",\"content\":\"hello\"},"
	    "{\"name\":\"h\",\"content\":\"\xc3\xa9\"}]}",
	    "empty contents decode to empty files; base64 may hold white "
	    "space; decoded UTF-8 stays UTF-8");
	maps_to("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"name\":\"../x\",\"content\":\"y\"}]}",
	    "{\"language\":\"c\",\"code\":\"x\",\"files\":[{\"name\":\"../x\","
	    "\"content\":\"y\"}]}",
	    "a name goes as sent: runbox's checks judge it");

	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"aGk\",\"encoding\":\"base64\"}]}",
	    "files[1].content is not base64 (RFC 4648, padded)",
	    "base64 without its padding");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"aG-k\",\"encoding\":\"base64\"}]}",
	    "files[1].content is not base64 (RFC 4648, padded)",
	    "base64url's alphabet");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"aGk=\\u0000\",\"encoding\":\"base64\"}]}",
	    "files[1].content is not base64 (RFC 4648, padded)",
	    "base64 with a NUL after it");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"686\",\"encoding\":\"hex\"}]}",
	    "files[1].content is not hex (pairs of 0-9, a-f)",
	    "hex of an odd length");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"6g\",\"encoding\":\"hex\"}]}",
	    "files[1].content is not hex (pairs of 0-9, a-f)",
	    "hex with a letter past f");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"ff\",\"encoding\":\"hex\"}]}",
	    "files[1].content, decoded from hex, is not UTF-8: runbox's files "
	    "are text (UTF-8, no NUL)", "hex that decodes to bytes not UTF-8");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"/w==\",\"encoding\":\"base64\"}]}",
	    "files[1].content, decoded from base64, is not UTF-8: runbox's "
	    "files are text (UTF-8, no NUL)",
	    "base64 that decodes to bytes not UTF-8");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"content\":\"AA==\",\"encoding\":\"base64\"}]}",
	    "files[1].content holds a NUL byte: runbox's files are text "
	    "(UTF-8, no NUL)", "base64 that decodes to a NUL");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"a\\u0000b\"}]}",
	    "files[0].content holds a NUL byte: runbox's files are text "
	    "(UTF-8, no NUL)", "utf8 content with a NUL");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\","
	    "\"encoding\":\"latin1\"}]}",
	    "files[0].encoding must be utf8, base64 or hex",
	    "an encoding Piston does not have");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\","
	    "\"encoding\":\"utf8\\u0000x\"}]}",
	    "files[0].encoding must be utf8, base64 or hex",
	    "an encoding with a NUL inside");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"aGk=\","
	    "\"encoding\":\"base64\"}]}",
	    "files must include at least one utf8 encoded file",
	    "no utf8 file to run");
}

static void
test_memory(void)
{
	static const struct {
		const char	*bytes;
		const char	*mib;	/* NULL: not in the request */
	} cases[] = {
		{ "-1", NULL },
		{ "0", "0" },
		{ "1", "1" },
		{ "1048575", "1" },
		{ "1048576", "1" },
		{ "1048577", "2" },
		{ "16777216", "16" },
		{ "536870912", "512" },
		{ "512000000", "489" },
		{ "9223372036854775807", "8796093022208" },
	};
	char	body[256], want[256];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body), "{\"language\":\"c\",\"files\":"
		    "[{\"content\":\"x\"}],\"run_memory_limit\":%s,"
		    "\"compile_memory_limit\":%s}", cases[i].bytes,
		    cases[i].bytes);
		if (cases[i].mib == NULL)
			snprintf(want, sizeof(want), "{\"language\":\"c\","
			    "\"code\":\"x\"}");
		else
			snprintf(want, sizeof(want), "{\"language\":\"c\","
			    "\"code\":\"x\",\"memoryLimitMb\":%s,"
			    "\"compileMemoryLimitMb\":%s}", cases[i].mib,
			    cases[i].mib);
		maps_to(body, want, cases[i].mib == NULL ? "a memory limit of "
		    "-1 is the default" : "a memory limit in bytes is MiB, "
		    "rounded up");
	}
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"}],"
	    "\"run_memory_limit\":-2}", "run_memory_limit must be a whole "
	    "number of bytes, or -1 for runbox's default",
	    "a memory limit below -1");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"}],"
	    "\"compile_memory_limit\":1.5e6}", "compile_memory_limit must be "
	    "a whole number of bytes, or -1 for runbox's default",
	    "a memory limit that is a real");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"}],"
	    "\"run_memory_limit\":\"64\"}", "run_memory_limit must be a whole "
	    "number of bytes, or -1 for runbox's default",
	    "a memory limit that is a string");
}

static void
test_refusals(void)
{
	static const char nulbody[] = "{\"language\":\"c\",\0\"files\":[]}";
	struct piston	 p;
	struct err	 e;
	char		 body[256], *out;
	size_t		 len;

	refused("", "invalid JSON near byte 0", "an empty body");
	refused("{\"language\":", "invalid JSON near byte 12", "a body cut "
	    "short");
	refused("[1]", "the body must be a JSON object", "an array");
	refused("{\"files\":[{\"content\":\"x\"}]}",
	    "language is required as a string", "no language");
	refused("{\"language\":3,\"files\":[{\"content\":\"x\"}]}",
	    "language is required as a string", "a language that is a number");
	refused("{\"language\":\"c\"}",
	    "files is required as an array of one file or more", "no files");
	refused("{\"language\":\"c\",\"files\":[]}",
	    "files is required as an array of one file or more",
	    "no file in files");
	refused("{\"language\":\"c\",\"files\":{\"content\":\"x\"}}",
	    "files is required as an array of one file or more",
	    "files that is an object");
	refused("{\"language\":\"c\",\"files\":[\"x\"]}",
	    "files[0].content is required as a string",
	    "a file that is a string");
	refused("{\"language\":\"c\",\"files\":[{\"content\":\"x\"},"
	    "{\"name\":\"y\"}]}", "files[1].content is required as a string",
	    "a file without content");
	refused("{\"language\":\"c\",\"files\":[{\"content\":1}]}",
	    "files[0].content is required as a string",
	    "content that is a number");
	refused("{\"language\":\"c\",\"files\":[{\"name\":1,\"content\":\"x\""
	    "}]}", "files[0].name must be a string", "a name that is a number");
	refused("{\"language\":\"c\",\"version\":3,\"files\":[{\"content\":"
	    "\"x\"}]}", "version must be a string of at most 63 bytes, "
	    "without NUL", "a version that is a number");
	refused("{\"language\":\"c\",\"version\":\"3\\u0000\",\"files\":[{"
	    "\"content\":\"x\"}]}", "version must be a string of at most 63 "
	    "bytes, without NUL", "a version with a NUL");
	snprintf(body, sizeof(body), "{\"language\":\"c\",\"version\":\"%064d"
	    "\",\"files\":[{\"content\":\"x\"}]}", 0);
	refused(body, "version must be a string of at most 63 bytes, without "
	    "NUL", "a version of 64 bytes");
	memset(&e, 0, sizeof(e));
	out = NULL;
	ok(piston_request(nulbody, sizeof(nulbody) - 1, &p, &out, &len,
	    &e) == -1 && out == NULL &&
	    strcmp(e.msg, "invalid JSON near byte 16: a raw NUL byte") == 0,
	    "a raw NUL byte in the body is refused, where it is");
	snprintf(body, sizeof(body), "{\"language\":\"c\",\"version\":\"%063d"
	    "\",\"files\":[{\"content\":\"x\"}]}", 0);
	maps_to(body, "{\"language\":\"c\",\"code\":\"x\"}",
	    "a version of 63 bytes is taken");
}

/* A mapped request passes runbox's own request checks as it should. */
static void
test_parses(void)
{
	struct config	 cfg;
	struct request	 req;
	struct piston	 p;
	struct err	 e;
	char		*out;

	config_defaults(&cfg);
	memset(&req, 0, sizeof(req));
	out = map("{\"language\":\"py\",\"version\":\"*\",\"files\":["
	    "{\"name\":\"app.py\",\"content\":\"import util\"},"
	    "{\"name\":\"util.py\",\"content\":\"eA==\",\"encoding\":"
	    "\"base64\"}],\"stdin\":\"1\\n\",\"args\":[\"1\",\"2\",\"3\"],"
	    "\"compile_timeout\":10000,\"run_timeout\":3000,"
	    "\"compile_memory_limit\":-1,\"run_memory_limit\":100000000}",
	    &p, &e);
	if (out == NULL)
		bail("%s", e.msg);
	ok(request_parse(&req, out, strlen(out), &cfg, &e) == 0,
	    "piston-client's request, mapped, is a runbox request");
	ok(req.language != NULL && strcmp(req.language->name, "python") == 0,
	    "its alias names the language");
	ok(req.code != NULL && strcmp(req.code, "import util") == 0 &&
	    req.nfiles == 1 && strcmp(req.files[0].name, "util.py") == 0 &&
	    strcmp(req.files[0].content, "x") == 0,
	    "with the code and the other file, decoded");
	ok(req.input_len == 2 && req.nargs == 3 && req.timeout_ms == 3000 &&
	    req.compile_timeout_ms == 10000 && req.memory_mb == 96 &&
	    req.compile_memory_mb == cfg.compile_memory_mb,
	    "stdin, args, the timeouts, 100000000 bytes as 96 MiB and the "
	    "compile's default memory");
	request_free(&req);
	free(out);

	out = map("{\"language\":\"python\",\"files\":[{\"content\":\"x\"}],"
	    "\"run_memory_limit\":1}", &p, &e);
	ok(out != NULL && request_parse(&req, out, strlen(out), &cfg,
	    &e) == -1 && strcmp(e.msg, "field \"memoryLimitMb\": must be an "
	    "integer from 16 to 512") == 0,
	    "a memory limit runbox refuses is refused in runbox's words");
	request_free(&req);
	free(out);
}

static void
test_version(void)
{
	static const struct {
		const char	*label, *want;
	} cases[] = {
		{ "Python 3.11.2", "3.11.2" },
		{ "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", "12.2.0" },
		{ "go version go1.19.8 linux/amd64", "1.19.8" },
		{ "openjdk 17.0.19 2026-04-21", "17.0.19" },
		{ "Node.js v18.19.0", "18.19.0" },
		{ "PyPy 7.3.11 (Python 3.9.16)", "7.3.11" },
		{ "rustc 1.63.0", "1.63.0" },
		{ "Lua 5.4", "5.4.0" },
		{ "10.0", "10.0.0" },
		{ "9.8.", "9.8.0" },
		{ "1.2.3.4", "1.2.3" },
		{ "3.011.02", "3.11.2" },
		{ "007.0.0", "7.0.0" },
		{ "0.0", "0.0.0" },
		{ "1. 2.3", "2.3.0" },
		{ "v18 and 2026-04-21", "0.0.0" },
		{ "x 1234567890.1 2.5", "2.5.0" },
		{ "1.1234567890 4.5", "4.5.0" },
		{ "123456789.987654321.1", "123456789.987654321.1" },
		{ "ruby", "0.0.0" },
		{ "", "0.0.0" },
	};
	char	out[PISTON_VERSION_MAX];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		piston_version(cases[i].label, out, sizeof(out));
		is_string(out, cases[i].want, "the label \"%s\" is served as "
		    "%s", cases[i].label, cases[i].want);
	}
}

static void
test_matches(void)
{
	static const struct {
		const char	*asked, *served;
		int		 want;
	} cases[] = {
		{ "", "3.11.2", 1 },
		{ "*", "3.11.2", 1 },
		{ "3.11.2", "3.11.2", 1 },
		{ "3.11", "3.11.2", 1 },
		{ "3", "3.11.2", 1 },
		{ "*", "0.0.0", 1 },
		{ "0.0.0", "0.0.0", 1 },
		{ "3.1", "3.11.2", 0 },
		{ "3.", "3.11.2", 0 },
		{ "3.11.", "3.11.2", 0 },
		{ "3.11.20", "3.11.2", 0 },
		{ "3.11.2.0", "3.11.2", 0 },
		{ "11.2", "3.11.2", 0 },
		{ "4", "3.11.2", 0 },
		{ "3.x", "3.11.2", 0 },
		{ "^3.11.2", "3.11.2", 0 },
		{ "**", "3.11.2", 0 },
	};
	struct piston	p;
	struct err	e;
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(piston_version_matches(cases[i].asked, cases[i].served),
		    cases[i].want, "version \"%s\" %s %s", cases[i].asked,
		    cases[i].want ? "selects" : "does not select",
		    cases[i].served);

	memset(&p, 0, sizeof(p));
	memset(&e, 0, sizeof(e));
	(void)strlcpy(p.language, "py", sizeof(p.language));
	(void)strlcpy(p.version, "3.11", sizeof(p.version));
	ok(piston_check_version(&p, "Python 3.11.2", &e) == 0,
	    "a version the language's label serves is taken");
	is_string(p.served, "3.11.2", "and the served version noted");
	(void)strlcpy(p.version, "9.9.9", sizeof(p.version));
	ok(piston_check_version(&p, "Python 3.11.2", &e) == -1 &&
	    e.code == ERR_BAD_REQUEST, "another version is refused");
	is_string(e.msg, "py-9.9.9 runtime is unknown",
	    "in Piston's words, with the language and version as sent");
	p.version[0] = '\0';
	ok(piston_check_version(&p, "", &e) == 0 &&
	    strcmp(p.served, "0.0.0") == 0,
	    "no version asked, no label: served as 0.0.0");
}

/* A result of one stage, its output out on stdout. */
static void
stage(struct result_run *r, enum result_status st, const char *out,
    const char *err)
{
	memset(r, 0, sizeof(*r));
	r->status = st;
	if (buf_append(&r->out, out, strlen(out)) == -1 ||
	    buf_append(&r->err, err, strlen(err)) == -1 ||
	    buf_append(&r->combined, out, strlen(out)) == -1 ||
	    buf_append(&r->combined, err, strlen(err)) == -1)
		bail("out of memory");
	r->has_usage = 1;
	r->cpu_time_ms = 8;
	r->memory_peak_kb = 8000;
	r->duration_ms = 154;
}

/* A run with the limits of the defaults. */
static void
result_init(struct result *res, const char *language)
{
	memset(res, 0, sizeof(*res));
	res->language = language;
	res->ran = 1;
	res->timeout_ms = 3000;
	res->memory_mb = 64;
	res->compile_timeout_ms = 10000;
	res->compile_memory_mb = 512;
	res->max_output_bytes = 1048576;
}

/* res answered with p's version is exactly want. */
static void
reply_is(const struct piston *p, const struct result *res, const char *want,
    const char *what)
{
	struct buf	b = { 0 };

	if (piston_json(p, res, &b) == -1)
		bail("out of memory");
	is_string(b.data, want, "%s", what);
	buf_free(&b);
}

#define RUN_OK	"{\"stdout\":\"hi\\n\",\"stderr\":\"\",\"output\":\"hi\\n\"," \
		"\"code\":0,\"signal\":null,\"message\":null,\"status\":null," \
		"\"cpu_time\":8,\"wall_time\":154,\"memory\":8192000}"

static void
test_reply(void)
{
	struct piston	p;
	struct result	res;

	memset(&p, 0, sizeof(p));
	(void)strlcpy(p.served, "3.11.2", sizeof(p.served));
	result_init(&res, "python");

	stage(&res.run, RESULT_OK, "hi\n", "");
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":" RUN_OK "}",
	    "a run that went well: Piston's shape, memory in bytes, no "
	    "compile for an interpreted language");
	result_free(&res);

	stage(&res.run, RESULT_RUNTIME_ERROR, "", "boom\n");
	res.run.exit_code = 1;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"boom\\n\",\"output\":"
	    "\"boom\\n\",\"code\":1,\"signal\":null,\"message\":\"Exited with "
	    "error status 1\",\"status\":\"RE\",\"cpu_time\":8,\"wall_time\":"
	    "154,\"memory\":8192000}}", "a non-zero exit is RE");
	result_free(&res);

	stage(&res.run, RESULT_RUNTIME_ERROR, "a\"b", "");
	if (buf_append(&res.run.out, "\0\xff", 2) == -1 ||
	    buf_append(&res.run.combined, "\0\xff", 2) == -1)
		bail("out of memory");
	res.run.signal = 11;
	res.run.has_usage = 0;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"a\\\"b\\u0000\xef\xbf\xbd\",\"stderr\":\"\","
	    "\"output\":\"a\\\"b\\u0000\xef\xbf\xbd\",\"code\":null,\"signal\":"
	    "\"SIGSEGV\",\"message\":\"Killed by signal SIGSEGV\",\"status\":"
	    "\"SG\",\"cpu_time\":null,\"wall_time\":154,\"memory\":null}}",
	    "a signal is SG with no code; output is escaped as runbox's; no "
	    "usage is null");
	result_free(&res);

	stage(&res.run, RESULT_TIMEOUT, "", "");
	res.run.timed_out = 1;
	res.run.signal = 15;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "null,\"signal\":\"SIGTERM\",\"message\":\"Time limit exceeded: "
	    "3000 ms (timeoutMs)\",\"status\":\"TO\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000}}",
	    "a timeout is TO, the signal runbox saw, no code");
	result_free(&res);

	stage(&res.run, RESULT_TIMEOUT, "", "");
	res.run.timed_out = 1;
	res.run.exit_code = 0;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "null,\"signal\":null,\"message\":\"Time limit exceeded: "
	    "3000 ms (timeoutMs)\",\"status\":\"TO\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000}}",
	    "a program that exits at its SIGTERM is TO with no code either");
	result_free(&res);

	stage(&res.run, RESULT_OUTPUT_LIMIT, "yyyy", "");
	res.run.truncated = 1;
	res.run.signal = 9;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"yyyy\",\"stderr\":\"\",\"output\":\"yyyy\","
	    "\"code\":null,\"signal\":\"SIGKILL\",\"message\":\"Output limit "
	    "exceeded: stdout and stderr together passed 1048576 bytes "
	    "(max_output_bytes)\",\"status\":\"OL\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000}}",
	    "the output cap is OL, for stdout and stderr together");
	result_free(&res);

	stage(&res.run, RESULT_MEMORY, "", "");
	res.run.oom_killed = 1;
	res.run.signal = 9;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "null,\"signal\":\"SIGKILL\",\"message\":\"Out of memory: the "
	    "limit is 64 MiB (memoryLimitMb)\",\"status\":\"SG\",\"cpu_time\":"
	    "8,\"wall_time\":154,\"memory\":8192000}}",
	    "the memory limit's kill is SG, as Piston shows it, saying why");
	result_free(&res);

	stage(&res.run, RESULT_MEMORY, "", "");
	res.run.oom_killed = 1;
	res.run.exit_code = 1;
	reply_is(&p, &res, "{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "1,\"signal\":null,\"message\":\"Out of memory: the limit is "
	    "64 MiB (memoryLimitMb)\",\"status\":\"XX\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000}}",
	    "out of memory with no signal (a child killed) is XX");
	result_free(&res);
}

#define COMPILE_OK	"{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\"," \
		"\"code\":0,\"signal\":null,\"message\":null,\"status\":null," \
		"\"cpu_time\":8,\"wall_time\":154,\"memory\":8192000}"
#define COMPILE_BAD	"{\"stdout\":\"\",\"stderr\":\"e.c:1: error\\n\"," \
		"\"output\":\"e.c:1: error\\n\",\"code\":1,\"signal\":null," \
		"\"message\":\"Exited with error status 1\"," \
		"\"status\":\"RE\"," \
		"\"cpu_time\":8,\"wall_time\":154,\"memory\":8192000}"

static void
test_compiled(void)
{
	struct piston	p;
	struct result	res;

	memset(&p, 0, sizeof(p));
	(void)strlcpy(p.served, "12.2.0", sizeof(p.served));

	result_init(&res, "c");
	res.compiled = 1;
	stage(&res.compile, RESULT_OK, "", "");
	stage(&res.run, RESULT_OK, "hi\n", "");
	reply_is(&p, &res, "{\"language\":\"c\",\"version\":\"12.2.0\","
	    "\"run\":" RUN_OK ",\"compile\":" COMPILE_OK "}",
	    "a compiled language has its compile stage too");
	result_free(&res);

	result_init(&res, "c");
	res.compiled = 1;
	res.ran = 0;
	stage(&res.compile, RESULT_COMPILE_ERROR, "", "e.c:1: error\n");
	res.compile.exit_code = 1;
	stage(&res.run, RESULT_COMPILE_ERROR, "", "");
	res.run.has_usage = 0;
	res.run.duration_ms = 0;
	reply_is(&p, &res, "{\"language\":\"c\",\"version\":\"12.2.0\","
	    "\"run\":" COMPILE_BAD ",\"compile\":" COMPILE_BAD "}",
	    "a failed compile: run is the compile's object, as Piston answers");
	result_free(&res);

	result_init(&res, "c");
	res.compiled = 1;
	res.ran = 0;
	stage(&res.compile, RESULT_TIMEOUT, "", "");
	res.compile.timed_out = 1;
	res.compile.signal = 9;
	stage(&res.run, RESULT_COMPILE_ERROR, "", "");
	reply_is(&p, &res, "{\"language\":\"c\",\"version\":\"12.2.0\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "null,\"signal\":\"SIGKILL\",\"message\":\"Time limit exceeded: "
	    "10000 ms (compileTimeoutMs)\",\"status\":\"TO\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000},\"compile\":{\"stdout\":"
	    "\"\",\"stderr\":\"\",\"output\":\"\",\"code\":null,\"signal\":"
	    "\"SIGKILL\",\"message\":\"Time limit exceeded: 10000 ms "
	    "(compileTimeoutMs)\",\"status\":\"TO\",\"cpu_time\":8,"
	    "\"wall_time\":154,\"memory\":8192000}}",
	    "a compile past its deadline is TO, with the compile's limit");
	result_free(&res);

	result_init(&res, "c");
	res.compiled = 1;
	res.ran = 0;
	stage(&res.compile, RESULT_OK, "", "");
	stage(&res.run, RESULT_MEMORY, "", "");
	res.run.has_usage = 0;
	res.run.duration_ms = 0;
	reply_is(&p, &res, "{\"language\":\"c\",\"version\":\"12.2.0\","
	    "\"run\":{\"stdout\":\"\",\"stderr\":\"\",\"output\":\"\",\"code\":"
	    "null,\"signal\":null,\"message\":\"Out of memory: the limit is 64 "
	    "MiB (memoryLimitMb)\",\"status\":\"XX\",\"cpu_time\":null,"
	    "\"wall_time\":0,\"memory\":null},\"compile\":" COMPILE_OK "}",
	    "a program that never started (the compile's files over the "
	    "run's memory) is XX with no code");
	result_free(&res);

	result_init(&res, "c");
	res.compiled = 1;
	stage(&res.compile, RESULT_MEMORY, "", "");
	res.compile.signal = 9;
	res.ran = 0;
	stage(&res.run, RESULT_COMPILE_ERROR, "", "");
	{
		struct buf	b = { 0 };

		if (piston_json(&p, &res, &b) == -1)
			bail("out of memory");
		ok(strstr(b.data, "\"message\":\"Out of memory: the limit is "
		    "512 MiB (compileMemoryLimitMb)\",\"status\":\"SG\"") !=
		    NULL, "the compile's memory kill names the compile's "
		    "limit");
		buf_free(&b);
	}
	result_free(&res);
}

static void
test_runtimes(void)
{
	struct config	cfg;
	struct catalog	cat;
	struct buf	b = { 0 };

	config_defaults(&cfg);
	memset(&cat, 0, sizeof(cat));
	cat.entries[0].language = config_language(&cfg, "python");
	(void)strlcpy(cat.entries[0].version, "Python 3.11.2",
	    sizeof(cat.entries[0].version));
	cat.entries[1].language = config_language(&cfg, "javascript");
	(void)strlcpy(cat.entries[1].version, "Node.js v18.19.0",
	    sizeof(cat.entries[1].version));
	cat.entries[2].language = config_language(&cfg, "perl");
	cat.n = 3;
	if (cat.entries[0].language == NULL ||
	    cat.entries[1].language == NULL ||
	    cat.entries[2].language == NULL)
		bail("the default languages changed");
	if (piston_runtimes_json(&cat, &cfg, &b) == -1)
		bail("out of memory");
	is_string(b.data, "[{\"language\":\"python\",\"version\":\"3.11.2\","
	    "\"aliases\":[\"py\"]},{\"language\":\"javascript\",\"version\":"
	    "\"18.19.0\",\"aliases\":[\"js\",\"node\"]},{\"language\":\"perl\","
	    "\"version\":\"0.0.0\",\"aliases\":[]}]",
	    "the runtimes: one per language, its served version, its aliases");
	buf_free(&b);
	cat.n = 0;
	if (piston_runtimes_json(&cat, &cfg, &b) == -1)
		bail("out of memory");
	is_string(b.data, "[]", "no language: an empty array");
	buf_free(&b);
}

int
main(void)
{
	test_request();
	test_files();
	test_memory();
	test_refusals();
	test_parses();
	test_version();
	test_matches();
	test_reply();
	test_compiled();
	test_runtimes();
	done_testing();
	return exit_status();
}
