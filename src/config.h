/* config.h: the configuration file (runbox.conf(5)) as a plain struct. */
#ifndef RUNBOX_CONFIG_H
#define RUNBOX_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cidr.h"
#include "err.h"

#define CONFIG_DEFAULT_PATH	"/etc/runbox/runbox.conf"
#define CONFIG_PATH_MAX		256	/* also bounds docker_socket (sun_path is 108) */
#define CONFIG_NAME_MAX		32	/* language names, runtime */
#define CONFIG_IMAGE_MAX	128
#define CONFIG_FILE_MAX		64	/* the code's file name in the container */
#define CONFIG_MAX_LANGUAGES	32
#define CONFIG_MAX_COMMAND	16	/* words of a language's COMMAND */
#define CONFIG_WORD_MAX		128	/* one COMMAND word */
#define CONFIG_MAX_CIDRS	64	/* allow, trusted_proxy: each */
#define CONFIG_LINE_MAX		1024
#define CONFIG_MAX_ALIASES	64	/* alias names, all languages together */
#define CONFIG_MAX_TESTS_MAX	256	/* the most max_tests may say */
/* max_header_bytes: an HTTP request line and its header fields together. */
#define CONFIG_HEADER_BYTES_MIN	1024
#define CONFIG_HEADER_BYTES_MAX	65536

/*
 * A limit written `DEFAULT max MAX` (runbox.conf(5)): what a request gets
 * when it asks for none, and the most it may ask.
 */
struct config_limit {
	int	def;
	int	max;		/* >= def */
};

/* What a language's `override` lines set (struct language's overrides). */
#define CONFIG_OVERRIDE_TIMEOUT		0x01	/* timeout_ms */
#define CONFIG_OVERRIDE_MEMORY		0x02	/* memory_mb */
#define CONFIG_OVERRIDE_COMPILE_TIMEOUT	0x04	/* compile_timeout_ms */
#define CONFIG_OVERRIDE_COMPILE_MEMORY	0x08	/* compile_memory_mb */
#define CONFIG_OVERRIDE_TMPFS		0x10	/* tmpfs_mb */

struct language {
	char	name[CONFIG_NAME_MAX];
	char	image[CONFIG_IMAGE_MAX];
	char	file[CONFIG_FILE_MAX];	/* plain file name: no '/', not . or .. */
	char	command[CONFIG_MAX_COMMAND][CONFIG_WORD_MAX];
	size_t	ncommand;		/* >= 1 */
	/* `compile NAME COMMAND...`: run first, in the same container. */
	char	compile[CONFIG_MAX_COMMAND][CONFIG_WORD_MAX];
	size_t	ncompile;		/* 0: the language has no compile step */
	/*
	 * The limits this language's runs get, complete once
	 * config_defaults, config_load or config_parse has returned: its own
	 * `override` lines, else the global directives.  Units as the
	 * directives': ms, MB (MiB, as the engine counts).
	 */
	struct config_limit timeout_ms;
	struct config_limit memory_mb;
	struct config_limit compile_timeout_ms;
	struct config_limit compile_memory_mb;
	int	tmpfs_mb;		/* the working directory's size */
	unsigned int overrides;		/* CONFIG_OVERRIDE_* its lines set */
};

/*
 * Another name for a configured language, accepted wherever a request
 * names one (docs/configuration.md, "Aliases").
 */
struct alias {
	char	name[CONFIG_NAME_MAX];
	char	language[CONFIG_NAME_MAX];	/* a configured language's name */
};

struct config {
	char		path[CONFIG_PATH_MAX];		/* the file read */
	char		docker_socket[CONFIG_PATH_MAX];	/* absolute, < 108 bytes */
	char		keys_file[CONFIG_PATH_MAX];	/* "" = no keys required */
	char		state_file[CONFIG_PATH_MAX];
	struct cidr	allow[CONFIG_MAX_CIDRS];	/* default 0.0.0.0/0 and ::/0 */
	size_t		nallow;
	struct cidr	trusted_proxy[CONFIG_MAX_CIDRS];	/* default none */
	size_t		ntrusted_proxy;
	unsigned int	rate_count;		/* rate_limit N per Ts: N (burst) */
	unsigned int	rate_period_s;		/* T in seconds */
	unsigned int	max_per_client;
	unsigned int	max_running;
	size_t		max_request_bytes;
	size_t		max_code_bytes;
	size_t		max_tests;		/* a request's "tests": 1..this */
	int		read_timeout_ms;
	int		http;			/* 1: HTTP/1.1 too */
	int		http_playground;	/* 1: GET / serves the page */
	size_t		max_header_bytes;	/* an HTTP request's head */
	int		timeout_ms;		/* default for a request */
	int		timeout_max_ms;		/* largest a request may ask */
	int		memory_mb;
	int		memory_max_mb;
	int		compile_timeout_ms;	/* compile_timeout_ms D [max M] */
	int		compile_timeout_max_ms;
	int		compile_memory_mb;	/* compile_memory_mb D [max M] */
	int		compile_memory_max_mb;
	size_t		max_output_bytes;
	int		pids_limit;
	int64_t		nano_cpus;		/* cpus 1.0 -> 1000000000 */
	int		tmpfs_mb;
	char		runtime[CONFIG_NAME_MAX];
	unsigned int	pool_size;
	unsigned int	pool_max_age_s;		/* a pool container's life */
	char		default_language[CONFIG_NAME_MAX];
	struct language	languages[CONFIG_MAX_LANGUAGES];
	size_t		nlanguages;
	struct alias	aliases[CONFIG_MAX_ALIASES];	/* in the order given */
	size_t		naliases;
};

/*
 * Fill in the built-in defaults: the values shown in runbox.conf(5), no
 * keys file, allow everyone, no trusted proxy, and the interpreted
 * languages of src/images/languages: python, javascript, ruby, pypy,
 * bash, perl, php and lua (docs/configuration.md).
 */
void	config_defaults(struct config *);

/*
 * Read the file at path over the defaults.  A file with any `language`
 * line replaces the default languages; `allow` lines replace the default
 * allow-list.  On error returns -1 with ERR_INTERNAL and a message of the
 * form "FILE:LINE: what is wrong" (or "FILE: reason" when it cannot be
 * opened).  Checks across directives (default_language configured,
 * defaults below maxima, memory >= 16, aliases, the languages that
 * compile and override lines name) are made after the last line, and
 * then each language's limits resolved (struct language).  Without
 * `alias` lines, the default aliases of the languages configured apply
 * (docs/configuration.md, "Aliases").
 */
int	config_load(struct config *, const char *path, struct err *);

/* As config_load, from an open stream; name is used in messages. */
int	config_parse(struct config *, FILE *, const char *name, struct err *);

/* Print the effective configuration in the file's own syntax. */
void	config_print(const struct config *, FILE *);

/* The configured language of that name, or NULL. */
const struct language *config_language(const struct config *, const char *);

/* Comma-separated list of configured language names into buf. */
void	config_language_list(const struct config *, char *, size_t);

/*
 * The configured language called name or, failing that, the one name is
 * an alias of; NULL when neither.  What a request's language field goes
 * through.
 */
const struct language *config_language_or_alias(const struct config *,
	    const char *);

/*
 * Whether the language compiles the code before running it (a listing's
 * "compiled"): it has a `compile` line (ncompile > 0).
 */
int	config_compiled(const struct language *);

#endif
