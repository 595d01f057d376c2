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

/* One of a run's files, written beside the code (docs/protocol.md). */
struct request_file {
	char		*name;		/* a checked relative path */
	char		*content;	/* content_len bytes, no NUL, a NUL after */
	size_t		 content_len;
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
 * Parse the JSON payload (len bytes, not NUL-terminated) into req,
 * checking every rule of docs/protocol.md ("Request") against cfg.
 * Refuses with ERR_BAD_REQUEST (the message names the field): a root
 * that is not an object, invalid JSON (a raw NUL byte included), unknown
 * fields, duplicate keys, wrong types, non-integral or out-of-range
 * numbers, \u0000 in any string but input (in an element of args, the
 * message names it: args[1]), invalid UTF-8, files that break the rules
 * of docs/protocol.md ("files": names, count, sizes; the message names
 * the file).  input holds the exact
 * decoded bytes, \u0000 as a NUL byte.  language may be a configured
 * language's name or alias; req->language is the language either way.
 * A language that is neither is ERR_UNSUPPORTED_LANGUAGE with the list
 * of configured ones, refused after the type checks and before the
 * range checks.  timeoutMs, memoryLimitMb, compileTimeoutMs and
 * compileMemoryLimitMb range up to the language's maxima (struct
 * language: its override lines, else the global directives) and
 * default to its defaults.  A request with "list" is a listing (kind
 * REQUEST_LIST_LANGUAGES, no language): its value must be "languages"
 * and "key" is the only other field it may have, or it is
 * ERR_BAD_REQUEST naming the field.  The cJSON tree is freed before
 * returning.  On error req holds
 * nothing to free, but calling request_free on it is harmless.
 */
int	request_parse(struct request *, const char *, size_t,
	    const struct config *, struct err *);

/* Free and wipe (the key) what request_parse allocated. */
void	request_free(struct request *);

#endif
