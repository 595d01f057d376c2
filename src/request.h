/*
 * request.h: one client request (docs/protocol.md, "Request"), parsed and
 * checked.
 */
#ifndef RUNBOX_REQUEST_H
#define RUNBOX_REQUEST_H

#include <stddef.h>

#include "config.h"
#include "err.h"

#define REQUEST_MAX_ARGS	64
#define REQUEST_MAX_FILES	32	/* beside the code */
#define REQUEST_FILE_NAME_MAX	128	/* bytes of a file's relative path */
#define REQUEST_MAX_RETURN_FILES	8

/* One of a run's files, written beside the code (docs/protocol.md). */
struct request_file {
	char		*name;		/* a checked relative path */
	char		*content;	/* content_len bytes, no NUL, a NUL after */
	size_t		 content_len;
};

/* One test of a batch (docs/protocol.md, "tests"). */
struct request_test {
	/* Each may hold NULs, and has a NUL after its bytes. */
	char		*input;		/* never NULL: "" when absent */
	size_t		 input_len;
	char		*expected;	/* expectedOutput, NULL when absent */
	size_t		 expected_len;
};

/* What a request asks for (docs/protocol.md, "Request", "Listing"). */
enum request_kind {
	REQUEST_RUN,		/* run code */
	REQUEST_LIST_LANGUAGES	/* {"list": "languages"}: nothing but key */
};

struct request {
	enum request_kind kind;
	char		*key;		/* NULL when absent */
	size_t		 key_len;
	const struct language *language;	/* points into the config */
	/* The rest is a run's only: NULL and 0 in a listing. */
	char		*code;		/* 1..max_code_bytes, no NUL */
	size_t		 code_len;
	char		*input;		/* NULL when absent (empty stdin) */
	size_t		 input_len;	/* bytes, may hold NULs; a NUL after */
	char		**args;		/* nargs strings, NUL-terminated */
	size_t		 nargs;
	struct request_file *files;	/* nfiles, NULL when none */
	size_t		 nfiles;
	struct request_test *tests;	/* ntests, NULL when no "tests" */
	size_t		 ntests;	/* 0: a plain run */
	int		 stop_on_failure; /* "stopOnFailure": true */
	char		**return_files;	/* nreturn_files, NULL when none */
	size_t		 nreturn_files;
	int		 timeout_ms;	/* effective: given or the default */
	int		 memory_mb;	/* effective: given or the default */
	/*
	 * compileTimeoutMs and compileMemoryLimitMb, effective as the two
	 * above (the language's limits); set, but unused, for a language
	 * without a compile step.
	 */
	int		 compile_timeout_ms;
	int		 compile_memory_mb;
};

/*
 * Parse the JSON payload (len bytes, not NUL-terminated; RFC 8259) into
 * req, checking every rule of docs/protocol.md ("Request") against cfg.
 * The payload is parsed once, by jansson, which refuses by itself what
 * is not JSON (a raw NUL or other control character, a malformed escape,
 * a lone surrogate escape, invalid UTF-8 anywhere, numbers such as 01 or
 * NaN, a byte order mark, bytes after the value), a key twice in one
 * object, \u0000 in a key, numbers it cannot hold (integers past 64
 * bits, reals past a double) and nesting deeper than its
 * JSON_PARSER_MAX_DEPTH (2048; a request needs 3): ERR_BAD_REQUEST with
 * its text and byte ("invalid JSON near byte N: ..."), escaped, except a
 * key twice ("duplicate field \"NAME\"") and \u0000 in a key, told in
 * request.c's words.  request.c adds, each ERR_BAD_REQUEST whose
 * message names the field (or the element: args[1], files[0]): a root
 * that is not an object, unknown fields, wrong types, reals where
 * integers are asked for (2000.0 and 2e3 too), values out of range,
 * \u0000 in any string but input and a test's input and
 * expectedOutput (code, key, language, list, an element of args or
 * returnFiles, a file's name or content), and the rules of files
 * (names, count, sizes).  input holds the exact decoded bytes, \u0000
 * as a NUL byte.  Judge mode's fields, each refusal ERR_BAD_REQUEST
 * naming the field or the element (tests[3], tests[0].input,
 * returnFiles[2]): "tests" is an array of 1 to cfg->max_tests objects
 * whose only members are "input" and "expectedOutput", both optional
 * strings kept as input is (exact bytes, NULs included, a NUL after),
 * into req->tests in order; a test without input has "" (never NULL),
 * one without expectedOutput a NULL expected.  With "tests", the
 * top-level "input" is refused (each test has its own).
 * "stopOnFailure", true or false, is refused without "tests".
 * "returnFiles", with or without "tests", is an array of at most
 * REQUEST_MAX_RETURN_FILES strings, each a name by the rules of a
 * file's name (relative path, [A-Za-z0-9._-] segments, no . or ..,
 * REQUEST_FILE_NAME_MAX bytes), none twice; an empty array leaves
 * return_files NULL.  A run without "tests" has ntests 0.  language
 * may be a configured language's name or alias; req->language is the
 * language either way.  A language that is neither is
 * ERR_UNSUPPORTED_LANGUAGE with the list of configured ones, refused
 * after the type checks and before the range checks.
 * timeoutMs, memoryLimitMb, compileTimeoutMs and compileMemoryLimitMb
 * range up to the language's maxima (struct language: its override
 * lines, else the global directives) and default to its defaults.  A
 * request with "list" is a listing (kind REQUEST_LIST_LANGUAGES, no
 * language): its value must be "languages" and "key" is the only other
 * field it may have (tests, stopOnFailure and returnFiles are a run's,
 * like code), or it is ERR_BAD_REQUEST naming the field.  Every
 * string in req is a malloc'd copy, UTF-8 with a NUL after it, that
 * request_free frees; jansson's tree is freed before returning.  Out of
 * memory is ERR_INTERNAL.  On error req holds nothing to free, but
 * calling request_free on it is harmless.
 */
int	request_parse(struct request *, const char *, size_t,
	    const struct config *, struct err *);

/* Free and wipe (the key) what request_parse allocated. */
void	request_free(struct request *);

#endif
