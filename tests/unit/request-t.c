/* request-t.c: unit tests for request parsing and checking (request.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>	/* JSON_PARSER_MAX_DEPTH */

#include "config.h"
#include "request.h"
#include "tap.h"

static struct config	cfg;

static int	parse(struct request *, const char *, size_t, struct err *);
static int	parse_str(struct request *, const char *, struct err *);
static const char *printable(const char *, size_t);
static void	test_table(void);
static void	test_code_size(void);
static void	test_nesting(void);
static void	test_args_count(void);
static void	test_success(void);
static void	test_input_bytes(void);
static void	test_input_many_nuls(void);
static void	test_list(void);
static void	test_aliases(void);
static void	test_files(void);
static void	test_language_limits(void);
static void	test_tests(void);
static void	test_tests_bytes(void);
static void	test_tests_count(void);
static void	test_return_files(void);
static size_t	tests_json(char *, size_t, size_t);
static void	load(const char *);

/*
 * Parse from an exact-size heap copy, so that the sanitizers catch any
 * read past the payload (it is not NUL-terminated).
 */
static int
parse(struct request *req, const char *payload, size_t len, struct err *e)
{
	char	*copy;
	int	 ret;

	if ((copy = malloc(len > 0 ? len : 1)) == NULL)
		bail("out of memory");
	memcpy(copy, payload, len);
	memset(e, 0, sizeof(*e));
	ret = request_parse(req, copy, len, &cfg, e);
	free(copy);
	return ret;
}

/* parse, of a C string. */
static int
parse_str(struct request *req, const char *payload, struct err *e)
{
	return parse(req, payload, strlen(payload), e);
}

/* The first bytes of s for a TAP line: control bytes as \xNN. */
static const char *
printable(const char *s, size_t len)
{
	static char	out[4 * 60 + 4];
	size_t		i, o = 0;

	for (i = 0; i < len && i < 60; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			o += snprintf(out + o, 5, "\\x%02x",
			    (unsigned char)s[i]);
		else
			out[o++] = s[i];
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

struct row {
	const char	*json;
	size_t		 len;		/* 0: strlen */
	enum err_code	 code;		/* ERR_NONE: accepted */
	const char	*want;		/* a substring of the message */
};

#define BAD(j, w)	{ j, 0, ERR_BAD_REQUEST, w }
#define BADN(j, w)	{ j, sizeof(j) - 1, ERR_BAD_REQUEST, w }
#define GOOD(j)		{ j, 0, ERR_NONE, "" }

#define RANGE_T	"field \"timeoutMs\": must be an integer from 1 to 10000"
/*
 * jansson's refusals (n is the byte where it stopped): the message is
 * its text after "invalid JSON near byte n: ".
 */
#define JSON_AT(n, w)	"invalid JSON near byte " #n ": " w
#define LONE(n, u)	JSON_AT(n, "invalid Unicode '" u "'")
#define ESCAPE(n)	JSON_AT(n, "invalid escape")
#define UTF8(n, b)	JSON_AT(n, "unable to decode byte " b)
#define CTRL(n, c)	JSON_AT(n, "control character " c)
#define RAWNUL(n)	JSON_AT(n, "a raw NUL byte (JSON has it only as " \
			"\\u0000)")
#define TOKEN(n, t)	JSON_AT(n, "invalid token near '" t "'")
#define TRAILING(n)	"trailing bytes after the JSON object, near byte " #n
#define RANGE_M	"field \"memoryLimitMb\": must be an integer from 16 " \
		"to 512"
#define RANGE_CT "field \"compileTimeoutMs\": must be an integer from 1 " \
		"to 30000"
#define RANGE_CM "field \"compileMemoryLimitMb\": must be an integer " \
		"from 16 to 1024"
#define LIST_NOT(v) "field \"list\": \"" v "\" is not a list runbox has; " \
		"it has \"languages\""
#define LIST_WITH(f) "field \"" f "\": not allowed with \"list\" (a " \
		"listing takes \"key\" only)"
#define ARG_NUL(n) "field \"args[" #n "]\": an argument cannot hold a NUL " \
		"byte (\\u0000)"

#define F(j)	"{\"code\":\"x\",\"files\":" j "}"
#define FBAD(n)	"field \"files[" #n "]\": bad name"

/* Judge mode: tests, stopOnFailure, returnFiles. */
#define T(j)	"{\"code\":\"x\",\"tests\":" j "}"
#define TS(j)	"{\"code\":\"x\",\"tests\":[{}]," j "}"
#define R(j)	"{\"code\":\"x\",\"returnFiles\":" j "}"
#define TESTS_TYPE "field \"tests\": must be an array of {\"input\", " \
		"\"expectedOutput\"} objects"
#define TEST_OBJ(n) "field \"tests[" #n "]\": must be an object with " \
		"\"input\" and \"expectedOutput\", both optional"
#define TEST_STR(n, m) "field \"tests[" #n "]." m "\": must be a string"
#define INPUT_WITH "field \"input\": not allowed with \"tests\" (each " \
		"test has its own input)"
#define STOP_ONLY "field \"stopOnFailure\": only with \"tests\""
#define STOP_BOOL "field \"stopOnFailure\": must be true or false"
#define RF_TYPE	"field \"returnFiles\": must be an array of file names"
#define RF_BAD(n, nm) "field \"returnFiles[" #n "]\": bad name \"" nm \
		"\" (a relative path of [A-Za-z0-9._-] segments, no . or .., " \
		"at most 128 bytes)"

static const struct row rows[] = {
	/* tests: 1..max_tests objects of input and expectedOutput. */
	GOOD(T("[{}]")),
	GOOD(T("[{\"input\":\"1 2\\n\"}]")),
	GOOD(T("[{\"expectedOutput\":\"3\\n\"}]")),
	GOOD(T("[{\"input\":\"1\",\"expectedOutput\":\"1\"},"
	    "{\"expectedOutput\":\"2\",\"input\":\"2\"},{}]")),
	GOOD(T("[{\"input\":\"\\u0000\",\"expectedOutput\":\"a\\u0000\"}]")),
	GOOD(T("[{\"input\":\"\",\"expectedOutput\":\"\"}]")),
	BAD(T("{}"), TESTS_TYPE),
	BAD(T("{\"input\":\"1\"}"), TESTS_TYPE),
	BAD(T("\"1\""), TESTS_TYPE),
	BAD(T("null"), TESTS_TYPE),
	BAD(T("1"), TESTS_TYPE),
	BAD(T("true"), TESTS_TYPE),
	BAD(T("[]"), "field \"tests\": must hold 1 to 32 tests"),
	BAD(T("[\"1\"]"), TEST_OBJ(0)),
	BAD(T("[{},null]"), TEST_OBJ(1)),
	BAD(T("[{},{},[{}]]"), TEST_OBJ(2)),
	BAD(T("[{},{},{},{\"foo\":1}]"),
	    "field \"tests[3]\": unknown member \"foo\""),
	BAD(T("[{\"input\":\"\",\"Input\":\"\"}]"),
	    "field \"tests[0]\": unknown member \"Input\""),
	BAD(T("[{\"expected\":\"\"}]"),
	    "field \"tests[0]\": unknown member \"expected\""),
	BAD(T("[{\"a\\\"\\u00e9\":1}]"),
	    "field \"tests[0]\": unknown member \"a\\\"\\xc3\\xa9\""),
	BAD(T("[{\"input\":1}]"), TEST_STR(0, "input")),
	BAD(T("[{\"input\":null}]"), TEST_STR(0, "input")),
	BAD(T("[{},{\"input\":[\"x\"]}]"), TEST_STR(1, "input")),
	BAD(T("[{\"input\":{}}]"), TEST_STR(0, "input")),
	BAD(T("[{\"expectedOutput\":1}]"), TEST_STR(0, "expectedOutput")),
	BAD(T("[{},{},{\"input\":\"\",\"expectedOutput\":false}]"),
	    TEST_STR(2, "expectedOutput")),
	BAD(T("[{\"expectedOutput\":null}]"), TEST_STR(0, "expectedOutput")),
	BAD(T("[{\"input\":\"1\",\"input\":\"2\"}]"),
	    "duplicate field \"input\""),
	BAD(T("[{\"in\\u0000put\":\"1\"}]"),
	    "a field name contains NUL (\\u0000)"),
	BAD(T("[{\"input\":\"\xff\"}]"), UTF8(31, "0xff")),
	BAD(T("[{\"expectedOutput\":\"\\ud800\"}]"), LONE(47, "\\uD800")),
	BADN(T("[{\"input\":\"\0\"}]"), RAWNUL(31)),
	BAD("{\"code\":\"x\",\"tests\":[{}],\"tests\":[{}]}",
	    "duplicate field \"tests\""),
	BAD("{\"code\":\"x\",\"Tests\":[{}]}", "unknown field \"Tests\""),
	/* With tests, each test has its own input: the top-level is refused. */
	BAD(TS("\"input\":\"1\""), INPUT_WITH),
	BAD(TS("\"input\":\"\""), INPUT_WITH),
	BAD(TS("\"input\":1"), INPUT_WITH),
	BAD("{\"input\":\"1\",\"code\":\"x\",\"tests\":[{}]}", INPUT_WITH),
	BAD(T("[]") "x", TRAILING(24)),
	/* Types first, then the language. */
	BAD("{\"code\":\"x\",\"language\":\"cobol\",\"tests\":[1]}",
	    TEST_OBJ(0)),
	{ "{\"code\":\"x\",\"language\":\"cobol\",\"tests\":[{}]}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"cobol\" is not configured" },
	BAD("{\"code\":\"\",\"tests\":[{}]}",
	    "field \"code\": must not be empty"),
	BAD("{\"tests\":[{}]}", "field \"code\" is required"),
	/* stopOnFailure: true or false, and only beside tests. */
	GOOD(TS("\"stopOnFailure\":true")),
	GOOD(TS("\"stopOnFailure\":false")),
	BAD("{\"code\":\"x\",\"stopOnFailure\":true}", STOP_ONLY),
	BAD("{\"code\":\"x\",\"stopOnFailure\":false}", STOP_ONLY),
	BAD("{\"code\":\"x\",\"stopOnFailure\":1}", STOP_ONLY),
	BAD("{\"code\":\"x\",\"input\":\"\",\"stopOnFailure\":true}",
	    STOP_ONLY),
	BAD(TS("\"stopOnFailure\":1"), STOP_BOOL),
	BAD(TS("\"stopOnFailure\":0"), STOP_BOOL),
	BAD(TS("\"stopOnFailure\":\"true\""), STOP_BOOL),
	BAD(TS("\"stopOnFailure\":null"), STOP_BOOL),
	BAD(TS("\"stopOnFailure\":[true]"), STOP_BOOL),
	BAD(TS("\"stopOnFailure\":{}"), STOP_BOOL),
	BAD("{\"code\":\"x\",\"tests\":[],\"stopOnFailure\":true}",
	    "field \"tests\": must hold 1 to 32 tests"),
	BAD("{\"code\":\"x\",\"stopOnFailure\":tru}", "invalid JSON"),
	BAD("{\"code\":\"x\",\"stopOnfailure\":true}",
	    "unknown field \"stopOnfailure\""),
	/* returnFiles: names as a file's, with or without tests. */
	GOOD(R("[]")),
	GOOD(R("[\"out.txt\"]")),
	GOOD(R("[\"out/a.txt\",\"out/b.txt\",\".hidden-1_x\",\"main.py\"]")),
	GOOD(TS("\"returnFiles\":[\"out.txt\"],\"stopOnFailure\":true")),
	BAD(R("\"out.txt\""), RF_TYPE),
	BAD(R("{}"), RF_TYPE),
	BAD(R("null"), RF_TYPE),
	BAD(R("[1]"), "field \"returnFiles[0]\": must be a string"),
	BAD(R("[\"a\",null]"), "field \"returnFiles[1]\": must be a string"),
	BAD(R("[\"a\",[\"b\"]]"), "field \"returnFiles[1]\": must be a string"),
	BAD(R("[\"a\",\"b\\u0000\"]"),
	    "field \"returnFiles[1]\": contains NUL (\\u0000)"),
	BAD(R("[\"\\u0000\"]"),
	    "field \"returnFiles[0]\": contains NUL (\\u0000)"),
	BAD(R("[\"a\",\"b\",\"../x\"]"), RF_BAD(2, "../x")),
	BAD(R("[\"/etc/passwd\"]"), RF_BAD(0, "/etc/passwd")),
	BAD(R("[\"\"]"), RF_BAD(0, "")),
	BAD(R("[\".\"]"), RF_BAD(0, ".")),
	BAD(R("[\"..\"]"), RF_BAD(0, "..")),
	BAD(R("[\"a/./b\"]"), RF_BAD(0, "a/./b")),
	BAD(R("[\"a//b\"]"), RF_BAD(0, "a//b")),
	BAD(R("[\"a/\"]"), RF_BAD(0, "a/")),
	BAD(R("[\"a b\"]"), RF_BAD(0, "a b")),
	BAD(R("[\"caf\\u00e9\"]"), RF_BAD(0, "caf\\xc3\\xa9")),
	BAD(R("[\"a\\\"b\"]"), RF_BAD(0, "a\\\"b")),
	BAD(R("[\"*.txt\"]"), RF_BAD(0, "*.txt")),
	BAD(R("[\"a\",\"b\",\"a\"]"),
	    "field \"returnFiles[2]\": \"a\" is given twice"),
	BAD(R("[\"d/x\",\"d/x\"]"),
	    "field \"returnFiles[1]\": \"d/x\" is given twice"),
	BAD("{\"code\":\"x\",\"returnFiles\":[],\"returnFiles\":[]}",
	    "duplicate field \"returnFiles\""),
	BAD("{\"code\":\"x\",\"language\":\"cobol\",\"returnFiles\":[\"..\"]}",
	    RF_BAD(0, "..")),
	/* A listing takes none of them. */
	BAD("{\"list\":\"languages\",\"tests\":[{}]}", LIST_WITH("tests")),
	BAD("{\"list\":\"languages\",\"tests\":[]}", LIST_WITH("tests")),
	BAD("{\"list\":\"languages\",\"stopOnFailure\":true}",
	    LIST_WITH("stopOnFailure")),
	BAD("{\"list\":\"languages\",\"returnFiles\":[]}",
	    LIST_WITH("returnFiles")),
	BAD("{\"returnFiles\":[\"a\"],\"list\":\"languages\"}",
	    LIST_WITH("returnFiles")),
	/* Files beside the code. */
	GOOD(F("[]")),
	GOOD(F("[{\"name\":\"util.py\",\"content\":\"x = 1\\n\"}]")),
	GOOD(F("[{\"name\":\"a/b/c.txt\",\"content\":\"\"},"
	    "{\"name\":\"a/d.txt\",\"content\":\"\"}]")),
	GOOD(F("[{\"content\":\"\",\"name\":\".hidden-1_x\"}]")),
	BAD(F("{}"), "field \"files\": must be an array"),
	BAD(F("[\"util.py\"]"), "field \"files[0]\": must be an object"),
	BAD(F("[{\"name\":\"a\"}]"), "field \"files[0]\": needs one string"),
	BAD(F("[{\"name\":\"a\",\"content\":1}]"),
	    "field \"files[0]\": needs one string"),
	BAD(F("[{\"name\":\"a\",\"content\":\"\",\"mode\":\"755\"}]"),
	    "field \"files[0]\": unknown member \"mode\""),
	BAD(F("[{\"name\":\"a\",\"content\":\"\",\"name\":\"b\"}]"),
	    "duplicate field \"name\""),
	BAD(F("[{\"name\":\"a\",\"content\":\"\",\"n\\u0000\":\"\"}]"),
	    "a field name contains NUL (\\u0000)"),
	BAD(F("[{\"name\":\"a\",\"content\":\"\\u00e9\\u0000\"}]"),
	    "field \"files[0]\": a file cannot hold a NUL byte"),
	BAD(F("[{\"name\":\"a\",\"content\":\"\"},{\"name\":\"/etc/x\","
	    "\"content\":\"\"}]"), FBAD(1)),
	BAD(F("[{\"name\":\"../x\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a/../x\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a/./x\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\".\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a//x\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a/\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a b\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"caf\\u00e9\",\"content\":\"\"}]"), FBAD(0)),
	BAD(F("[{\"name\":\"a\",\"content\":\"\"},{\"name\":\"a\","
	    "\"content\":\"\"}]"), "field \"files[1]\": \"a\" is given twice"),
	BAD(F("[{\"name\":\"a\",\"content\":\"\"},{\"name\":\"a/b\","
	    "\"content\":\"\"}]"), "\"a/b\" is a file and a directory"),
	BAD(F("[{\"name\":\"a/b\",\"content\":\"\"},{\"name\":\"a\","
	    "\"content\":\"\"}]"), "\"a\" is a file and a directory"),
	BAD(F("[{\"name\":\"main.py\",\"content\":\"\"}]"),
	    "field \"files[0]\": \"main.py\" is the code's own file"),
	BAD(F("[{\"name\":\"main.py/x\",\"content\":\"\"}]"),
	    "\"main.py\" is the code's own file"),
	BAD(F("[{\"name\":\"a\",\"content\":\"x\\u0000y\"}]"),
	    "field \"files[0]\": a file cannot hold a NUL byte"),
	BAD(F("[{\"name\":\"a\",\"content\":\"\"},{\"name\":\"b\\u0000\","
	    "\"content\":\"\"}]"),
	    "field \"files[1]\": a file cannot hold a NUL byte"),
	/* Roots that are not objects. */
	BAD("[]", "request must be a JSON object"),
	BAD("[{\"code\":\"x\"}]", "request must be a JSON object"),
	BAD("\"code\"", "request must be a JSON object"),
	BAD("42", "request must be a JSON object"),
	BAD("null", "request must be a JSON object"),
	BAD("true", "request must be a JSON object"),
	/* Not JSON. */
	BAD("", "invalid JSON"),
	BAD("{", "invalid JSON"),
	BAD("{\"code\":\"x\"", "invalid JSON"),
	BAD("{\"code\":}", "invalid JSON"),
	BAD("{\"code\":\"x\",}", "invalid JSON"),
	BAD("{'code':'x'}", "invalid JSON"),
	BAD("{code:\"x\"}", "invalid JSON"),
	BAD("{\"code\":\"x\" \"input\":\"y\"}", "invalid JSON"),
	BAD("{\"code\":\"\\x\"}", "invalid JSON"),
	BAD("{\"code\":\"\\u12\"}", ESCAPE(14) " near '\"\\u12\"'"),
	BAD("{\"code\":\"a\\uZZZZb\"}", ESCAPE(13)),
	BAD("{\"code\":\"x\",\"input\":\"\\u00g0\"}", ESCAPE(26)),
	BAD("{\"code\":\"x\",\"k\\u-1\":1}", ESCAPE(17)),
	BAD("{\"code\":\"\\u", ESCAPE(11)),
	BAD("{\"code\":\"x\",\"timeoutMs\":nul}", "invalid JSON"),
	BAD("\xef\xbb\xbf{\"code\":\"x\"}", TOKEN(3, "\\xef\\xbb\\xbf")),
	BAD(" \xef\xbb\xbf{\"code\":\"x\"}", TOKEN(4, "\\xef\\xbb\\xbf")),
	BAD("{\"code\":\"x\"}\x01", TRAILING(13)),
	BAD("{\x0b\"code\":\"x\"}",
	    JSON_AT(2, "string or '}' expected near '\\x0b'")),
	/* Trailing bytes. */
	BAD("{\"code\":\"x\"} {}", "trailing bytes after the JSON object"),
	BAD("{\"code\":\"x\"}x", "trailing bytes after the JSON object"),
	BAD("{\"code\":\"x\"},", "trailing bytes after the JSON object"),
	GOOD(" \t\r\n{\"code\":\"x\"} \t\r\n"),
	/* Field names. */
	BAD("{\"code\":\"x\",\"foo\":1}", "unknown field \"foo\""),
	BAD("{\"Code\":\"x\"}", "unknown field \"Code\""),
	BAD("{\"code\":\"x\",\"\":1}", "unknown field \"\""),
	BAD("{\"code\":\"x\",\"a\\u0001\\\"b\":1}",
	    "unknown field \"a\\x01\\\"b\""),
	BAD("{\"code\":\"x\",\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaa\":1}",
	    "unknown field \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\""),
	BAD("{\"code\":\"x\",\"code\":\"y\"}", "duplicate field \"code\""),
	BAD("{\"timeoutMs\":1,\"code\":\"x\",\"timeoutMs\":1}",
	    "duplicate field \"timeoutMs\""),
	BAD("{\"code\":\"x\",\"c\\u006fde\":\"y\"}",
	    "duplicate field \"code\""),
	/*
	 * jansson refuses a key twice as it parses, so before any name is
	 * looked at; the name is read back from the payload, escapes and
	 * all, however long.
	 */
	BAD("{\"foo\":1,\"code\":\"x\" , \"code\" :\"y\"}",
	    "duplicate field \"code\""),
	BAD("{\"compileMemoryLimitMb\":16,\"code\":\"x\","
	    "\"compileMemoryLimitMb\":16}",
	    "duplicate field \"compileMemoryLimitMb\""),
	BAD("{\"a\\\"b\":1,\"a\\\"b\":2}", "duplicate field \"a\\\"b\""),
	BAD("{\"a\\\\\":1,\"a\\\\\":2}", "duplicate field \"a\\\\\""),
	BAD("{\"\\\"\":1,\"\\\"\":2}", "duplicate field \"\\\"\""),
	BAD("{\"\":1,\"\":2}", "duplicate field \"\""),
	BAD("{\"\xc3\xa9\":1,\"\\u00e9\":2}", "duplicate field \"\\xc3\\xa9\""),
	BAD("{\"code\":\"x\",\"aaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaa\":1,\"aaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaa\":2}",
	    "duplicate field \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\""),
	BAD("{\"code\":\"x\",\"\xff\":1}", UTF8(13, "0xff")),
	BAD("{\"code\":\"x\",\"\xc0\xaf\":1}", UTF8(13, "0xc0")),
	/* Types. */
	BAD("{}", "field \"code\" is required"),
	BAD("{\"input\":\"x\"}", "field \"code\" is required"),
	BAD("{\"code\":1}", "field \"code\": must be a string"),
	BAD("{\"code\":null}", "field \"code\": must be a string"),
	BAD("{\"code\":[\"x\"]}", "field \"code\": must be a string"),
	BAD("{\"code\":{}}", "field \"code\": must be a string"),
	BAD("{\"code\":true}", "field \"code\": must be a string"),
	BAD("{\"code\":\"x\",\"language\":1}",
	    "field \"language\": must be a string"),
	BAD("{\"code\":\"x\",\"language\":null}",
	    "field \"language\": must be a string"),
	BAD("{\"code\":\"x\",\"input\":1}",
	    "field \"input\": must be a string"),
	BAD("{\"code\":\"x\",\"input\":null}",
	    "field \"input\": must be a string"),
	BAD("{\"code\":\"x\",\"input\":[]}",
	    "field \"input\": must be a string"),
	BAD("{\"code\":\"x\",\"args\":\"-v\"}",
	    "field \"args\": must be an array of strings"),
	BAD("{\"code\":\"x\",\"args\":{}}",
	    "field \"args\": must be an array of strings"),
	BAD("{\"code\":\"x\",\"args\":null}",
	    "field \"args\": must be an array of strings"),
	BAD("{\"code\":\"x\",\"args\":[1]}",
	    "field \"args\": element 0 is not a string"),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"b\",\"c\",null]}",
	    "field \"args\": element 3 is not a string"),
	BAD("{\"code\":\"x\",\"args\":[\"a\",[\"b\"]]}",
	    "field \"args\": element 1 is not a string"),
	BAD("{\"code\":\"x\",\"timeoutMs\":\"100\"}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":true}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":null}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":[100]}", RANGE_T),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":\"64\"}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":{}}", RANGE_M),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":\"100\"}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":null}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":[1]}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":\"64\"}", RANGE_CM),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":false}", RANGE_CM),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":{}}", RANGE_CM),
	BAD("{\"code\":\"x\",\"key\":1}", "field \"key\": must be a string"),
	BAD("{\"code\":\"x\",\"key\":null}", "field \"key\": must be a string"),
	/* Ranges. */
	BAD("{\"code\":\"x\",\"timeoutMs\":0}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":10001}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":-1}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":-0}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":1.5}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":2000.0}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":2e3}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":2E+3}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":1e999}",
	    JSON_AT(29, "real number overflow near '1e999'")),
	BAD("{\"code\":\"x\",\"timeoutMs\":-1e999}",
	    JSON_AT(30, "real number overflow near '-1e999'")),
	BAD("{\"code\":\"x\",\"timeoutMs\":1e20}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":100000000000000000000}",
	    JSON_AT(45, "too big integer")),
	BAD("{\"code\":\"x\",\"timeoutMs\":9223372036854775807}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":-9223372036854775808}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":9223372036854775808}",
	    JSON_AT(43, "too big integer")),
	BAD("{\"code\":\"x\",\"timeoutMs\":1e-999}", RANGE_T),
	BAD("{\"code\":\"x\",\"timeoutMs\":4294968296}", RANGE_T),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":15}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":0}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":513}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":-1}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":64.5}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":64.0}", RANGE_M),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":1e999}",
	    JSON_AT(33, "real number overflow")),
	BAD("{\"code\":\"x\",\"memoryLimitMb\":1e20}", RANGE_M),
	GOOD("{\"code\":\"x\",\"timeoutMs\":1,\"memoryLimitMb\":16}"),
	GOOD("{\"code\":\"x\",\"timeoutMs\":10000,\"memoryLimitMb\":512}"),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":0}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":30001}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":-1}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":1.5}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":2e3}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":1e999}",
	    JSON_AT(36, "real number overflow")),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":4294968296}", RANGE_CT),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":15}", RANGE_CM),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":1025}", RANGE_CM),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":512.0}", RANGE_CM),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMb\":-512}", RANGE_CM),
	GOOD("{\"code\":\"x\",\"compileTimeoutMs\":1,"
	    "\"compileMemoryLimitMb\":16}"),
	GOOD("{\"code\":\"x\",\"compileTimeoutMs\":30000,"
	    "\"compileMemoryLimitMb\":1024}"),
	BAD("{\"code\":\"x\",\"compileTimeoutMs\":1,\"compileTimeoutMs\":1}",
	    "duplicate field \"compileTimeoutMs\""),
	BAD("{\"code\":\"x\",\"compileTimeoutMS\":1}",
	    "unknown field \"compileTimeoutMS\""),
	BAD("{\"code\":\"x\",\"compileMemoryLimitMB\":16}",
	    "unknown field \"compileMemoryLimitMB\""),
	/*
	 * Types first, then the language, then the ranges (its own): an
	 * unknown language with a malformed limit is bad_request, with one
	 * out of range unsupported_language.
	 */
	BAD("{\"code\":\"x\",\"language\":\"cobol\",\"timeoutMs\":\"1\"}",
	    RANGE_T),
	BAD("{\"code\":\"x\",\"language\":\"cobol\","
	    "\"compileMemoryLimitMb\":1.5}", RANGE_CM),
	{ "{\"code\":\"x\",\"language\":\"cobol\",\"timeoutMs\":0}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"cobol\" is not configured" },
	{ "{\"code\":\"x\",\"language\":\"cobol\",\"compileTimeoutMs\":30001}",
	    0, ERR_UNSUPPORTED_LANGUAGE, "language \"cobol\" is not configured" },
	BAD("{\"timeoutMs\":99999,\"code\":\"x\",\"memoryLimitMb\":true}",
	    RANGE_M),
	/* A number jansson cannot hold is malformed JSON, so bad_request. */
	BAD("{\"code\":\"x\",\"language\":\"cobol\","
	    "\"timeoutMs\":100000000000000000000}", "too big integer"),
	BAD("{\"code\":\"x\",\"language\":\"cobol\",\"timeoutMs\":1e999}",
	    "real number overflow"),
	/* Numbers that are not JSON numbers. */
	BAD("{\"code\":\"x\",\"timeoutMs\":0100}", TOKEN(25, "0")),
	BAD("{\"code\":\"x\",\"timeoutMs\":100.}", TOKEN(28, "100.")),
	BAD("{\"code\":\"x\",\"timeoutMs\":-}", TOKEN(25, "-")),
	BAD("{\"code\":\"x\",\"timeoutMs\":1e}", TOKEN(26, "1e")),
	BAD("{\"code\":\"x\",\"timeoutMs\":+100}", TOKEN(25, "+")),
	BAD("{\"code\":\"x\",\"timeoutMs\":.5}", TOKEN(25, ".")),
	BAD("{\"code\":\"x\",\"timeoutMs\":NaN}", TOKEN(27, "NaN")),
	BAD("{\"code\":\"x\",\"timeoutMs\":Infinity}",
	    TOKEN(32, "Infinity")),
	BAD("{\"code\":\"x\",\"args\":[01]}", TOKEN(21, "0")),
	/* Code length. */
	BAD("{\"code\":\"\"}", "field \"code\": must not be empty"),
	/* NUL, raw and escaped. */
	BADN("{\"code\":\"a\0b\"}", RAWNUL(10)),
	BADN("{\"code\":\"x\",\"input\":\"\0\"}", RAWNUL(21)),
	BADN("{\"code\":\"x\",\"args\":[\"a\",\"\0\"]}", RAWNUL(25)),
	BADN("{\"code\":\"x\",\"key\":\"k\0\"}", RAWNUL(20)),
	BADN("{\"code\":\"x\",\"ke\0y\":\"k\"}", RAWNUL(15)),
	BADN("{\"code\":\"x\"}\0", RAWNUL(12)),
	BADN("\0{\"code\":\"x\"}", RAWNUL(0)),
	BADN("{\"code\":\0\"x\"}", RAWNUL(8)),
	/* Which Debian's jansson 2.14 lets through by itself. */
	BADN("{\"code\":\"x\",\"timeoutMs\":200\0}", RAWNUL(27)),
	BADN("{\"code\":\"x\",\"list\":true\0}", RAWNUL(23)),
	BADN("{\"\":2\0,\"\":1}", RAWNUL(5)),
	BAD("{\"code\":\"a\\u0000b\"}",
	    "field \"code\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"key\":\"\\u0000\"}",
	    "field \"key\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"key\":\"s3\\u0000cret\"}",
	    "field \"key\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"language\":\"python\\u0000\"}",
	    "field \"language\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"k\\u0000ey\":\"x\"}",
	    "a field name contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"inp\\u0000ut\":\"x\"}",
	    "a field name contains NUL (\\u0000)"),
	BAD("{\"code\":\"\\\\\\u0000\"}",
	    "field \"code\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"print(1)\\u0000\"}",
	    "field \"code\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"\\u0000print(1)\"}",
	    "field \"code\": contains NUL (\\u0000)"),
	BAD("{\"code\":\"\\u0000\xff\"}", UTF8(15, "0xff")),
	BAD("{\"input\":\"\\u0000\",\"code\":\"a\\u0000\"}",
	    "field \"code\": contains NUL (\\u0000)"),
	BAD("[\"\\u0000\"]", "request must be a JSON object"),
	BAD("\"\\u0000\"", "request must be a JSON object"),
	BAD("{\"code\":\"x\"}{\"input\":\"\\u0000\"}", TRAILING(13)),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\"} x", TRAILING(31)),
	BAD("{\"code\":\"x\",\"foo\":\"\\u0000\"}", "unknown field \"foo\""),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\",\"input\":\"\"}",
	    "duplicate field \"input\""),
	BAD("{\"code\":\"x\",\"timeoutMs\":\"\\u0000\"}", RANGE_T),
	/* \u0000 in input is text; what else input holds is still checked. */
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\xff\"}", UTF8(27, "0xff")),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\\ud800\"}",
	    LONE(34, "\\uD800")),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\\u00\"}", ESCAPE(32)),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\\x\"}", "invalid JSON"),
	BAD("{\"code\":\"x\",\"input\":[\"\\u0000\"]}",
	    "field \"input\": must be a string"),
	BADN("{\"code\":\"x\",\"input\":\"\\u0000\0\"}", RAWNUL(27)),
	GOOD("{\"code\":\"x\",\"input\":\"\\u0000\"}"),
	/* An argument is a C string: \u0000 in one is refused, by index. */
	BAD("{\"code\":\"x\",\"args\":[\"\\u0000\"]}", ARG_NUL(0)),
	BAD("{\"code\":\"x\",\"args\":[\"ok\",\"\\u0000\"]}", ARG_NUL(1)),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"b\",\"c\\u0000d\"]}",
	    ARG_NUL(2)),
	BAD("{\"code\":\"x\",\"args\":[\"\\u0000\",\"\\u0000\"]}", ARG_NUL(0)),
	BAD("{\"code\":\"x\",\"args\":[\"a\",1,\"\\u0000\"]}",
	    "field \"args\": element 1 is not a string"),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"\xff\",\"\\u0000\"]}",
	    UTF8(25, "0xff")),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"\\u0000\",\"\xff\"]}",
	    UTF8(34, "0xff")),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"\\u0000\",\"\\u00e9\"]}",
	    ARG_NUL(1)),
	BAD("{\"code\":\"x\",\"args\":[[\"\\u0000\"],\"\\u0000\"]}",
	    "field \"args\": element 0 is not a string"),
	BAD("{\"code\":\"x\",\"args\":[{\"\\u0000\":1}]}",
	    "a field name contains NUL (\\u0000)"),
	BAD("{\"code\":\"x\",\"args\":[{\"a\":\"\\u0000\"}]}",
	    "field \"args\": element 0 is not a string"),
	BAD("{\"code\":\"x\",\"args\":{\"a\":\"\\u0000\"}}",
	    "field \"args\": must be an array of strings"),
	BAD("{\"code\":\"x\",\"input\":\"\\u0000\","
	    "\"args\":[\"-\",\"\\u0000\"]}", ARG_NUL(1)),
	GOOD("{\"code\":\"\\\\u0000\"}"),
	GOOD("{\"code\":\"\\u0001\\u001f\\u0100\\u1000\"}"),
	/* Raw control characters in strings. */
	BAD("{\"code\":\"print(1)\nprint(2)\"}",
	    JSON_AT(17, "unexpected newline near '\"print(1)'")),
	BAD("{\"code\":\"x\",\"input\":\"a\tb\"}", CTRL(22, "0x9")),
	BAD("{\"co\x1f\":\"x\"}", CTRL(4, "0x1f")),
	GOOD("{\"code\":\"x\x7f\"}"),
	/* Invalid UTF-8. */
	BAD("{\"code\":\"\xff\"}", UTF8(9, "0xff near '\"'")),
	BAD("{\"code\":\"\xc3\x28\"}", UTF8(9, "0xc3")),
	BAD("{\"code\":\"\xc0\x80\"}", UTF8(9, "0xc0")),
	BAD("{\"code\":\"\xe0\x80\x80\"}", UTF8(9, "0xe0")),
	BAD("{\"code\":\"\xf0\x80\x80\x80\"}", UTF8(9, "0xf0")),
	BAD("{\"code\":\"\xed\xa0\x80\"}", UTF8(9, "0xed")),
	BAD("{\"code\":\"\xf4\x90\x80\x80\"}", UTF8(9, "0xf4")),
	BAD("{\"code\":\"\xf5\x80\x80\x80\"}", UTF8(9, "0xf5")),
	BAD("{\"code\":\"x\",\"input\":\"\xe2\x82\"}", UTF8(21, "0xe2")),
	BAD("{\"code\":\"x\",\"args\":[\"a\",\"\xed\xbf\xbf\"]}",
	    UTF8(25, "0xed")),
	BAD("{\"code\":\"x\",\"language\":\"py\xff\"}",
	    UTF8(26, "0xff near '\"py'")),
	BAD("{\"code\":\"x\",\"key\":\"\xfe\"}", UTF8(19, "0xfe")),
	BAD("{\"code\":\"x\"}\xff", UTF8(12, "0xff")),
	GOOD("{\"code\":\"\xf4\x8f\xbf\xbf\xef\xbf\xbf\xf0\x90\x80\x80\"}"),
	/* Surrogate escapes: only a proper pair is text. */
	BAD("{\"code\":\"\\ud800\"}",
	    LONE(16, "\\uD800") " near '\"\\ud800\"'"),
	BAD("{\"code\":\"\\uDC00\"}", LONE(16, "\\uDC00")),
	BAD("{\"code\":\"\\ud800\\u0041\"}", LONE(22, "\\uD800\\u0041")),
	BAD("{\"code\":\"\\ud800x\"}", LONE(17, "\\uD800")),
	BAD("{\"code\":\"x\\ud800\"}", LONE(17, "\\uD800")),
	BAD("{\"code\":\"\\udbff\\udbff\"}", LONE(22, "\\uDBFF\\uDBFF")),
	BAD("{\"code\":\"\\ud83d\\ude00\\ude00\"}", LONE(28, "\\uDE00")),
	BAD("{\"code\":\"x\",\"input\":\"\\ud800\\\\udc00\"}",
	    LONE(35, "\\uD800")),
	BAD("{\"code\":\"x\",\"args\":[\"\\udfff\"]}", LONE(28, "\\uDFFF")),
	BAD("{\"code\":\"x\",\"\\ud800\":1}", LONE(20, "\\uD800")),
	BAD("{\"code\":\"\\ud800\\u12\"}", ESCAPE(20)),
	BAD("{\"code\":\"\\ud8\"}", ESCAPE(14)),
	GOOD("{\"code\":\"\\uDBFF\\uDFFF\\\\ud800\"}"),
	GOOD("{\"code\":\"\\ud83d\\ude00\"}"),
	/* Languages. */
	{ "{\"code\":\"x\",\"language\":\"cobol\"}", 0, ERR_UNSUPPORTED_LANGUAGE,
	    "language \"cobol\" is not configured; configured: python, "
	    "javascript, ruby" },
	{ "{\"code\":\"x\",\"language\":\"Python\"}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"Python\" is not configured" },
	{ "{\"code\":\"x\",\"language\":\"\"}", 0, ERR_UNSUPPORTED_LANGUAGE,
	    "language \"\" is not configured" },
	{ "{\"code\":\"x\",\"language\":\"\\u00e9\\\"\"}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"\\xc3\\xa9\\\"\" is not" },
	BAD("{\"code\":\"\",\"language\":\"cobol\"}",
	    "field \"code\": must not be empty"),
	GOOD("{\"code\":\"x\",\"language\":\"ruby\"}"),
	GOOD("{\"code\":\"x\",\"args\":[]}"),
	GOOD("{\"code\":\"x\",\"key\":\"\"}"),
	/* Aliases (the defaults). */
	GOOD("{\"code\":\"x\",\"language\":\"py\"}"),
	GOOD("{\"code\":\"x\",\"language\":\"node\"}"),
	{ "{\"code\":\"x\",\"language\":\"PY\"}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"PY\" is not configured" },
	{ "{\"code\":\"x\",\"language\":\"tsx\"}", 0,
	    ERR_UNSUPPORTED_LANGUAGE, "language \"tsx\" is not configured" },
	/* Listings. */
	GOOD("{\"list\":\"languages\"}"),
	GOOD("{\"key\":\"k\",\"list\":\"languages\"}"),
	GOOD(" {\"list\" : \"lang\\u0075ages\"} "),
	BAD("{\"list\":\"images\"}", LIST_NOT("images")),
	BAD("{\"list\":\"Languages\"}", LIST_NOT("Languages")),
	BAD("{\"list\":\"\"}", LIST_NOT("")),
	BAD("{\"list\":\"languages \"}", LIST_NOT("languages ")),
	BAD("{\"list\":\"x\\\"\\n\\u00e9\"}", LIST_NOT("x\\\"\\x0a\\xc3\\xa9")),
	BAD("{\"list\":1}", "field \"list\": must be a string"),
	BAD("{\"list\":null}", "field \"list\": must be a string"),
	BAD("{\"list\":[\"languages\"]}", "field \"list\": must be a string"),
	BAD("{\"list\":\"languages\\u0000\"}",
	    "field \"list\": contains NUL (\\u0000)"),
	BAD("{\"list\":\"lang\xff\"}", UTF8(13, "0xff")),
	BAD("{\"list\":\"languages\",\"code\":\"x\"}", LIST_WITH("code")),
	BAD("{\"code\":\"x\",\"list\":\"languages\"}", LIST_WITH("code")),
	BAD("{\"language\":\"python\",\"list\":\"languages\"}",
	    LIST_WITH("language")),
	BAD("{\"list\":\"languages\",\"input\":\"\"}", LIST_WITH("input")),
	BAD("{\"list\":\"languages\",\"args\":[]}", LIST_WITH("args")),
	BAD("{\"list\":\"languages\",\"timeoutMs\":1}",
	    LIST_WITH("timeoutMs")),
	BAD("{\"list\":\"languages\",\"compileTimeoutMs\":1}",
	    LIST_WITH("compileTimeoutMs")),
	BAD("{\"list\":\"languages\",\"compileMemoryLimitMb\":64}",
	    LIST_WITH("compileMemoryLimitMb")),
	BAD("{\"list\":\"languages\",\"memoryLimitMb\":64}",
	    LIST_WITH("memoryLimitMb")),
	BAD("{\"list\":\"images\",\"code\":\"x\"}", LIST_WITH("code")),
	BAD("{\"list\":\"languages\",\"list\":\"languages\"}",
	    "duplicate field \"list\""),
	BAD("{\"list\":\"languages\",\"lists\":1}", "unknown field \"lists\""),
	BAD("{\"list\":\"languages\",\"key\":1}",
	    "field \"key\": must be a string"),
	BAD("{\"list\":\"languages\",\"key\":\"\\u0000\"}",
	    "field \"key\": contains NUL (\\u0000)"),
	BAD("[{\"list\":\"languages\"}]", "request must be a JSON object"),
};

static void
test_table(void)
{
	struct request	 req;
	struct err	 e;
	const struct row *r;
	size_t		 i, len;
	int		 ret;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		len = r->len != 0 ? r->len : strlen(r->json);
		ret = parse(&req, r->json, len, &e);
		if (r->code == ERR_NONE) {
			if (!ok(ret == 0, "request %s is accepted",
			    printable(r->json, len)))
				diag("%s: %s", err_name(e.code), e.msg);
			request_free(&req);
			continue;
		}
		if (!ok(ret == -1 && e.code == r->code &&
		    strstr(e.msg, r->want) != NULL,
		    "request %s is refused (%s: %s)", printable(r->json, len),
		    err_name(r->code), r->want))
			diag("got %d, %s: %s", ret, err_name(e.code), e.msg);
		ok(req.code == NULL && req.key == NULL && req.args == NULL &&
		    req.input == NULL && req.files == NULL &&
		    req.tests == NULL && req.ntests == 0 &&
		    req.return_files == NULL && req.nreturn_files == 0,
		    "a refused request holds nothing");
		request_free(&req);
	}
}

static void
test_code_size(void)
{
	struct request	 req;
	struct err	 e;
	char		*json;
	size_t		 n, max = cfg.max_code_bytes;

	if ((json = malloc(max + 64)) == NULL)
		bail("out of memory");
	memcpy(json, "{\"code\":\"", 9);
	memset(json + 9, 'a', max + 1);
	memcpy(json + 9 + max, "\"}", 2);
	n = 9 + max + 2;
	ok(parse(&req, json, n, &e) == 0 && req.code_len == max,
	    "code of exactly max_code_bytes bytes is accepted");
	request_free(&req);
	memcpy(json + 9 + max, "a\"}", 3);
	n++;
	ok(parse(&req, json, n, &e) == -1 && e.code == ERR_BAD_REQUEST &&
	    strcmp(e.msg, "field \"code\": longer than 262144 bytes") == 0,
	    "code of max_code_bytes + 1 bytes is refused");
	/* The limit counts bytes after unescaping. */
	memcpy(json + 9 + max - 1, "\\n\"}", 4);
	n = 9 + max + 3;
	ok(parse(&req, json, n, &e) == 0 && req.code_len == max &&
	    req.code[max - 1] == '\n',
	    "the code limit counts decoded bytes, not escapes");
	request_free(&req);
	free(json);
}

/*
 * Nesting is jansson's to bound (JSON_PARSER_MAX_DEPTH levels): a
 * request needs 3, and a deeper value has a wrong type for its field.
 */
static void
test_nesting(void)
{
	struct request	 req;
	struct err	 e;
	char		*json, want[128];
	size_t		 depth = 100000, max = JSON_PARSER_MAX_DEPTH, i, n;

	if ((json = malloc(2 * depth + 64)) == NULL)
		bail("out of memory");
	memset(json, '[', depth);
	memset(json + depth, ']', depth);
	ok(parse(&req, json, 2 * depth, &e) == -1 &&
	    e.code == ERR_BAD_REQUEST && strstr(e.msg, "maximum parsing "
	    "depth reached") != NULL, "100000 nested arrays are refused");
	n = (size_t)snprintf(json, 64, "{\"code\":\"x\",\"args\":");
	/* The root is a level: the args' max-th '[' is one too many. */
	(void)snprintf(want, sizeof(want), "invalid JSON near byte %zu: "
	    "maximum parsing depth reached near '['", n + max);
	memset(json + n, '[', depth);
	n += depth;
	if (!ok(parse(&req, json, n, &e) == -1 && strcmp(e.msg, want) == 0,
	    "deep nesting in a field is refused where it passes jansson's "
	    "limit, at that byte"))
		diag("%s", e.msg);
	for (i = 0; i < depth; i++)
		memcpy(json + 2 * i, "{\"", 2);
	ok(parse(&req, json, 2 * depth, &e) == -1 &&
	    e.code == ERR_BAD_REQUEST,
	    "100000 nested unterminated objects are refused");
	memset(json, '[', max);
	memset(json + max, ']', max);
	if (!ok(parse(&req, json, 2 * max, &e) == -1 &&
	    strcmp(e.msg, "request must be a JSON object") == 0,
	    "%zu nested arrays, jansson's limit, parse (and are not an "
	    "object)", max))
		diag("%s", e.msg);
	memset(json, '[', max + 1);
	memset(json + max + 1, ']', max + 1);
	ok(parse(&req, json, 2 * max + 2, &e) == -1 &&
	    strstr(e.msg, "maximum parsing depth reached") != NULL,
	    "one more level is refused");
	n = (size_t)snprintf(json, 64, "{\"code\":\"x\",\"args\":[[[\"x\"]]]}");
	ok(parse(&req, json, n, &e) == -1 && strcmp(e.msg, "field \"args\": "
	    "element 0 is not a string") == 0,
	    "an args element nested deeper than a request needs has the "
	    "wrong type");
	free(json);
}

static void
test_args_count(void)
{
	struct request	 req;
	struct err	 e;
	char		 json[1024];
	size_t		 i, n;

	n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"args\":[");
	for (i = 0; i < REQUEST_MAX_ARGS; i++)
		n += snprintf(json + n, sizeof(json) - n, "%s\"%zu\"",
		    i > 0 ? "," : "", i);
	n += snprintf(json + n, sizeof(json) - n, "]}");
	ok(parse(&req, json, n, &e) == 0 && req.nargs == REQUEST_MAX_ARGS &&
	    strcmp(req.args[63], "63") == 0,
	    "64 args are accepted");
	request_free(&req);
	n -= 2;
	n += snprintf(json + n, sizeof(json) - n, ",\"64\"]}");
	ok(parse(&req, json, n, &e) == -1 && e.code == ERR_BAD_REQUEST &&
	    strcmp(e.msg, "field \"args\": more than 64 elements") == 0,
	    "65 args are refused");
}

static void
test_success(void)
{
	static const char	full[] =
	    "{\"key\": \"s3cret\", \"language\": \"ruby\", "
	    "\"code\": \"puts gets\\n\\t\\\"\\\\\\/\\u00e9\\ud83d\\ude00\", "
	    "\"input\": \"hello\\n\", \"args\": [\"-v\", \"\", \"x y\"], "
	    "\"timeoutMs\": 2000, \"memoryLimitMb\": 128, "
	    "\"compileTimeoutMs\": 20000, \"compileMemoryLimitMb\": 768}";
	static const char	code[] =
	    "puts gets\n\t\"\\/\xc3\xa9\xf0\x9f\x98\x80";
	static const char	minimal[] = "{\"code\":\"print(1)\"}";
	struct request	 req, zero;
	struct err	 e;

	memset(&zero, 0, sizeof(zero));

	if (!ok(parse(&req, full, sizeof(full) - 1, &e) == 0,
	    "a request with every field is accepted"))
		diag("%s", e.msg);
	is_bytes(req.key, req.key_len, "s3cret", 6, "the key is copied");
	ok(req.language == config_language(&cfg, "ruby"),
	    "the language points at the configured ruby");
	is_bytes(req.code, req.code_len, code, sizeof(code) - 1,
	    "the code is copied with its escapes decoded");
	ok(req.code[req.code_len] == '\0', "the code is NUL-terminated");
	is_bytes(req.input, req.input_len, "hello\n", 6, "the input is copied");
	is_int(req.nargs, 3, "three args are copied");
	ok(req.nargs == 3 && strcmp(req.args[0], "-v") == 0 &&
	    strcmp(req.args[1], "") == 0 && strcmp(req.args[2], "x y") == 0,
	    "the args are copied in order, empty ones too");
	is_int(req.timeout_ms, 2000, "timeoutMs is read");
	is_int(req.memory_mb, 128, "memoryLimitMb is read");
	is_int(req.compile_timeout_ms, 20000, "compileTimeoutMs is read, for "
	    "a language without a compile step too");
	is_int(req.compile_memory_mb, 768, "compileMemoryLimitMb is read");
	request_free(&req);
	ok(req.key == NULL && req.code == NULL && req.args == NULL &&
	    req.nargs == 0, "request_free empties the request");
	ok(memcmp(&req, &zero, sizeof(req)) == 0,
	    "request_free leaves the whole request zeroed");
	/* A second free must find nothing to free (ASan would see one). */
	request_free(&req);
	ok(memcmp(&req, &zero, sizeof(req)) == 0,
	    "request_free of an emptied request leaves it zeroed");

	if (!ok(parse(&req, minimal, sizeof(minimal) - 1, &e) == 0,
	    "a request with only code is accepted"))
		diag("%s", e.msg);
	ok(req.key == NULL && req.key_len == 0, "without key, key is NULL");
	ok(req.language == config_language(&cfg, "python"),
	    "without language, the default_language is used");
	is_bytes(req.code, req.code_len, "print(1)", 8, "the code is copied");
	ok(req.input == NULL && req.input_len == 0,
	    "without input, input is NULL");
	ok(req.args == NULL && req.nargs == 0, "without args, there are none");
	is_int(req.timeout_ms, 3000, "without timeoutMs, the default is used");
	is_int(req.memory_mb, 64, "without memoryLimitMb, the default is used");
	is_int(req.compile_timeout_ms, 10000,
	    "without compileTimeoutMs, the default is used");
	is_int(req.compile_memory_mb, 512,
	    "without compileMemoryLimitMb, the default is used");
	request_free(&req);

	if (!ok(parse(&req, "{\"code\":\"x\",\"input\":\"\"}", 23, &e) == 0,
	    "a request with empty input is accepted"))
		diag("%s", e.msg);
	ok(req.input != NULL && req.input_len == 0,
	    "empty input is an empty string, not NULL");
	request_free(&req);

	if (!ok(parse(&req, "{\"code\":\"\\\\u0000\"}", 18, &e) == 0,
	    "an escaped backslash before u0000 is not a NUL"))
		diag("%s", e.msg);
	is_bytes(req.code, req.code_len, "\\u0000", 6,
	    "the code holds a backslash and u0000");
	request_free(&req);

	load("timeout_ms 3000 max 600000\n");
	ok(parse(&req, "{\"code\":\"x\",\"timeoutMs\":600000}", 31, &e) == 0 &&
	    req.timeout_ms == 600000,
	    "timeoutMs up to the configured maximum is accepted");
	request_free(&req);
	config_defaults(&cfg);
}

/* cfg from the configuration text, or bail. */
static void
load(const char *text)
{
	struct err	 e;
	FILE		*fp;

	if ((fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r")) ==
	    NULL)
		bail("fmemopen failed");
	if (config_parse(&cfg, fp, "t.conf", &e) == -1)
		bail("%s", e.msg);
	fclose(fp);
}

struct lang_row {
	const char	*json;
	const char	*want;	/* the message; NULL: accepted */
};

/* Under lang_conf: python's limits are its own, the others' global. */
static const char	lang_conf[] =
    "override python timeout_ms 100 max 200\n"
    "override python memory_mb 32 max 48\n"
    "override ruby compile_timeout_ms 500 max 1000\n"
    "override ruby compile_memory_mb 2048 max 4096\n"
    "memory_mb 64 max 128\n";

static const struct lang_row lang_rows[] = {
	{ "{\"code\":\"x\",\"language\":\"python\",\"timeoutMs\":300}",
	    "field \"timeoutMs\": must be an integer from 1 to 200" },
	{ "{\"code\":\"x\",\"timeoutMs\":201}",
	    "field \"timeoutMs\": must be an integer from 1 to 200" },
	{ "{\"code\":\"x\",\"language\":\"py\",\"timeoutMs\":300}",
	    "field \"timeoutMs\": must be an integer from 1 to 200" },
	{ "{\"code\":\"x\",\"language\":\"python\",\"timeoutMs\":\"1\"}",
	    "field \"timeoutMs\": must be an integer from 1 to 200" },
	{ "{\"code\":\"x\",\"language\":\"python\",\"timeoutMs\":200}",
	    NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"timeoutMs\":300}", NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"timeoutMs\":10000}",
	    NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"timeoutMs\":10001}",
	    "field \"timeoutMs\": must be an integer from 1 to 10000" },
	{ "{\"code\":\"x\",\"language\":\"python\",\"memoryLimitMb\":49}",
	    "field \"memoryLimitMb\": must be an integer from 16 to 48" },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"memoryLimitMb\":128}",
	    NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"memoryLimitMb\":129}",
	    "field \"memoryLimitMb\": must be an integer from 16 to 128" },
	{ "{\"code\":\"x\",\"language\":\"ruby\",\"compileTimeoutMs\":1001}",
	    "field \"compileTimeoutMs\": must be an integer from 1 to 1000" },
	{ "{\"code\":\"x\",\"language\":\"rb\",\"compileTimeoutMs\":[]}",
	    "field \"compileTimeoutMs\": must be an integer from 1 to 1000" },
	{ "{\"code\":\"x\",\"language\":\"python\","
	    "\"compileTimeoutMs\":1001}", NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\","
	    "\"compileMemoryLimitMb\":4096}", NULL },
	{ "{\"code\":\"x\",\"language\":\"ruby\","
	    "\"compileMemoryLimitMb\":4097}",
	    "field \"compileMemoryLimitMb\": must be an integer from 16 to "
	    "4096" },
	{ "{\"code\":\"x\",\"language\":\"python\","
	    "\"compileMemoryLimitMb\":1025}",
	    "field \"compileMemoryLimitMb\": must be an integer from 16 to "
	    "1024" },
	/* An unknown language's type errors give the global ranges. */
	{ "{\"code\":\"x\",\"language\":\"cobol\",\"timeoutMs\":\"1\"}",
	    "field \"timeoutMs\": must be an integer from 1 to 10000" },
};

/*
 * timeoutMs, memoryLimitMb and the compile limits are checked against
 * the request's language's limits (its override lines', else the
 * global directives'), and default to them.
 */
static void
test_language_limits(void)
{
	const struct lang_row	*r;
	struct request		 req;
	struct err		 e;
	size_t			 i;
	int			 ret;

	load(lang_conf);
	for (i = 0; i < sizeof(lang_rows) / sizeof(lang_rows[0]); i++) {
		r = &lang_rows[i];
		ret = parse(&req, r->json, strlen(r->json), &e);
		if (r->want == NULL) {
			if (!ok(ret == 0, "with python's and ruby's overrides, "
			    "%s is accepted", r->json))
				diag("%s: %s", err_name(e.code), e.msg);
		} else if (!ok(ret == -1 && e.code == ERR_BAD_REQUEST &&
		    strcmp(e.msg, r->want) == 0, "with python's and ruby's "
		    "overrides, %s is refused (%s)", r->json, r->want))
			diag("got %d, %s: %s", ret, err_name(e.code), e.msg);
		request_free(&req);
	}

	ok(parse(&req, "{\"code\":\"x\"}", 12, &e) == 0 &&
	    req.timeout_ms == 100 && req.memory_mb == 32 &&
	    req.compile_timeout_ms == 10000 && req.compile_memory_mb == 512,
	    "python's defaults are its overrides', else the global ones");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\",\"language\":\"rb\"}", 28, &e) ==
	    0 && req.timeout_ms == 3000 && req.memory_mb == 64 &&
	    req.compile_timeout_ms == 500 && req.compile_memory_mb == 2048,
	    "ruby's (asked for by alias) are its own overrides', else the "
	    "global ones");
	request_free(&req);

	/* A compiled language: the compile limits are the same fields. */
	load("language c runbox-gcc main.c ./main\n"
	    "compile c gcc -O2 -o main main.c\ndefault_language c\n"
	    "override c compile_timeout_ms 20000 max 60000\n");
	ok(parse(&req, "{\"code\":\"x\",\"compileTimeoutMs\":60000,"
	    "\"compileMemoryLimitMb\":16}", 63, &e) == 0 &&
	    req.compile_timeout_ms == 60000 && req.compile_memory_mb == 16 &&
	    config_compiled(req.language),
	    "a compiled language takes compile limits up to its maximum");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\"}", 12, &e) == 0 &&
	    req.compile_timeout_ms == 20000, "and defaults to its own");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\",\"compileTimeoutMs\":60001}", 37,
	    &e) == -1 && strcmp(e.msg, "field \"compileTimeoutMs\": must be "
	    "an integer from 1 to 60000") == 0,
	    "and refuses one more, naming the field");
	request_free(&req);
	config_defaults(&cfg);
}

static void
test_list(void)
{
	static const char	list[] =
	    "{\"key\": \"s3cret\", \"list\": \"languages\"}";
	struct request	 req;
	struct err	 e;

	if (!ok(parse(&req, list, sizeof(list) - 1, &e) == 0,
	    "a listing with a key is accepted"))
		diag("%s", e.msg);
	is_int(req.kind, REQUEST_LIST_LANGUAGES,
	    "{\"list\": \"languages\"} is a listing of the languages");
	is_bytes(req.key, req.key_len, "s3cret", 6, "a listing's key is copied");
	ok(req.language == NULL && req.code == NULL && req.input == NULL &&
	    req.args == NULL && req.nargs == 0,
	    "a listing has no language, code, input or args");
	request_free(&req);
	ok(parse(&req, "{\"list\":\"languages\"}", 20, &e) == 0 &&
	    req.kind == REQUEST_LIST_LANGUAGES && req.key == NULL,
	    "a listing without a key has a NULL key");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\"}", 12, &e) == 0 &&
	    req.kind == REQUEST_RUN, "a request with code is a run");
	request_free(&req);
}

/* A request's language may be an alias: req->language is its language. */
static void
test_aliases(void)
{
	static const char	conf[] =
	    "alias ruby r\nalias python py3\n";
	struct request	 req;
	struct err	 e;
	FILE		*fp;

	ok(parse(&req, "{\"code\":\"x\",\"language\":\"py\"}", 28, &e) ==
	    0 && req.language == config_language(&cfg, "python"),
	    "language py (a default alias) runs python");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\",\"language\":\"js\"}", 28, &e) ==
	    0 && req.language == config_language(&cfg, "javascript"),
	    "language js runs javascript");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\",\"language\":\"rb\"}", 28, &e) ==
	    0 && req.language == config_language(&cfg, "ruby") &&
	    strcmp(req.language->name, "ruby") == 0,
	    "language rb runs ruby, whose name is ruby");
	request_free(&req);

	if ((fp = fmemopen((void *)(uintptr_t)conf, sizeof(conf) - 1,
	    "r")) == NULL)
		bail("fmemopen failed");
	if (config_parse(&cfg, fp, "t.conf", &e) == -1)
		bail("%s", e.msg);
	fclose(fp);
	ok(parse(&req, "{\"code\":\"x\",\"language\":\"r\"}", 27, &e) ==
	    0 && req.language == config_language(&cfg, "ruby"),
	    "language r runs ruby when the config says alias ruby r");
	request_free(&req);
	ok(parse(&req, "{\"code\":\"x\",\"language\":\"py\"}", 28, &e) ==
	    -1 && e.code == ERR_UNSUPPORTED_LANGUAGE,
	    "a default alias is gone when the config has alias lines");
	request_free(&req);
	config_defaults(&cfg);
}

struct bytes_row {
	const char	*what;
	const char	*json;		/* the raw token, unquoted */
	const char	*want;
	size_t		 wantlen;
};

#define IN(what, json, lit)	{ what, json, lit, sizeof(lit) - 1 }

static const struct bytes_row inputs[] = {
	IN("a lone \\u0000 is one NUL byte", "\\u0000", "\0"),
	IN("\\u0000 at the start is kept", "\\u0000abc", "\0abc"),
	IN("\\u0000 in the middle is kept", "a\\u0000b", "a\0b"),
	IN("\\u0000 at the end is kept", "abc\\u0000", "abc\0"),
	IN("several \\u0000 in a row are kept", "\\u0000\\u0000\\u0000",
	    "\0\0\0"),
	IN("\\u0000 scattered through text is kept",
	    "\\u0000a\\u0000\\u0000b\\u0000", "\0a\0\0b\0"),
	IN("\\u0000 next to escaped and raw two-byte UTF-8",
	    "\\u00e9\\u0000\xc3\xa9\\u0000", "\xc3\xa9\0\xc3\xa9\0"),
	IN("\\u0000 next to a three-byte escape", "\\u20ac\\u0000\\u20AC",
	    "\xe2\x82\xac\0\xe2\x82\xac"),
	IN("\\u0000 between surrogate pairs",
	    "\\ud83d\\ude00\\u0000\\uD83D\\uDE00",
	    "\xf0\x9f\x98\x80\0\xf0\x9f\x98\x80"),
	IN("\\u0000 next to a raw four-byte sequence",
	    "\xf0\x9f\x98\x80\\u0000\xf0\x9f\x98\x80",
	    "\xf0\x9f\x98\x80\0\xf0\x9f\x98\x80"),
	IN("the largest pair, U+10FFFF, next to \\u0000",
	    "\\udbff\\udfff\\u0000", "\xf4\x8f\xbf\xbf\0"),
	IN("\\u0000 among the short escapes",
	    "\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\t",
	    "\"\\/\b\f\n\r\t\0\t"),
	IN("control escapes around \\u0000 are their bytes",
	    "\\u0001\\u0000\\u001f\\u007f", "\x01\0\x1f\x7f"),
	IN("the edges of each UTF-8 length decode exactly",
	    "\\u0080\\u07ff\\u0800\\uffff\\ud800\\udc00",
	    "\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80"),
	IN("an escaped backslash before u0000 is text, not NUL",
	    "\\\\u0000", "\\u0000"),
	IN("an escaped backslash then \\u0000 is a backslash and NUL",
	    "\\\\\\u0000", "\\\0"),
	IN("input without escapes is copied as is", "plain text",
	    "plain text"),
};

/*
 * Each input token, in a request of its own, reaches req->input byte for
 * byte with its length, and a NUL after it.
 */
static void
test_input_bytes(void)
{
	const struct bytes_row	*r;
	struct request		 req;
	struct err		 e;
	char			 json[256];
	size_t			 i, n;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		r = &inputs[i];
		n = snprintf(json, sizeof(json), "{\"code\":\"x\","
		    "\"input\":\"%s\"}", r->json);
		if (!ok(parse(&req, json, n, &e) == 0, "input: %s: accepted",
		    r->what))
			diag("%s: %s", err_name(e.code), e.msg);
		is_bytes(req.input, req.input_len, r->want, r->wantlen,
		    "input: %s: exact bytes and length", r->what);
		ok(req.input != NULL && req.input[req.input_len] == '\0',
		    "input: %s: a NUL follows the bytes", r->what);
		request_free(&req);
	}
}

static void
test_input_many_nuls(void)
{
	static const char	mixed[] =
	    "{\"inp\\u0075t\":\"\\u0000x\",\"key\":\"k\\\"\\u00e9\","
	    "\"args\":[\"a\\\"b\"],\"code\":\"c\\u00e9\"}";
	struct request	 req;
	struct err	 e;
	char		*json, *want;
	size_t		 k = 10000, n, i;

	/* k escapes of 6 bytes each decode to k NUL bytes. */
	if ((json = malloc(6 * k + 64)) == NULL ||
	    (want = calloc(k, 1)) == NULL)
		bail("out of memory");
	n = snprintf(json, 64, "{\"code\":\"x\",\"input\":\"");
	for (i = 0; i < k; i++, n += 6)
		memcpy(json + n, "\\u0000", 6);
	memcpy(json + n, "\"}", 2);
	n += 2;
	if (!ok(parse(&req, json, n, &e) == 0,
	    "an input of 10000 \\u0000 escapes is accepted"))
		diag("%s", e.msg);
	is_bytes(req.input, req.input_len, want, k,
	    "an input of 10000 \\u0000 escapes is 10000 NUL bytes");
	request_free(&req);
	free(json);
	free(want);

	/* Each member is its own, whatever its name's escapes and place. */
	if (!ok(parse(&req, mixed, sizeof(mixed) - 1, &e) == 0,
	    "a request with input first, its name escaped, is accepted"))
		diag("%s", e.msg);
	is_bytes(req.input, req.input_len, "\0x", 2,
	    "the input named inp\\u0075t is decoded with its NUL");
	is_bytes(req.key, req.key_len, "k\"\xc3\xa9", 4,
	    "the key after it is decoded, escapes and all");
	is_bytes(req.code, req.code_len, "c\xc3\xa9", 3,
	    "the code last is decoded, escapes and all");
	ok(req.nargs == 1 && strcmp(req.args[0], "a\"b") == 0,
	    "the args in between are read");
	request_free(&req);
}

/* Files: what is kept, the count and the size limits. */
static void
test_files(void)
{
	struct request	 req;
	struct err	 e;
	char		 j[8192], *p;
	size_t		 i, n;

	n = (size_t)snprintf(j, sizeof(j), "{\"code\":\"import m\","
	    "\"files\":[{\"name\":\"lib/m.py\",\"content\":\"x = '\\u00e9'\\n\"},"
	    "{\"name\":\"data.txt\",\"content\":\"\"}]}");
	ok(parse(&req, j, n, &e) == 0 && req.nfiles == 2 &&
	    strcmp(req.files[0].name, "lib/m.py") == 0 &&
	    req.files[0].content_len == 9 &&
	    memcmp(req.files[0].content, "x = '\xc3\xa9'\n", 9) == 0 &&
	    strcmp(req.files[1].name, "data.txt") == 0 &&
	    req.files[1].content_len == 0, "files keep their names and "
	    "decoded contents, in order");
	request_free(&req);
	ok(req.files == NULL && req.nfiles == 0, "request_free frees them");

	p = j + snprintf(j, sizeof(j), "{\"code\":\"x\",\"files\":[");
	for (i = 0; i < REQUEST_MAX_FILES + 1; i++)
		p += snprintf(p, sizeof(j) - (size_t)(p - j), "%s{\"name\":"
		    "\"f%zu\",\"content\":\"\"}", i > 0 ? "," : "", i);
	p += snprintf(p, sizeof(j) - (size_t)(p - j), "]}");
	ok(parse(&req, j, (size_t)(p - j), &e) == -1 &&
	    strstr(e.msg, "more than 32 files") != NULL,
	    "33 files are refused");
	request_free(&req);
	/* The 33rd file off: 32 are fine. */
	p = strstr(j, ",{\"name\":\"f32\"");
	strcpy(p, "]}");
	ok(parse(&req, j, strlen(j), &e) == 0 && req.nfiles == 32,
	    "32 files are accepted");
	request_free(&req);

	/* code + contents within max_code_bytes: here 16. */
	cfg.max_code_bytes = 16;
	n = (size_t)snprintf(j, sizeof(j), "{\"code\":\"12345678\",\"files\":"
	    "[{\"name\":\"a\",\"content\":\"12345678\"}]}");
	ok(parse(&req, j, n, &e) == 0, "code and files of exactly "
	    "max_code_bytes are accepted");
	request_free(&req);
	n = (size_t)snprintf(j, sizeof(j), "{\"code\":\"12345678\",\"files\":"
	    "[{\"name\":\"a\",\"content\":\"123456789\"}]}");
	ok(parse(&req, j, n, &e) == -1 && strstr(e.msg, "field \"files[0]\": "
	    "the code and the files are longer than 16 bytes") != NULL,
	    "one byte more is refused, naming the file");
	request_free(&req);
	config_defaults(&cfg);
}

/* Judge mode: what tests, stopOnFailure and returnFiles hold. */
static void
test_tests(void)
{
	static const char	batch[] =
	    "{\"code\":\"x\",\"tests\":["
	    "{\"input\":\"a\\u0000b\",\"expectedOutput\":\"\\u0000\\u0000\"},"
	    "{},"
	    "{\"expectedOutput\":\"\"},"
	    "{\"expectedOutput\":\"3\\n\",\"input\":\"1 2\\n\"}],"
	    "\"stopOnFailure\":true,\"returnFiles\":[\"out.txt\",\"d/x.bin\"]}";
	static const char	bad_second[] =
	    "{\"code\":\"x\",\"tests\":[{\"input\":\"1\",\"expectedOutput\":"
	    "\"1\"},{\"input\":\"2\",\"expectedOutput\":2}],"
	    "\"returnFiles\":[\"a\"]}";
	static const char	bad_files[] =
	    "{\"code\":\"x\",\"tests\":[{\"input\":\"1\"}],"
	    "\"returnFiles\":[\"a\",\"b\",\"../c\"]}";
	struct request	 req, zero;
	struct err	 e;

	memset(&zero, 0, sizeof(zero));
	if (!ok(parse(&req, batch, sizeof(batch) - 1, &e) == 0,
	    "a batch of four tests with stopOnFailure and returnFiles is "
	    "accepted"))
		diag("%s", e.msg);
	if (!is_int(req.ntests, 4, "the four tests are kept"))
		bail("the batch's tests are not there to look at");
	ok(req.input == NULL && req.input_len == 0,
	    "a batch has no top-level input");
	is_bytes(req.tests[0].input, req.tests[0].input_len, "a\0b", 3,
	    "a test's input keeps its NUL, length 3");
	ok(req.tests[0].input[3] == '\0', "and a NUL follows its bytes");
	is_bytes(req.tests[0].expected, req.tests[0].expected_len, "\0\0", 2,
	    "a test's expectedOutput of two \\u0000 is two NUL bytes");
	ok(req.tests[0].expected[2] == '\0', "and a NUL follows them");
	ok(req.tests[1].input != NULL && req.tests[1].input_len == 0 &&
	    req.tests[1].input[0] == '\0',
	    "a test without input has \"\" (not NULL), length 0");
	ok(req.tests[1].expected == NULL && req.tests[1].expected_len == 0,
	    "a test without expectedOutput has a NULL expected, length 0");
	ok(req.tests[2].input != NULL && req.tests[2].input_len == 0 &&
	    req.tests[2].expected != NULL && req.tests[2].expected_len == 0 &&
	    req.tests[2].expected[0] == '\0',
	    "an empty expectedOutput is \"\", not NULL");
	is_bytes(req.tests[3].input, req.tests[3].input_len, "1 2\n", 4,
	    "the fourth test's input, its members in either order");
	is_bytes(req.tests[3].expected, req.tests[3].expected_len, "3\n", 2,
	    "the fourth test's expectedOutput");
	is_int(req.stop_on_failure, 1, "stopOnFailure true is 1");
	ok(req.nreturn_files == 2 &&
	    strcmp(req.return_files[0], "out.txt") == 0 &&
	    strcmp(req.return_files[1], "d/x.bin") == 0,
	    "returnFiles keeps its names in order");
	request_free(&req);
	ok(memcmp(&req, &zero, sizeof(req)) == 0,
	    "request_free frees the tests and names and zeroes the request");

	ok(parse_str(&req, "{\"code\":\"x\",\"tests\":[{}],"
	    "\"stopOnFailure\":false}", &e) == 0 && req.ntests == 1 &&
	    req.stop_on_failure == 0, "stopOnFailure false is 0");
	request_free(&req);
	ok(parse_str(&req, "{\"code\":\"x\",\"tests\":[{}]}", &e) == 0 &&
	    req.stop_on_failure == 0 && req.return_files == NULL &&
	    req.nreturn_files == 0,
	    "without stopOnFailure it is 0, without returnFiles there are "
	    "none");
	request_free(&req);
	ok(parse_str(&req, "{\"code\":\"x\",\"input\":\"1\"}", &e) == 0 &&
	    req.tests == NULL && req.ntests == 0 && req.stop_on_failure == 0,
	    "a plain run has no tests (ntests 0)");
	request_free(&req);
	ok(parse_str(&req, "{\"code\":\"x\",\"returnFiles\":[\"o\"]}", &e) ==
	    0 && req.ntests == 0 && req.nreturn_files == 1 &&
	    strcmp(req.return_files[0], "o") == 0,
	    "returnFiles is kept without tests too");
	request_free(&req);
	ok(parse_str(&req, "{\"code\":\"x\",\"returnFiles\":[]}", &e) == 0 &&
	    req.return_files == NULL && req.nreturn_files == 0,
	    "an empty returnFiles leaves return_files NULL");
	request_free(&req);
	ok(parse_str(&req, "{\"list\":\"languages\"}", &e) == 0 &&
	    req.tests == NULL && req.ntests == 0 &&
	    req.return_files == NULL && req.stop_on_failure == 0,
	    "a listing has no tests, stopOnFailure or returnFiles");
	request_free(&req);

	/* Refused after some were copied: nothing is left (ASan checks). */
	ok(parse(&req, bad_second, sizeof(bad_second) - 1, &e) == -1 &&
	    strcmp(e.msg, "field \"tests[1].expectedOutput\": must be a "
	    "string") == 0 && memcmp(&req, &zero, sizeof(req)) == 0,
	    "a bad second test is refused, naming it, and the first one's "
	    "copies are freed");
	ok(parse(&req, bad_files, sizeof(bad_files) - 1, &e) == -1 &&
	    strcmp(e.msg, "field \"returnFiles[2]\": bad name \"../c\" (a "
	    "relative path of [A-Za-z0-9._-] segments, no . or .., at most "
	    "128 bytes)") == 0 && memcmp(&req, &zero, sizeof(req)) == 0,
	    "a bad third name is refused, naming it, and the tests and "
	    "names before it are freed");
	request_free(&req);
}

/*
 * Each input token of inputs[], as a test's input and its
 * expectedOutput, reaches both byte for byte with its length, and a
 * NUL after it, as the top-level input does.
 */
static void
test_tests_bytes(void)
{
	const struct bytes_row	*r;
	struct request		 req;
	struct err		 e;
	char			 json[512];
	size_t			 i, n;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		r = &inputs[i];
		n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"tests\":"
		    "[{},{\"input\":\"%s\",\"expectedOutput\":\"%s\"}]}",
		    r->json, r->json);
		if (!ok(parse(&req, json, n, &e) == 0, "tests[1]: %s: "
		    "accepted", r->what))
			diag("%s: %s", err_name(e.code), e.msg);
		if (req.ntests != 2) {
			skip_block(2, "the request was refused");
			request_free(&req);
			continue;
		}
		ok(is_bytes(req.tests[1].input, req.tests[1].input_len,
		    r->want, r->wantlen, "tests[1].input: %s: exact bytes "
		    "and length", r->what) &&
		    req.tests[1].input[req.tests[1].input_len] == '\0',
		    "tests[1].input: %s: a NUL follows the bytes", r->what);
		request_free(&req);
	}
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		r = &inputs[i];
		n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"tests\":"
		    "[{\"expectedOutput\":\"%s\"}]}", r->json);
		if (parse(&req, json, n, &e) == -1 || req.ntests != 1) {
			ok(0, "tests[0].expectedOutput: %s: accepted", r->what);
			diag("%s: %s", err_name(e.code), e.msg);
			request_free(&req);
			continue;
		}
		ok(is_bytes(req.tests[0].expected, req.tests[0].expected_len,
		    r->want, r->wantlen, "tests[0].expectedOutput: %s: exact "
		    "bytes and length", r->what) &&
		    req.tests[0].expected[req.tests[0].expected_len] == '\0',
		    "tests[0].expectedOutput: %s: a NUL follows the bytes",
		    r->what);
		request_free(&req);
	}
}

/* A request of n tests {"input":"K"} into json (size bytes); its length. */
static size_t
tests_json(char *json, size_t size, size_t n)
{
	size_t	i, len;

	len = snprintf(json, size, "{\"code\":\"x\",\"tests\":[");
	for (i = 0; i < n; i++)
		len += snprintf(json + len, size - len, "%s{\"input\":\"%zu\"}",
		    i > 0 ? "," : "", i);
	len += snprintf(json + len, size - len, "]}");
	if (len >= size)
		bail("tests_json: %zu tests do not fit", n);
	return len;
}

/* The count of tests against max_tests. */
static void
test_tests_count(void)
{
	struct request	 req;
	struct err	 e;
	char		 json[8192];
	size_t		 n;

	n = tests_json(json, sizeof(json), 32);
	ok(parse(&req, json, n, &e) == 0 && req.ntests == 32 &&
	    strcmp(req.tests[31].input, "31") == 0,
	    "32 tests, the default max_tests, are accepted");
	request_free(&req);
	n = tests_json(json, sizeof(json), 33);
	if (!ok(parse(&req, json, n, &e) == -1 && e.code == ERR_BAD_REQUEST &&
	    strcmp(e.msg, "field \"tests\": more than 32 tests "
	    "(max_tests)") == 0, "33 tests are refused, naming max_tests"))
		diag("%s", e.msg);
	request_free(&req);

	cfg.max_tests = 2;
	n = tests_json(json, sizeof(json), 2);
	ok(parse(&req, json, n, &e) == 0 && req.ntests == 2,
	    "with max_tests 2, 2 tests are accepted");
	request_free(&req);
	n = tests_json(json, sizeof(json), 3);
	ok(parse(&req, json, n, &e) == -1 && strcmp(e.msg, "field \"tests\": "
	    "more than 2 tests (max_tests)") == 0,
	    "with max_tests 2, 3 are refused");
	request_free(&req);
	n = tests_json(json, sizeof(json), 0);
	ok(parse(&req, json, n, &e) == -1 && strcmp(e.msg, "field \"tests\": "
	    "must hold 1 to 2 tests") == 0,
	    "with max_tests 2, none is refused, giving the range");
	request_free(&req);

	cfg.max_tests = CONFIG_MAX_TESTS_MAX;
	n = tests_json(json, sizeof(json), CONFIG_MAX_TESTS_MAX);
	ok(parse(&req, json, n, &e) == 0 &&
	    req.ntests == CONFIG_MAX_TESTS_MAX,
	    "with max_tests at its most, 256 tests are accepted");
	request_free(&req);
	n = tests_json(json, sizeof(json), CONFIG_MAX_TESTS_MAX + 1);
	ok(parse(&req, json, n, &e) == -1 && strcmp(e.msg, "field \"tests\": "
	    "more than 256 tests (max_tests)") == 0, "and 257 are refused");
	request_free(&req);
	config_defaults(&cfg);
}

/* returnFiles: its count and its names' length. */
static void
test_return_files(void)
{
	struct request	 req;
	struct err	 e;
	char		 json[1024], name[REQUEST_FILE_NAME_MAX + 2];
	size_t		 i, n;

	n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"returnFiles\":[");
	for (i = 0; i < REQUEST_MAX_RETURN_FILES; i++)
		n += snprintf(json + n, sizeof(json) - n, "%s\"f%zu\"",
		    i > 0 ? "," : "", i);
	n += snprintf(json + n, sizeof(json) - n, "]}");
	ok(parse(&req, json, n, &e) == 0 &&
	    req.nreturn_files == REQUEST_MAX_RETURN_FILES &&
	    strcmp(req.return_files[7], "f7") == 0,
	    "8 returnFiles (REQUEST_MAX_RETURN_FILES) are accepted");
	request_free(&req);
	n -= 2;
	n += snprintf(json + n, sizeof(json) - n, ",\"f8\"]}");
	ok(parse(&req, json, n, &e) == -1 && e.code == ERR_BAD_REQUEST &&
	    strcmp(e.msg, "field \"returnFiles\": more than 8 names") == 0,
	    "9 are refused");
	request_free(&req);

	memset(name, 'a', sizeof(name));
	name[REQUEST_FILE_NAME_MAX] = '\0';
	n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"returnFiles\":"
	    "[\"%s\"]}", name);
	ok(parse(&req, json, n, &e) == 0 && req.nreturn_files == 1 &&
	    strlen(req.return_files[0]) == REQUEST_FILE_NAME_MAX,
	    "a name of 128 bytes is accepted");
	request_free(&req);
	name[REQUEST_FILE_NAME_MAX] = 'a';
	name[REQUEST_FILE_NAME_MAX + 1] = '\0';
	n = snprintf(json, sizeof(json), "{\"code\":\"x\",\"returnFiles\":"
	    "[\"%s\"]}", name);
	ok(parse(&req, json, n, &e) == -1 && strncmp(e.msg,
	    "field \"returnFiles[0]\": bad name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaa...\"", 68) == 0, "one of 129 is refused, shown cut");
	request_free(&req);
}

int
main(void)
{
	config_defaults(&cfg);
	test_table();
	test_code_size();
	test_nesting();
	test_args_count();
	test_success();
	test_input_bytes();
	test_input_many_nuls();
	test_list();
	test_aliases();
	test_files();
	test_language_limits();
	test_tests();
	test_tests_bytes();
	test_tests_count();
	test_return_files();
	done_testing();
	return exit_status();
}
