/*
 * api-t.c: unit tests for the HTTP routes, the key in the headers and
 * the status codes of refusals (api.c, docs/http.md).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "buf.h"
#include "err.h"
#include "http.h"
#include "tap.h"

/* A request of method and target, nothing else. */
static struct http_request
req_of(const char *method, const char *target)
{
	struct http_request	r;

	memset(&r, 0, sizeof(r));
	(void)strlcpy(r.method, method, sizeof(r.method));
	r.target = (char *)target;
	return r;
}

static void
test_routes(void)
{
	static const struct {
		const char	*method, *target;
		enum api_route	 want;
		const char	*allow;
	} cases[] = {
		{ "POST", "/run", API_RUN, NULL },
		{ "POST", "/run?debug=1", API_RUN, NULL },
		{ "POST", "/run#x", API_RUN, NULL },
		{ "GET", "/health", API_HEALTH, NULL },
		{ "GET", "/languages", API_LANGUAGES, NULL },
		{ "GET", "/run", API_METHOD, "POST" },
		{ "HEAD", "/health", API_METHOD, "GET" },
		{ "PUT", "/languages", API_METHOD, "GET" },
		{ "POST", "/health", API_METHOD, "GET" },
		{ "post", "/run", API_METHOD, "POST" },
		{ "POST", "/run/", API_NOT_FOUND, NULL },
		{ "POST", "/run/python", API_RUN_LANGUAGE, NULL },
		{ "POST", "/run/py?x=1", API_RUN_LANGUAGE, NULL },
		{ "GET", "/run/python", API_METHOD, "POST" },
		{ "POST", "/run/python/x", API_NOT_FOUND, NULL },
		{ "POST", "/", API_ROOT, NULL },
		{ "POST", "/compile", API_COMPILE, NULL },
		{ "GET", "/compile", API_METHOD, "POST" },
		{ "POST", "/RUN", API_NOT_FOUND, NULL },
		{ "POST", "/runx", API_NOT_FOUND, NULL },
		{ "GET", "/", API_METHOD, "POST" },
		{ "GET", "", API_NOT_FOUND, NULL },
		{ "GET", "*", API_NOT_FOUND, NULL },
		{ "GET", "http://host:7000/health", API_HEALTH, NULL },
		{ "POST", "HTTP://host/run?x", API_RUN, NULL },
		{ "POST", "http://host", API_ROOT, NULL },
		{ "POST", "ftp://host/run", API_NOT_FOUND, NULL },
		{ "POST", "http://host?a=/run", API_ROOT, NULL },
		{ "POST", "/api/v2/execute", API_PISTON_EXECUTE, NULL },
		{ "GET", "/api/v2/runtimes", API_PISTON_RUNTIMES, NULL },
		{ "GET", "/api/v2/execute", API_METHOD, "POST" },
		{ "POST", "/api/v2/runtimes", API_METHOD, "GET" },
		{ "POST", "/api/v2/execute/", API_NOT_FOUND, NULL },
		{ "POST", "/api/v2/piston/execute", API_NOT_FOUND, NULL },
		{ "GET", "/api/v2", API_NOT_FOUND, NULL },
		{ "GET", "http://host:2000/api/v2/runtimes?x=1",
		    API_PISTON_RUNTIMES, NULL },
	};
	struct http_request	 r;
	const char		*allow;
	char			 lang[API_LANGUAGE_MAX];
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = req_of(cases[i].method, cases[i].target);
		allow = NULL;
		is_int(api_route(&r, 0, &allow, lang), cases[i].want, "%s %s",
		    cases[i].method, cases[i].target);
		if (cases[i].allow != NULL)
			is_string(allow, cases[i].allow, "%s %s: Allow: %s",
			    cases[i].method, cases[i].target, cases[i].allow);
	}
}

/* The playground's routes, only with http_playground yes. */
static void
test_playground_routes(void)
{
	static const struct {
		const char	*method, *target;
		enum api_route	 off, on;
		const char	*allow_off, *allow_on;
	} cases[] = {
		{ "GET", "/", API_METHOD, API_PLAYGROUND, "POST", NULL },
		{ "GET", "/?lang=c", API_METHOD, API_PLAYGROUND, "POST", NULL },
		{ "GET", "http://host:7000", API_METHOD, API_PLAYGROUND, "POST",
		    NULL },
		{ "POST", "/", API_ROOT, API_ROOT, NULL, NULL },
		{ "PUT", "/", API_METHOD, API_METHOD, "POST", "GET, POST" },
		{ "GET", "/playground.js", API_NOT_FOUND, API_PLAYGROUND, NULL,
		    NULL },
		{ "GET", "/playground.css", API_NOT_FOUND, API_PLAYGROUND, NULL,
		    NULL },
		{ "POST", "/playground.js", API_NOT_FOUND, API_METHOD, NULL,
		    "GET" },
		{ "GET", "/playground.html", API_NOT_FOUND, API_NOT_FOUND, NULL,
		    NULL },
		{ "GET", "/run", API_METHOD, API_METHOD, "POST", "POST" },
	};
	struct http_request	 r;
	const char		*allow;
	char			 lang[API_LANGUAGE_MAX];
	size_t			 i;
	int			 on;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (on = 0; on <= 1; on++) {
			r = req_of(cases[i].method, cases[i].target);
			allow = NULL;
			is_int(api_route(&r, on, &allow, lang), on ?
			    cases[i].on : cases[i].off, "%s %s, playground %s",
			    cases[i].method, cases[i].target, on ? "on" : "off");
			if ((on ? cases[i].allow_on : cases[i].allow_off) !=
			    NULL)
				is_string(allow, on ? cases[i].allow_on :
				    cases[i].allow_off, "%s %s: Allow",
				    cases[i].method, cases[i].target);
		}
}

static void
test_language(void)
{
	char			 lang[API_LANGUAGE_MAX], name[API_LANGUAGE_MAX + 8];
	struct http_request	 r = req_of("POST", "/run/javascript?v=1");

	is_int(api_route(&r, 0, NULL, lang), API_RUN_LANGUAGE,
	    "POST /run/javascript?v=1 is /run/{language}");
	is_string(lang, "javascript", "its language is the path's segment");
	memset(name, 'a', sizeof(name));
	memcpy(name, "/run/", 5);
	name[5 + API_LANGUAGE_MAX - 1] = '\0';
	r.target = name;
	is_int(api_route(&r, 0, NULL, lang), API_RUN_LANGUAGE,
	    "a name of %d bytes fits", API_LANGUAGE_MAX - 1);
	is_int((int)strlen(lang), API_LANGUAGE_MAX - 1, "and is kept whole");
	name[5 + API_LANGUAGE_MAX - 1] = 'a';
	name[5 + API_LANGUAGE_MAX] = '\0';
	is_int(api_route(&r, 0, NULL, lang), API_NOT_FOUND,
	    "a name of %d bytes is no route", API_LANGUAGE_MAX);
}

static void
test_seed(void)
{
	struct err	 e;
	const char	*body;
	char		*out = NULL;
	size_t		 len = 0;

	memset(&e, 0, sizeof(e));
	body = "{\"code\":\"print(1)\",\"input\":\"a\\u0000b\",\"extra\":1}";
	is_int(api_seed_request(API_RUN_LANGUAGE, body, strlen(body), "ruby",
	    &out, &len, &e), 0, "a seed body becomes a runbox request");
	is_string(out, "{\"code\":\"print(1)\",\"language\":\"ruby\","
	    "\"input\":\"a\\u0000b\"}", "with the code, the language, the "
	    "input (NUL kept) and nothing else");
	free(out);
	body = "{\"code\":\"x\",\"v3\":true}";
	is_int(api_seed_request(API_COMPILE, body, strlen(body), NULL, &out,
	    &len, &e), 0, "/compile's v3 is accepted");
	is_string(out, "{\"code\":\"x\"}", "and dropped; no language: the "
	    "default");
	free(out);
	body = "{\"input\":\"x\"}";
	is_int(api_seed_request(API_RUN_LANGUAGE, body, strlen(body), "python",
	    &out, &len, &e), -1, "no code: refused");
	is_string(e.msg, "Code is required", "in the seed's words");
	is_int(api_seed_request(API_COMPILE, "nope", 4, NULL, &out, &len,
	    &e), -1, "/compile, not JSON: refused");
	is_string(e.msg, "No code provided", "in /compile's seed's words");
	ok(out == NULL, "nothing to free on failure");
}

static void
test_piston_errors(void)
{
	struct err	e;
	struct buf	b = { 0 };

	memset(&e, 0, sizeof(e));
	ok(!api_is_seed(API_PISTON_EXECUTE) &&
	    !api_is_seed(API_PISTON_RUNTIMES),
	    "Piston's routes are not the seeds'");
	err_setf(&e, ERR_BAD_REQUEST, "python-9 runtime is unknown");
	if (api_error_json(API_PISTON_EXECUTE, &e, 400, &b) == -1)
		bail("out of memory");
	is_string(b.data, "{\"error\":\"bad_request\",\"message\":"
	    "\"python-9 runtime is unknown\"}", "a refusal on Piston's execute "
	    "is runbox's refusal object, its message where Piston's is");
	buf_free(&b);
}

static void
test_keys(void)
{
	struct http_request	 r = req_of("POST", "/run");
	const char		*k;
	size_t			 len = 0;

	ok(api_header_key(&r, &len) == NULL, "no header: no key");
	r.authorization = "Bearer abc123";
	k = api_header_key(&r, &len);
	ok(k != NULL && len == 6 && memcmp(k, "abc123", 6) == 0,
	    "Authorization: Bearer TOKEN gives the token");
	r.authorization = "bearer   abc";
	k = api_header_key(&r, &len);
	ok(k != NULL && len == 3 && memcmp(k, "abc", 3) == 0,
	    "the scheme in any case, spaces before the token");
	r.authorization = "Basic YWxpY2U6eA==";
	ok(api_header_key(&r, &len) == NULL, "another scheme is no key");
	r.authorization = "Bearer ";
	ok(api_header_key(&r, &len) == NULL, "Bearer without a token is none");
	r.authorization = "Bearerabc";
	ok(api_header_key(&r, &len) == NULL, "Bearer glued to its token is "
	    "none");
	r.authorization = "Bearer abc";
	r.api_key = "xyz";
	k = api_header_key(&r, &len);
	ok(k != NULL && len == 3 && memcmp(k, "xyz", 3) == 0,
	    "X-API-Key comes before Authorization");
}

static void
test_status(void)
{
	is_int(api_status(ERR_NONE), 200, "no error: 200");
	is_int(api_status(ERR_BAD_FRAME), 400, "bad_frame: 400");
	is_int(api_status(ERR_BAD_REQUEST), 400, "bad_request: 400");
	is_int(api_status(ERR_UNSUPPORTED_LANGUAGE), 400,
	    "unsupported_language: 400, as Piston answers");
	is_int(api_status(ERR_UNAUTHORIZED), 401, "unauthorized: 401");
	is_int(api_status(ERR_FORBIDDEN), 403, "forbidden: 403");
	is_int(api_status(ERR_READ_TIMEOUT), 408, "read_timeout: 408");
	is_int(api_status(ERR_TOO_LARGE), 413, "too_large: 413");
	is_int(api_status(ERR_RATE_LIMITED), 429, "rate_limited: 429");
	is_int(api_status(ERR_BUSY), 429, "busy: 429");
	is_int(api_status(ERR_UNAVAILABLE), 503, "unavailable: 503");
	is_int(api_status(ERR_INTERNAL), 500, "internal: 500");
}

int
main(void)
{
	test_routes();
	test_playground_routes();
	test_language();
	test_seed();
	test_piston_errors();
	test_keys();
	test_status();
	done_testing();
	return exit_status();
}
