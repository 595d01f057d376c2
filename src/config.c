/*
 * config.c: reading, checking and printing the configuration file
 * (runbox.conf(5)).
 *
 * Syntax: one directive per line, words separated by spaces or tabs, '#'
 * starts a comment anywhere on a line (there is no quoting), blank lines
 * are ignored.  A line may hold at most CONFIG_LINE_MAX bytes; NUL bytes
 * and other control characters (except tab) are refused.  A directive
 * that takes one value may appear only once; allow, trusted_proxy,
 * language, compile, override and alias may repeat.  The first allow line
 * replaces the default allow-list and the first language line replaces
 * the default languages.
 *
 * Bounds, checked when a line is read (the named constants below):
 *	docker_socket		absolute path of at most 107 bytes
 *	keys_file, state_file	1..CONFIG_PATH_MAX - 1 bytes
 *	allow, trusted_proxy	at most CONFIG_MAX_CIDRS each; host bits
 *				beyond the prefix are masked off
 *	rate_limit N per T	N 1..1000000; T 1s..24h, unit s (default),
 *				m or h
 *	max_per_client		1..1000
 *	max_running		1..1024 (the state file's run slots)
 *	max_request_bytes	64..64 MiB
 *	max_code_bytes		1..64 MiB, and at most max_request_bytes
 *	read_timeout_ms		1..600000
 *	timeout_ms D [max M]	1 <= D <= M <= 600000 (no max: M = D)
 *	memory_mb D [max M]	16 <= D <= M <= 65536 (no max: M = D)
 *	compile_timeout_ms D [max M]
 *				as timeout_ms
 *	compile_memory_mb D [max M]
 *				as memory_mb
 *	max_output_bytes	1..256 MiB
 *	pids_limit		1..65536
 *	cpus			0.01..64, at most 3 decimals
 *	tmpfs_mb		1..65536
 *	runtime			[A-Za-z0-9_.-], 1..CONFIG_NAME_MAX - 1
 *	pool_size		0..64
 *	pool_max_age_s		20..86400
 *	language NAME IMAGE FILE COMMAND...
 *				NAME [a-z0-9_+-]; IMAGE [A-Za-z0-9._/:@-];
 *				FILE [A-Za-z0-9._+-], not . or ..; 1 to
 *				CONFIG_MAX_COMMAND words of COMMAND; at most
 *				CONFIG_MAX_LANGUAGES languages, names unique
 *	compile NAME COMMAND...	NAME a configured language (checked after
 *				the last line, as alias's LANGUAGE), at most
 *				one compile line each; COMMAND as language's
 *	override NAME DIRECTIVE ARGS...
 *				NAME as compile's; DIRECTIVE one of
 *				overridables below (timeout_ms, memory_mb,
 *				compile_timeout_ms, compile_memory_mb,
 *				tmpfs_mb), ARGS and bounds as that
 *				directive's; each (NAME, DIRECTIVE) once
 *	default_language	must name a configured language
 *	alias LANGUAGE ALIAS...	LANGUAGE configured; ALIAS [a-z0-9_+-],
 *				neither a language's name nor another
 *				alias; at most CONFIG_ALIAS_WORDS_MAX a line,
 *				CONFIG_MAX_ALIASES in all.  The first line
 *				replaces the default aliases (default_aliases
 *				below, each kept when its language is
 *				configured and its name is not a language's).
 *
 * After the last line (and in config_defaults) every language gets its
 * effective limits (resolve_limits): those of its override lines, else
 * the global directives'.
 */
#include <sys/types.h>


#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

#define CONFIG_SOCKET_PATH_MAX	108	/* sizeof(sun_path) */
#define RATE_COUNT_MAX		1000000
#define RATE_PERIOD_MAX_S	86400
#define MAX_PER_CLIENT_MAX	1000
#define MAX_RUNNING_MAX		1024	/* STATE_RUN_SLOTS */
#define REQUEST_BYTES_MIN	64
#define REQUEST_BYTES_MAX	(64LL * 1024 * 1024)
#define CODE_BYTES_MAX		(64LL * 1024 * 1024)
#define READ_TIMEOUT_MS_MAX	600000
#define TIMEOUT_MS_MAX		600000
#define MEMORY_MB_MIN		16
#define MEMORY_MB_MAX		65536
#define OUTPUT_BYTES_MAX	(256LL * 1024 * 1024)
#define PIDS_LIMIT_MAX		65536
#define NANO_PER_CPU		1000000000LL
#define CPUS_DECIMALS		3
#define NANO_CPUS_MIN		(NANO_PER_CPU / 100)	/* 0.01 */
#define NANO_CPUS_MAX		(64 * NANO_PER_CPU)
#define TMPFS_MB_MAX		65536
#define POOL_SIZE_MAX		64
#define POOL_AGE_S_MIN		20	/* claimable for a while: see pool.c */
#define POOL_AGE_S_MAX		86400
/* The longest line (language) and one more word, to see it overflow. */
#define LINE_WORDS_MAX		(4 + CONFIG_MAX_COMMAND + 1)
/* override NAME DIRECTIVE D max M */
#define OVERRIDE_WORDS_MAX	5

static config_set_fn	set_number;
static config_set_fn	set_path;
static config_set_fn	set_socket;
static config_set_fn	set_cidr;
static config_set_fn	set_rate;
static config_set_fn	set_cpus;
static config_set_fn	set_word;
static int	parse_limit(const struct config_directive *, char **, size_t,
		    struct config_limit *, char *, size_t);
static int	language_lines(struct config *, struct config_pstate *,
		    struct err *);
static void	resolve_limits(struct config *);
static int	check_limits(const struct config *, struct config_pstate *,
		    struct err *);
static void	global_get(const struct config *,
		    const struct config_overridable *, struct config_limit *);
static void	global_set(struct config *, const struct config_overridable *,
		    const struct config_limit *);
static void	lang_get(const struct language *,
		    const struct config_overridable *, struct config_limit *);
static void	lang_set(struct language *, const struct config_overridable *,
		    const struct config_limit *);
static void	alias_defaults(struct config *);
static int	alias_check(struct config *, struct config_pstate *,
		    struct err *);
static int	read_line(FILE *, char *, size_t, size_t *);
static int	config_check(struct config *, struct config_pstate *,
		    struct err *);
static void	print_cidrs(FILE *, const char *, const struct cidr *,
		    size_t);

#define OFF(m)	offsetof(struct config, m)

/* In the order of runbox.conf(5), which config_print follows too. */
static const struct config_directive directives[] = {
	{ "docker_socket", set_socket, 1, 1, 0, "PATH",
	    OFF(docker_socket), CONFIG_NUM_INT, 0, 0 },
	{ "keys_file", set_path, 1, 1, 0, "PATH",
	    OFF(keys_file), CONFIG_NUM_INT, 0, 0 },
	{ "state_file", set_path, 1, 1, 0, "PATH",
	    OFF(state_file), CONFIG_NUM_INT, 0, 0 },
	{ "allow", set_cidr, 1, 1, 1, "CIDR",
	    OFF(allow), CONFIG_NUM_INT, 0, 0 },
	{ "trusted_proxy", set_cidr, 1, 1, 1, "CIDR",
	    OFF(trusted_proxy), CONFIG_NUM_INT, 0, 0 },
	{ "rate_limit", set_rate, 3, 3, 0, "N per SECONDS[s|m|h]",
	    0, CONFIG_NUM_INT, 0, 0 },
	{ "max_per_client", set_number, 1, 1, 0, "N",
	    OFF(max_per_client), CONFIG_NUM_UINT, 1, MAX_PER_CLIENT_MAX },
	{ "max_running", set_number, 1, 1, 0, "N",
	    OFF(max_running), CONFIG_NUM_UINT, 1, MAX_RUNNING_MAX },
	{ "max_request_bytes", set_number, 1, 1, 0, "BYTES",
	    OFF(max_request_bytes), CONFIG_NUM_SIZE, REQUEST_BYTES_MIN,
	    REQUEST_BYTES_MAX },
	{ "max_code_bytes", set_number, 1, 1, 0, "BYTES",
	    OFF(max_code_bytes), CONFIG_NUM_SIZE, 1, CODE_BYTES_MAX },
	{ "read_timeout_ms", set_number, 1, 1, 0, "MS",
	    OFF(read_timeout_ms), CONFIG_NUM_INT, 1, READ_TIMEOUT_MS_MAX },
	{ "timeout_ms", config_set_limit_pair, 1, 3, 0, "MS [max MS]",
	    OFF(timeout_ms), CONFIG_NUM_INT, 1, TIMEOUT_MS_MAX },
	{ "memory_mb", config_set_limit_pair, 1, 3, 0, "MB [max MB]",
	    OFF(memory_mb), CONFIG_NUM_INT, MEMORY_MB_MIN, MEMORY_MB_MAX },
	{ "compile_timeout_ms", config_set_limit_pair, 1, 3, 0, "MS [max MS]",
	    OFF(compile_timeout_ms), CONFIG_NUM_INT, 1, TIMEOUT_MS_MAX },
	{ "compile_memory_mb", config_set_limit_pair, 1, 3, 0, "MB [max MB]",
	    OFF(compile_memory_mb), CONFIG_NUM_INT, MEMORY_MB_MIN,
	    MEMORY_MB_MAX },
	{ "max_output_bytes", set_number, 1, 1, 0, "BYTES",
	    OFF(max_output_bytes), CONFIG_NUM_SIZE, 1, OUTPUT_BYTES_MAX },
	{ "pids_limit", set_number, 1, 1, 0, "N",
	    OFF(pids_limit), CONFIG_NUM_INT, 1, PIDS_LIMIT_MAX },
	{ "cpus", set_cpus, 1, 1, 0, "CPUS",
	    0, CONFIG_NUM_INT, 0, 0 },
	{ "tmpfs_mb", set_number, 1, 1, 0, "MB",
	    OFF(tmpfs_mb), CONFIG_NUM_INT, 1, TMPFS_MB_MAX },
	{ "runtime", set_word, 1, 1, 0, "NAME",
	    OFF(runtime), CONFIG_NUM_INT, 0, 0 },
	{ "pool_size", set_number, 1, 1, 0, "N",
	    OFF(pool_size), CONFIG_NUM_UINT, 0, POOL_SIZE_MAX },
	{ "pool_max_age_s", set_number, 1, 1, 0, "SECONDS",
	    OFF(pool_max_age_s), CONFIG_NUM_UINT, POOL_AGE_S_MIN,
	    POOL_AGE_S_MAX },
	{ "default_language", set_word, 1, 1, 0, "NAME",
	    OFF(default_language), CONFIG_NUM_INT, 0, 0 },
	{ "language", config_set_language, 4, 3 + CONFIG_MAX_COMMAND, 1,
	    "NAME IMAGE FILE COMMAND...", 0, CONFIG_NUM_INT, 0, 0 },
	{ "compile", config_set_compile, 2, 1 + CONFIG_MAX_COMMAND, 1,
	    "NAME COMMAND...", 0, CONFIG_NUM_INT, 0, 0 },
	{ "override", config_set_override, 3, OVERRIDE_WORDS_MAX, 1,
	    "NAME DIRECTIVE VALUE...", 0, CONFIG_NUM_INT, 0, 0 },
	{ "alias", config_set_alias, 2, 1 + CONFIG_ALIAS_WORDS_MAX, 1,
	    "LANGUAGE ALIAS...", 0, CONFIG_NUM_INT, 0, 0 },
};
#define NDIRECTIVES	(sizeof(directives) / sizeof(directives[0]))
_Static_assert(NDIRECTIVES == CONFIG_NDIRECTIVES,
    "CONFIG_NDIRECTIVES (config_int.h) counts directives[]");

#define LOFF(m)	offsetof(struct language, m)

/*
 * What override lines may set: the global directive of that name (its
 * bounds and usage in directives[]), the CONFIG_OVERRIDE_* bit, where
 * the global value lies in struct config (two ints, D and M, for a pair;
 * one for tmpfs_mb) and where the language's lies in struct language (a
 * struct config_limit for a pair, an int otherwise).  In the order
 * config_print prints them.
 */
static const struct config_overridable {
	const char	*name;
	unsigned int	 bit;
	int		 pair;
	size_t		 def, max;	/* max: pairs only */
	size_t		 lang;
} overridables[CONFIG_NOVERRIDABLES] = {
	{ "timeout_ms", CONFIG_OVERRIDE_TIMEOUT, 1, OFF(timeout_ms),
	    OFF(timeout_max_ms), LOFF(timeout_ms) },
	{ "memory_mb", CONFIG_OVERRIDE_MEMORY, 1, OFF(memory_mb),
	    OFF(memory_max_mb), LOFF(memory_mb) },
	{ "compile_timeout_ms", CONFIG_OVERRIDE_COMPILE_TIMEOUT, 1,
	    OFF(compile_timeout_ms), OFF(compile_timeout_max_ms),
	    LOFF(compile_timeout_ms) },
	{ "compile_memory_mb", CONFIG_OVERRIDE_COMPILE_MEMORY, 1,
	    OFF(compile_memory_mb), OFF(compile_memory_max_mb),
	    LOFF(compile_memory_mb) },
	{ "tmpfs_mb", CONFIG_OVERRIDE_TMPFS, 0, OFF(tmpfs_mb), 0,
	    LOFF(tmpfs_mb) },
};

#define IMAGE_CHARS	CONFIG_RUNTIME_CHARS "/:@"
#define FILE_CHARS	CONFIG_RUNTIME_CHARS "+"

/*
 * The languages of src/images/languages.  Each command writes its output
 * through (docs/protocol.md, "What a program can rely on"): python's and
 * pypy's -u; ruby's sync.rb and perl's RunboxSync.pm, in their images'
 * /usr/local/lib/runbox/ (src/images/IMAGE/); lua's stdout unbuffered by
 * -e; node, bash and the php CLI write through already; C and C++ run
 * under stdbuf -oL, line-buffered as in a terminal (Go's and Rust's
 * stdout are unbuffered and line-buffered of themselves).  The compiled
 * languages' compile commands: the scripts of src/images/runbox-gcc/ and
 * runbox-java/ compile every source file of the working directory; Go's
 * and the JVM's caches are in it (HOME, GOCACHE, no perf data); tsc needs
 * more time than the default, the JVM more memory.
 */
#define CONFIG_SUPPORT_DIR	"/usr/local/lib/runbox"
#define CONFIG_JVM_FLAGS	"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", \
				"-XX:-UsePerfData"

static const struct language default_languages[] = {
	{ .name = "python", .image = "runbox-python", .file = "main.py",
	    .command = { "python3", "-u", "main.py" }, .ncommand = 3 },
	{ .name = "javascript", .image = "runbox-node", .file = "main.js",
	    .command = { "node", "main.js" }, .ncommand = 2 },
	{ .name = "ruby", .image = "runbox-ruby", .file = "main.rb",
	    .command = { "ruby", "-r" CONFIG_SUPPORT_DIR "/sync.rb",
	    "main.rb" }, .ncommand = 3 },
	{ .name = "pypy", .image = "runbox-pypy", .file = "main.py",
	    .command = { "pypy3", "-u", "main.py" }, .ncommand = 3 },
	{ .name = "bash", .image = "runbox-bash", .file = "main.sh",
	    .command = { "bash", "main.sh" }, .ncommand = 2 },
	{ .name = "perl", .image = "runbox-perl", .file = "main.pl",
	    .command = { "perl", "-I" CONFIG_SUPPORT_DIR, "-MRunboxSync",
	    "main.pl" }, .ncommand = 4 },
	{ .name = "php", .image = "runbox-php", .file = "main.php",
	    .command = { "php", "main.php" }, .ncommand = 2 },
	{ .name = "lua", .image = "runbox-lua", .file = "main.lua",
	    .command = { "lua5.4", "-e", "io.stdout:setvbuf(\"no\")",
	    "main.lua" }, .ncommand = 4 },
	{ .name = "c", .image = "runbox-gcc", .file = "main.c",
	    .command = { "stdbuf", "-oL", "./main" }, .ncommand = 3,
	    .compile = { "sh", CONFIG_SUPPORT_DIR "/compile-c" },
	    .ncompile = 2 },
	{ .name = "cpp", .image = "runbox-gcc", .file = "main.cpp",
	    .command = { "stdbuf", "-oL", "./main" }, .ncommand = 3,
	    .compile = { "sh", CONFIG_SUPPORT_DIR "/compile-cpp" },
	    .ncompile = 2 },
	{ .name = "go", .image = "runbox-go", .file = "main.go",
	    .command = { "./main" }, .ncommand = 1,
	    .compile = { "env", "GO111MODULE=off",
	    "GOCACHE=/tmp/.cache/go-build", "go", "build", "-o", "main" },
	    .ncompile = 7 },
	{ .name = "rust", .image = "runbox-rust", .file = "main.rs",
	    .command = { "./main" }, .ncommand = 1,
	    .compile = { "rustc", "-C", "opt-level=2", "-C", "debuginfo=0",
	    "-C", "strip=symbols", "-o", "main", "main.rs" }, .ncompile = 10 },
	{ .name = "java", .image = "runbox-java", .file = "Main.java",
	    .command = { "java", CONFIG_JVM_FLAGS, "-cp", ".", "Main" },
	    .ncommand = 7,
	    .compile = { "sh", CONFIG_SUPPORT_DIR "/compile-java" },
	    .ncompile = 2,
	    .memory_mb = { 256, 1024 }, .overrides = CONFIG_OVERRIDE_MEMORY },
	{ .name = "typescript", .image = "runbox-typescript",
	    .file = "main.ts", .command = { "node", "main.js" }, .ncommand = 2,
	    .compile = { "tsc", "--skipLibCheck", "--typeRoots",
	    "/usr/share/nodejs/@types", "--types", "node", "--target",
	    "es2020", "--module", "commonjs", "--outDir", ".", "main.ts" },
	    .ncompile = 13,
	    .compile_timeout_ms = { 20000, 30000 },
	    .overrides = CONFIG_OVERRIDE_COMPILE_TIMEOUT },
};

void
config_lang_defaults(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < sizeof(default_languages) /
	    sizeof(default_languages[0]); i++)
		cfg->languages[i] = default_languages[i];
	cfg->nlanguages = i;

	alias_defaults(cfg);
	resolve_limits(cfg);
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	(void)strlcpy(cfg->path, CONFIG_DEFAULT_PATH, sizeof(cfg->path));
	(void)strlcpy(cfg->docker_socket, "/var/run/docker.sock",
	    sizeof(cfg->docker_socket));
	(void)strlcpy(cfg->state_file, "/var/lib/runbox/state",
	    sizeof(cfg->state_file));
	(void)cidr_parse(&cfg->allow[0], "0.0.0.0/0");
	(void)cidr_parse(&cfg->allow[1], "::/0");
	cfg->nallow = 2;
	cfg->rate_count = 30;
	cfg->rate_period_s = 60;
	cfg->max_per_client = 2;
	cfg->max_running = 8;
	cfg->max_request_bytes = 1048576;
	cfg->max_code_bytes = 262144;
	cfg->read_timeout_ms = 5000;
	cfg->timeout_ms = 3000;
	cfg->timeout_max_ms = 10000;
	cfg->memory_mb = 64;
	cfg->memory_max_mb = 512;
	cfg->compile_timeout_ms = 10000;
	cfg->compile_timeout_max_ms = 30000;
	cfg->compile_memory_mb = 512;
	cfg->compile_memory_max_mb = 1024;
	cfg->max_output_bytes = 1048576;
	cfg->pids_limit = 64;
	cfg->nano_cpus = NANO_PER_CPU;
	cfg->tmpfs_mb = 16;
	(void)strlcpy(cfg->runtime, "runc", sizeof(cfg->runtime));
	cfg->pool_size = 0;
	cfg->pool_max_age_s = 600;
	(void)strlcpy(cfg->default_language, "python",
	    sizeof(cfg->default_language));
	config_lang_defaults(cfg);
}

int
config_load(struct config *cfg, const char *path, struct err *e)
{
	FILE	*fp;
	int	 ret;

	config_defaults(cfg);
	if ((fp = fopen(path, "re")) == NULL)
		return err_set(e, ERR_INTERNAL, "%s: %s", path,
		    strerror(errno));
	ret = config_parse(cfg, fp, path, e);
	fclose(fp);
	return ret;
}

/*
 * Starts from the defaults, so that a caller need not (but may) call
 * config_defaults first.
 */
int
config_parse(struct config *cfg, FILE *fp, const char *name, struct err *e)
{
	struct config_pstate		 ps;
	const struct config_directive	*d;
	char				 line[CONFIG_LINE_MAX + 1];
	char				 why[CONFIG_WHY_MAX];
	char				*av[LINE_WORDS_MAX], *p, *hash;
	size_t				 ac, i, len;
	int				 r, ret = -1;

	config_defaults(cfg);
	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	if (strlcpy(cfg->path, name, sizeof(cfg->path)) >= sizeof(cfg->path)) {
		err_set(e, ERR_INTERNAL, "%.64s...: path too long", name);
		goto out;
	}
	for (;;) {
		if ((r = read_line(fp, line, sizeof(line), &len)) == 0)
			break;
		ps.lineno++;
		if (r == -1) {
			err_set(e, ERR_INTERNAL, "%s:%zu: line longer than %d "
			    "bytes", name, ps.lineno, CONFIG_LINE_MAX);
			goto out;
		}
		if ((hash = memchr(line, '#', len)) != NULL) {
			*hash = '\0';
			len = hash - line;
		}
		for (i = 0; i < len; i++) {
			if (line[i] == '\0' || ((unsigned char)line[i] < 0x20 &&
			    line[i] != '\t') || line[i] == 0x7f) {
				err_set(e, ERR_INTERNAL, "%s:%zu: control "
				    "character 0x%02x", name, ps.lineno,
				    (unsigned char)line[i]);
				goto out;
			}
		}
		ac = 0;
		for (p = line; ac < LINE_WORDS_MAX &&
		    (av[ac] = strsep(&p, " \t")) != NULL;) {
			if (*av[ac] != '\0')
				ac++;
		}
		if (ac == 0)
			continue;
		d = NULL;
		for (i = 0; i < NDIRECTIVES; i++) {
			if (strcmp(av[0], directives[i].name) == 0) {
				d = &directives[i];
				break;
			}
		}
		if (d == NULL) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %.64s: unknown "
			    "directive", name, ps.lineno, av[0]);
			goto out;
		}
		if (!d->repeatable && ps.seen[i] != 0) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %s: already set on "
			    "line %zu", name, ps.lineno, d->name, ps.seen[i]);
			goto out;
		}
		ps.seen[i] = ps.lineno;
		if ((d->parse == config_set_language ||
		    d->parse == config_set_compile) &&
		    (ac - 1 > d->maxargs || p != NULL)) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %s: more than %d "
			    "COMMAND words", name, ps.lineno, d->name,
			    CONFIG_MAX_COMMAND);
			goto out;
		}
		if (ac - 1 < d->minargs || ac - 1 > d->maxargs ||
		    p != NULL) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %s: %s (usage: "
			    "%s %s)", name, ps.lineno, d->name,
			    ac - 1 < d->minargs ? "missing value" :
			    "too many values", d->name, d->usage);
			goto out;
		}
		why[0] = '\0';
		if (d->parse(cfg, &ps, d, av + 1, ac - 1, why,
		    sizeof(why)) == -1) {
			err_set(e, ERR_INTERNAL, "%s:%zu: %s: %s", name,
			    ps.lineno, d->name, why);
			goto out;
		}
	}
	if (ferror(fp)) {
		err_set(e, ERR_INTERNAL, "%s: %s", name, strerror(errno));
		goto out;
	}
	if (config_check(cfg, &ps, e) == -1)
		goto out;
	ret = 0;
 out:
	return ret;
}

/*
 * Read one line without its newline into buf.  Returns 1, 0 at the end
 * of the file, or -1 when the line does not fit (it is not consumed).
 */
static int
read_line(FILE *fp, char *buf, size_t size, size_t *lenp)
{
	size_t	len = 0;
	int	c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (len + 1 >= size)
			return -1;
		buf[len++] = c;
	}
	buf[len] = '\0';
	*lenp = len;
	if (c == EOF && len == 0)
		return 0;
	return 1;
}

/* Checks across directives, after the last line. */
static int
config_check(struct config *cfg, struct config_pstate *ps, struct err *e)
{
	char	list[CONFIG_MAX_LANGUAGES * (CONFIG_NAME_MAX + 2)];
	size_t	dl = 0, rb = 0, cb = 0, i;

	for (i = 0; i < NDIRECTIVES; i++) {
		if (strcmp(directives[i].name, "default_language") == 0)
			dl = ps->seen[i];
		else if (strcmp(directives[i].name, "max_request_bytes") == 0)
			rb = ps->seen[i];
		else if (strcmp(directives[i].name, "max_code_bytes") == 0)
			cb = ps->seen[i];
	}
	if (config_language(cfg, cfg->default_language) == NULL) {
		config_language_list(cfg, list, sizeof(list));
		if (dl != 0)
			return err_set(e, ERR_INTERNAL, "%s:%zu: "
			    "default_language: \"%s\" is not a configured "
			    "language (configured: %s)", ps->name, dl,
			    cfg->default_language, list);
		return err_set(e, ERR_INTERNAL, "%s: default_language: the "
		    "default \"%s\" is not a configured language "
		    "(configured: %s); add a default_language line",
		    ps->name, cfg->default_language, list);
	}
	if (config_lang_check(cfg, ps, e) == -1)
		return -1;
	if (cfg->max_code_bytes > cfg->max_request_bytes)
		return err_set(e, ERR_INTERNAL, "%s:%zu: %s: %zu is larger "
		    "than max_request_bytes (%zu)", ps->name, cb > rb ? cb : rb,
		    cb > rb ? "max_code_bytes" : "max_request_bytes",
		    cfg->max_code_bytes, cfg->max_request_bytes);
	return 0;
}

/* A decimal number of digits only (no sign, no spaces), min..max. */
int
config_parse_uint(const char *s, long long min, long long max, long long *out)
{
	const char	*errstr;
	size_t		 i;

	if (s[0] == '\0' || strlen(s) > 19)
		return -1;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*out = strtonum(s, min, max, &errstr);
	return errstr == NULL ? 0 : -1;
}

int
config_chars_ok(const char *s, const char *set)
{
	return s[0] != '\0' && s[strspn(s, set)] == '\0';
}

static int
set_number(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	long long	 v;
	char		*p = (char *)cfg + d->offset;

	(void)ps;
	(void)ac;
	if (config_parse_uint(av[0], d->min, d->max, &v) == -1) {
		snprintf(why, whylen, "must be an integer from %lld to %lld",
		    d->min, d->max);
		return -1;
	}
	switch (d->type) {
	case CONFIG_NUM_INT:
		*(int *)(void *)p = (int)v;
		break;
	case CONFIG_NUM_UINT:
		*(unsigned int *)(void *)p = (unsigned int)v;
		break;
	case CONFIG_NUM_SIZE:
		*(size_t *)(void *)p = (size_t)v;
		break;
	}
	return 0;
}

static int
set_path(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	(void)ps;
	(void)ac;
	if (strlcpy((char *)cfg + d->offset, av[0], CONFIG_PATH_MAX) >=
	    CONFIG_PATH_MAX) {
		snprintf(why, whylen, "path longer than %d bytes",
		    CONFIG_PATH_MAX - 1);
		return -1;
	}
	return 0;
}

static int
set_socket(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	if (av[0][0] != '/') {
		snprintf(why, whylen, "must be an absolute path");
		return -1;
	}
	if (strlen(av[0]) >= CONFIG_SOCKET_PATH_MAX) {
		snprintf(why, whylen, "path longer than %d bytes (the limit "
		    "for a unix socket)", CONFIG_SOCKET_PATH_MAX - 1);
		return -1;
	}
	return set_path(cfg, ps, d, av, ac, why, whylen);
}

static int
set_cidr(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	struct cidr	*v;
	size_t		*n;

	(void)ac;
	v = (struct cidr *)(void *)((char *)cfg + d->offset);
	if (d->offset == OFF(allow)) {
		n = &cfg->nallow;
		if (!ps->allow_seen) {
			ps->allow_seen = 1;
			*n = 0;
		}
	} else
		n = &cfg->ntrusted_proxy;
	if (*n >= CONFIG_MAX_CIDRS) {
		snprintf(why, whylen, "more than %d entries", CONFIG_MAX_CIDRS);
		return -1;
	}
	if (cidr_parse(&v[*n], av[0]) == -1) {
		snprintf(why, whylen, "\"%.64s\" is not an address or "
		    "ADDRESS/PREFIX", av[0]);
		return -1;
	}
	(*n)++;
	return 0;
}

static int
set_rate(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	char		 num[16];
	long long	 count, period, unit = 1;
	size_t		 len;

	(void)ps;
	(void)d;
	(void)ac;
	if (config_parse_uint(av[0], 1, RATE_COUNT_MAX, &count) == -1) {
		snprintf(why, whylen, "count must be an integer from 1 to %d",
		    RATE_COUNT_MAX);
		return -1;
	}
	if (strcmp(av[1], "per") != 0) {
		snprintf(why, whylen, "expected \"per\" (usage: rate_limit "
		    "N per SECONDS[s|m|h])");
		return -1;
	}
	if ((len = strlcpy(num, av[2], sizeof(num))) >= sizeof(num))
		len = 0;
	if (len > 0 && num[len - 1] == 's')
		num[--len] = '\0';
	else if (len > 0 && num[len - 1] == 'm') {
		num[--len] = '\0';
		unit = 60;
	} else if (len > 0 && num[len - 1] == 'h') {
		num[--len] = '\0';
		unit = 3600;
	}
	if (len == 0 ||
	    config_parse_uint(num, 1, RATE_PERIOD_MAX_S, &period) == -1 ||
	    period * unit > RATE_PERIOD_MAX_S) {
		snprintf(why, whylen, "period must be from 1s to %ds, e.g. "
		    "60s, 1m or 1h", RATE_PERIOD_MAX_S);
		return -1;
	}
	cfg->rate_count = count;
	cfg->rate_period_s = period * unit;
	return 0;
}

/*
 * The value of a limit directive d (a pair: "D" or "D max M", within d's
 * bounds, M = D without max) into *out.  On error returns -1 with the
 * reason in why.
 */
static int
parse_limit(const struct config_directive *d, char **av, size_t ac,
    struct config_limit *out, char *why, size_t whylen)
{
	long long	 def, max;

	if (ac == 2 || (ac == 3 && strcmp(av[1], "max") != 0)) {
		snprintf(why, whylen, "expected \"%s %s\"", d->name, d->usage);
		return -1;
	}
	if (config_parse_uint(av[0], d->min, d->max, &def) == -1) {
		snprintf(why, whylen, "default must be an integer from %lld "
		    "to %lld", d->min, d->max);
		return -1;
	}
	max = def;
	if (ac == 3 && config_parse_uint(av[2], def, d->max, &max) == -1) {
		snprintf(why, whylen, "max must be an integer from the "
		    "default (%lld) to %lld", def, d->max);
		return -1;
	}
	out->def = (int)def;
	out->max = (int)max;
	return 0;
}

/*
 * timeout_ms, memory_mb, compile_timeout_ms and compile_memory_mb: the
 * global pairs, into the members overridables[] names.
 */
int
config_set_limit_pair(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	struct config_limit	 lim;
	size_t			 i;

	(void)ps;
	if (parse_limit(d, av, ac, &lim, why, whylen) == -1)
		return -1;
	for (i = 0; i < CONFIG_NOVERRIDABLES; i++) {
		if (overridables[i].pair && overridables[i].def == d->offset) {
			global_set(cfg, &overridables[i], &lim);
			return 0;
		}
	}
	snprintf(why, whylen, "no members for %s", d->name);
	return -1;
}

/* A decimal without floating point: "1", "0.5", "1.25" -> nano_cpus. */
static int
set_cpus(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	char		 ip[8];
	const char	*dot, *s = av[0];
	long long	 whole, frac = 0, scale = NANO_PER_CPU, nano;
	size_t		 ilen, i;

	(void)ps;
	(void)d;
	(void)ac;
	dot = strchr(s, '.');
	ilen = dot != NULL ? (size_t)(dot - s) : strlen(s);
	if (ilen == 0 || ilen >= sizeof(ip))
		goto bad;
	memcpy(ip, s, ilen);
	ip[ilen] = '\0';
	if (config_parse_uint(ip, 0, NANO_CPUS_MAX / NANO_PER_CPU,
	    &whole) == -1)
		goto bad;
	if (dot != NULL) {
		if (dot[1] == '\0' || strlen(dot + 1) > CPUS_DECIMALS)
			goto bad;
		for (i = 1; dot[i] != '\0'; i++) {
			if (dot[i] < '0' || dot[i] > '9')
				goto bad;
			scale /= 10;
			frac += (dot[i] - '0') * scale;
		}
	}
	nano = whole * NANO_PER_CPU + frac;
	if (nano < NANO_CPUS_MIN || nano > NANO_CPUS_MAX)
		goto bad;
	cfg->nano_cpus = nano;
	return 0;
 bad:
	snprintf(why, whylen, "must be a decimal from 0.01 to %lld with at "
	    "most %d decimals, e.g. 0.5", NANO_CPUS_MAX / NANO_PER_CPU,
	    CPUS_DECIMALS);
	return -1;
}

/* runtime and default_language. */
static int
set_word(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	const char	*set;

	(void)ps;
	(void)ac;
	set = d->offset == OFF(runtime) ? CONFIG_RUNTIME_CHARS :
	    CONFIG_NAME_CHARS;
	if (!config_chars_ok(av[0], set) || strlen(av[0]) >= CONFIG_NAME_MAX) {
		snprintf(why, whylen, "must be a name of at most %d of "
		    "the characters %s", CONFIG_NAME_MAX - 1,
		    d->offset == OFF(runtime) ? "A-Z a-z 0-9 _ . -" :
		    "a-z 0-9 _ + -");
		return -1;
	}
	(void)strlcpy((char *)cfg + d->offset, av[0], CONFIG_NAME_MAX);
	return 0;
}

int
config_set_language(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	struct language	*l;
	size_t		 i;

	(void)d;
	if (!ps->language_seen) {
		ps->language_seen = 1;
		cfg->nlanguages = 0;
	}
	if (!config_chars_ok(av[0], CONFIG_NAME_CHARS) ||
	    strlen(av[0]) >= CONFIG_NAME_MAX) {
		snprintf(why, whylen, "NAME must be at most %d of the "
		    "characters a-z 0-9 _ + -", CONFIG_NAME_MAX - 1);
		return -1;
	}
	if (config_language(cfg, av[0]) != NULL) {
		snprintf(why, whylen, "\"%s\" is defined twice", av[0]);
		return -1;
	}
	if (cfg->nlanguages >= CONFIG_MAX_LANGUAGES) {
		snprintf(why, whylen, "more than %d languages",
		    CONFIG_MAX_LANGUAGES);
		return -1;
	}
	if (!config_chars_ok(av[1], IMAGE_CHARS) ||
	    strlen(av[1]) >= CONFIG_IMAGE_MAX) {
		snprintf(why, whylen, "IMAGE must be at most %d of the "
		    "characters A-Z a-z 0-9 _ . - / : @", CONFIG_IMAGE_MAX - 1);
		return -1;
	}
	if (!config_chars_ok(av[2], FILE_CHARS) ||
	    strlen(av[2]) >= CONFIG_FILE_MAX ||
	    strcmp(av[2], ".") == 0 || strcmp(av[2], "..") == 0) {
		snprintf(why, whylen, "FILE must be a plain file name of at "
		    "most %d of the characters A-Z a-z 0-9 _ . + -, not . "
		    "or ..", CONFIG_FILE_MAX - 1);
		return -1;
	}
	for (i = 3; i < ac; i++) {
		if (strlen(av[i]) >= CONFIG_WORD_MAX) {
			snprintf(why, whylen, "COMMAND word %zu is longer "
			    "than %d bytes", i - 2, CONFIG_WORD_MAX - 1);
			return -1;
		}
	}
	l = &cfg->languages[cfg->nlanguages];
	memset(l, 0, sizeof(*l));
	(void)strlcpy(l->name, av[0], sizeof(l->name));
	(void)strlcpy(l->image, av[1], sizeof(l->image));
	(void)strlcpy(l->file, av[2], sizeof(l->file));
	for (i = 3; i < ac; i++)
		(void)strlcpy(l->command[i - 3], av[i], sizeof(l->command[0]));
	l->ncommand = ac - 3;
	cfg->nlanguages++;
	return 0;
}

/*
 * The aliases a configuration without alias lines has: each one of a
 * configured language (docs/configuration.md, "Aliases").  Some name
 * languages that are not among the defaults: they apply when a language
 * line configures them.
 */
static const struct alias default_aliases[] = {
	{ "py", "python" },
	{ "js", "javascript" },
	{ "node", "javascript" },
	{ "rb", "ruby" },
	{ "ts", "typescript" },
	{ "sh", "bash" },
	{ "c++", "cpp" },
	{ "golang", "go" },
	{ "rs", "rust" },
};

/*
 * The default aliases of the configured languages, in the languages'
 * order (as config_print groups them), leaving out an alias that is a
 * configured language's own name.
 */
static void
alias_defaults(struct config *cfg)
{
	const struct alias	*a;
	size_t			 i, j;

	memset(cfg->aliases, 0, sizeof(cfg->aliases));
	cfg->naliases = 0;
	for (i = 0; i < cfg->nlanguages; i++) {
		for (j = 0; j < sizeof(default_aliases) /
		    sizeof(default_aliases[0]); j++) {
			a = &default_aliases[j];
			if (strcmp(a->language, cfg->languages[i].name) != 0 ||
			    config_language(cfg, a->name) != NULL ||
			    cfg->naliases >= CONFIG_MAX_ALIASES)
				continue;
			cfg->aliases[cfg->naliases++] = *a;
		}
	}
}

/*
 * alias LANGUAGE ALIAS...: the names are checked here, against each
 * other; against the languages after the last line (alias_check), since
 * language lines may come later.
 */
int
config_set_alias(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	struct alias	*a;
	size_t		 i, j;

	(void)d;
	if (!ps->alias_seen) {
		ps->alias_seen = 1;
		memset(cfg->aliases, 0, sizeof(cfg->aliases));
		cfg->naliases = 0;
	}
	for (i = 0; i < ac; i++) {
		if (!config_chars_ok(av[i], CONFIG_NAME_CHARS) ||
		    strlen(av[i]) >= CONFIG_NAME_MAX) {
			snprintf(why, whylen, "%s must be at most %d of the "
			    "characters a-z 0-9 _ + -", i == 0 ? "LANGUAGE" :
			    "ALIAS", CONFIG_NAME_MAX - 1);
			return -1;
		}
	}
	for (i = 1; i < ac; i++) {
		for (j = 0; j < cfg->naliases; j++) {
			if (strcmp(cfg->aliases[j].name, av[i]) == 0) {
				snprintf(why, whylen, "\"%s\" is already an "
				    "alias, on line %zu", av[i],
				    ps->alias_line[j]);
				return -1;
			}
		}
		if (cfg->naliases >= CONFIG_MAX_ALIASES) {
			snprintf(why, whylen, "more than %d aliases",
			    CONFIG_MAX_ALIASES);
			return -1;
		}
		a = &cfg->aliases[cfg->naliases];
		(void)strlcpy(a->name, av[i], sizeof(a->name));
		(void)strlcpy(a->language, av[0], sizeof(a->language));
		ps->alias_line[cfg->naliases++] = ps->lineno;
	}
	return 0;
}

/*
 * After the last line: the default aliases when there was no alias line,
 * else each alias must name a configured language and must not be one.
 */
static int
alias_check(struct config *cfg, struct config_pstate *ps, struct err *e)
{
	char			 list[CONFIG_MAX_LANGUAGES *
				    (CONFIG_NAME_MAX + 2)];
	const struct alias	*a;
	size_t			 i;

	if (!ps->alias_seen) {
		alias_defaults(cfg);
		return 0;
	}
	for (i = 0; i < cfg->naliases; i++) {
		a = &cfg->aliases[i];
		if (config_language(cfg, a->language) == NULL) {
			config_language_list(cfg, list, sizeof(list));
			return err_set(e, ERR_INTERNAL, "%s:%zu: alias: \"%s\" "
			    "is not a configured language (configured: %s)",
			    ps->name, ps->alias_line[i], a->language, list);
		}
		if (config_language(cfg, a->name) != NULL)
			return err_set(e, ERR_INTERNAL, "%s:%zu: alias: \"%s\" "
			    "is the name of a configured language", ps->name,
			    ps->alias_line[i], a->name);
	}
	return 0;
}

/*
 * The global value of o (its directive's D and M; for a single value,
 * max = def) and the same, set.  memcpy, as the members are found by
 * offset.
 */
static void
global_get(const struct config *cfg, const struct config_overridable *o,
    struct config_limit *v)
{
	memcpy(&v->def, (const char *)cfg + o->def, sizeof(v->def));
	if (o->pair)
		memcpy(&v->max, (const char *)cfg + o->max, sizeof(v->max));
	else
		v->max = v->def;
}

static void
global_set(struct config *cfg, const struct config_overridable *o,
    const struct config_limit *v)
{
	memcpy((char *)cfg + o->def, &v->def, sizeof(v->def));
	if (o->pair)
		memcpy((char *)cfg + o->max, &v->max, sizeof(v->max));
}

/* A language's value of o, as global_get, and the same, set. */
static void
lang_get(const struct language *l, const struct config_overridable *o,
    struct config_limit *v)
{
	if (o->pair)
		memcpy(v, (const char *)l + o->lang, sizeof(*v));
	else {
		memcpy(&v->def, (const char *)l + o->lang, sizeof(v->def));
		v->max = v->def;
	}
}

static void
lang_set(struct language *l, const struct config_overridable *o,
    const struct config_limit *v)
{
	if (o->pair)
		memcpy((char *)l + o->lang, v, sizeof(*v));
	else
		memcpy((char *)l + o->lang, &v->def, sizeof(v->def));
}

const struct config_directive *
config_directive_named(const char *name)
{
	size_t	i;

	for (i = 0; i < NDIRECTIVES; i++)
		if (strcmp(directives[i].name, name) == 0)
			return &directives[i];
	return NULL;
}

/*
 * compile NAME COMMAND...: checked here but for NAME, which must be a
 * configured language of the final set, after the last line
 * (language_lines), since language lines may come later and the first
 * one replaces the defaults.
 */
int
config_set_compile(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	struct config_pending_compile	*c;
	size_t				 i;

	(void)cfg;
	(void)d;
	if (!config_chars_ok(av[0], CONFIG_NAME_CHARS) ||
	    strlen(av[0]) >= CONFIG_NAME_MAX) {
		snprintf(why, whylen, "NAME must be at most %d of the "
		    "characters a-z 0-9 _ + -", CONFIG_NAME_MAX - 1);
		return -1;
	}
	for (i = 1; i < ac; i++) {
		if (strlen(av[i]) >= CONFIG_WORD_MAX) {
			snprintf(why, whylen, "COMMAND word %zu is longer "
			    "than %d bytes", i, CONFIG_WORD_MAX - 1);
			return -1;
		}
	}
	for (i = 0; i < ps->ncompiles; i++) {
		if (strcmp(ps->compiles[i].name, av[0]) == 0) {
			snprintf(why, whylen, "\"%s\" has a compile line "
			    "already, on line %zu", av[0],
			    ps->compiles[i].line);
			return -1;
		}
	}
	if (ps->ncompiles >= CONFIG_COMPILES_MAX) {
		snprintf(why, whylen, "more than %d compile lines (one per "
		    "language)", CONFIG_COMPILES_MAX);
		return -1;
	}
	c = &ps->compiles[ps->ncompiles++];
	(void)strlcpy(c->name, av[0], sizeof(c->name));
	for (i = 1; i < ac; i++)
		(void)strlcpy(c->command[i - 1], av[i], sizeof(c->command[0]));
	c->ncommand = ac - 1;
	c->line = ps->lineno;
	return 0;
}

/*
 * override NAME DIRECTIVE ARGS...: DIRECTIVE one of overridables[], ARGS
 * as that global directive takes them, within its bounds; each (NAME,
 * DIRECTIVE) once.  NAME is checked after the last line, as compile's.
 */
int
config_set_override(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	const struct config_overridable	*o = NULL;
	const struct config_directive	*g;
	struct config_pending_override	*po;
	struct config_limit		 v;
	char				 reason[CONFIG_WHY_MAX];
	long long			 n;
	size_t				 i;

	(void)cfg;
	(void)d;
	if (!config_chars_ok(av[0], CONFIG_NAME_CHARS) ||
	    strlen(av[0]) >= CONFIG_NAME_MAX) {
		snprintf(why, whylen, "NAME must be at most %d of the "
		    "characters a-z 0-9 _ + -", CONFIG_NAME_MAX - 1);
		return -1;
	}
	for (i = 0; i < CONFIG_NOVERRIDABLES; i++)
		if (strcmp(overridables[i].name, av[1]) == 0)
			o = &overridables[i];
	if (o == NULL || (g = config_directive_named(o->name)) == NULL) {
		snprintf(why, whylen, "\"%.64s\" cannot be overridden "
		    "(DIRECTIVE is timeout_ms, memory_mb, "
		    "compile_timeout_ms, compile_memory_mb or tmpfs_mb)",
		    av[1]);
		return -1;
	}
	if (o->pair) {
		if (parse_limit(g, av + 2, ac - 2, &v, reason,
		    sizeof(reason)) == -1)
			goto bad;
	} else if (ac != 3) {
		snprintf(reason, sizeof(reason), "expected \"%s %s\"",
		    g->name, g->usage);
		goto bad;
	} else if (config_parse_uint(av[2], g->min, g->max, &n) == -1) {
		snprintf(reason, sizeof(reason), "must be an integer from "
		    "%lld to %lld", g->min, g->max);
		goto bad;
	} else
		v.def = v.max = (int)n;
	for (i = 0; i < ps->noverrides; i++) {
		po = &ps->overrides[i];
		if (po->what == o && strcmp(po->name, av[0]) == 0) {
			snprintf(why, whylen, "%s %s: already set on line %zu",
			    av[0], o->name, po->line);
			return -1;
		}
	}
	if (ps->noverrides >= (size_t)CONFIG_OVERRIDES_MAX) {
		snprintf(why, whylen, "more than %d override lines (one per "
		    "language and directive)", CONFIG_OVERRIDES_MAX);
		return -1;
	}
	po = &ps->overrides[ps->noverrides++];
	(void)strlcpy(po->name, av[0], sizeof(po->name));
	po->what = o;
	po->value = v;
	po->line = ps->lineno;
	return 0;
 bad:
	snprintf(why, whylen, "%s %s: %s", av[0], o->name, reason);
	return -1;
}

/*
 * After the last line: each compile and override line must name a
 * configured language (of the final set), and goes into it.
 */
static int
language_lines(struct config *cfg, struct config_pstate *ps, struct err *e)
{
	char					 list[CONFIG_MAX_LANGUAGES *
						    (CONFIG_NAME_MAX + 2)];
	const struct config_pending_compile	*c;
	const struct config_pending_override	*po;
	const struct language			*found;
	struct language				*l;
	size_t					 i;

	for (i = 0; i < ps->ncompiles; i++) {
		c = &ps->compiles[i];
		if ((found = config_language(cfg, c->name)) == NULL) {
			config_language_list(cfg, list, sizeof(list));
			return err_set(e, ERR_INTERNAL, "%s:%zu: compile: "
			    "\"%s\" is not a configured language "
			    "(configured: %s)", ps->name, c->line, c->name,
			    list);
		}
		l = &cfg->languages[found - cfg->languages];
		memcpy(l->compile, c->command, sizeof(l->compile));
		l->ncompile = c->ncommand;
	}
	for (i = 0; i < ps->noverrides; i++) {
		po = &ps->overrides[i];
		if ((found = config_language(cfg, po->name)) == NULL) {
			config_language_list(cfg, list, sizeof(list));
			return err_set(e, ERR_INTERNAL, "%s:%zu: override: "
			    "\"%s\" is not a configured language "
			    "(configured: %s)", ps->name, po->line, po->name,
			    list);
		}
		l = &cfg->languages[found - cfg->languages];
		lang_set(l, po->what, &po->value);
		l->overrides |= po->what->bit;
	}
	return 0;
}

/*
 * Every language's effective limits: what its override lines set, else
 * the global directive's value.  Run again whenever the globals change
 * (config_defaults, then after config_parse's last line).
 */
static void
resolve_limits(struct config *cfg)
{
	const struct config_overridable	*o;
	struct config_limit		 v;
	size_t				 i, j;

	for (i = 0; i < cfg->nlanguages; i++) {
		for (j = 0; j < CONFIG_NOVERRIDABLES; j++) {
			o = &overridables[j];
			if (cfg->languages[i].overrides & o->bit)
				continue;
			global_get(cfg, o, &v);
			lang_set(&cfg->languages[i], o, &v);
		}
	}
}

/*
 * Defaults below maxima, in every language's effective limits.  Each
 * line's D <= M is checked as it is read, and a language's pair comes
 * whole from one line, so this holds by construction; the sandbox relies
 * on it, hence once more here.
 */
static int
check_limits(const struct config *cfg, struct config_pstate *ps, struct err *e)
{
	const struct config_overridable	*o;
	struct config_limit		 v;
	size_t				 i, j;

	for (i = 0; i < cfg->nlanguages; i++) {
		for (j = 0; j < CONFIG_NOVERRIDABLES; j++) {
			o = &overridables[j];
			lang_get(&cfg->languages[i], o, &v);
			if (v.def > v.max)
				return err_set(e, ERR_INTERNAL, "%s: %s: %s: "
				    "the default %d is above the maximum %d",
				    ps->name, cfg->languages[i].name, o->name,
				    v.def, v.max);
		}
	}
	return 0;
}

int
config_lang_check(struct config *cfg, struct config_pstate *ps,
    struct err *e)
{
	if (alias_check(cfg, ps, e) == -1)
		return -1;
	if (language_lines(cfg, ps, e) == -1)
		return -1;
	resolve_limits(cfg);
	if (check_limits(cfg, ps, e) == -1)
		return -1;
	return 0;
}

static void
print_cidrs(FILE *fp, const char *name, const struct cidr *v, size_t n)
{
	char	text[ADDR_TEXT_MAX];
	size_t	i;

	for (i = 0; i < n; i++) {
		cidr_format(&v[i], text, sizeof(text));
		fprintf(fp, "%-17s %s\n", name, text);
	}
}

void
config_print(const struct config *cfg, FILE *fp)
{
	long long	frac;
	int		digits;

	fprintf(fp, "# %s\n", cfg->path);
	fprintf(fp, "%-17s %s\n", "docker_socket", cfg->docker_socket);
	if (cfg->keys_file[0] != '\0')
		fprintf(fp, "%-17s %s\n", "keys_file", cfg->keys_file);
	else
		fprintf(fp, "# keys_file not set: no key required\n");
	fprintf(fp, "%-17s %s\n", "state_file", cfg->state_file);
	print_cidrs(fp, "allow", cfg->allow, cfg->nallow);
	if (cfg->ntrusted_proxy == 0)
		fprintf(fp, "# trusted_proxy not set: no PROXY headers\n");
	print_cidrs(fp, "trusted_proxy", cfg->trusted_proxy,
	    cfg->ntrusted_proxy);
	fprintf(fp, "%-17s %u per %us\n", "rate_limit", cfg->rate_count,
	    cfg->rate_period_s);
	fprintf(fp, "%-17s %u\n", "max_per_client", cfg->max_per_client);
	fprintf(fp, "%-17s %u\n", "max_running", cfg->max_running);
	fprintf(fp, "%-17s %zu\n", "max_request_bytes", cfg->max_request_bytes);
	fprintf(fp, "%-17s %zu\n", "max_code_bytes", cfg->max_code_bytes);
	fprintf(fp, "%-17s %d\n", "read_timeout_ms", cfg->read_timeout_ms);
	fprintf(fp, "%-17s %d max %d\n", "timeout_ms", cfg->timeout_ms,
	    cfg->timeout_max_ms);
	fprintf(fp, "%-17s %d max %d\n", "memory_mb", cfg->memory_mb,
	    cfg->memory_max_mb);
	fprintf(fp, "%-17s %d max %d\n", "compile_timeout_ms",
	    cfg->compile_timeout_ms, cfg->compile_timeout_max_ms);
	fprintf(fp, "%-17s %d max %d\n", "compile_memory_mb",
	    cfg->compile_memory_mb, cfg->compile_memory_max_mb);
	fprintf(fp, "%-17s %zu\n", "max_output_bytes", cfg->max_output_bytes);
	fprintf(fp, "%-17s %d\n", "pids_limit", cfg->pids_limit);
	/* Three decimals, trailing zeros dropped, at least one kept. */
	frac = (cfg->nano_cpus % NANO_PER_CPU) /
	    (NANO_PER_CPU / 1000);
	digits = CPUS_DECIMALS;
	while (digits > 1 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	fprintf(fp, "%-17s %lld.%0*lld\n", "cpus",
	    (long long)(cfg->nano_cpus / NANO_PER_CPU), digits, frac);
	fprintf(fp, "%-17s %d\n", "tmpfs_mb", cfg->tmpfs_mb);
	fprintf(fp, "%-17s %s\n", "runtime", cfg->runtime);
	fprintf(fp, "%-17s %u\n", "pool_size", cfg->pool_size);
	fprintf(fp, "%-17s %u\n", "pool_max_age_s", cfg->pool_max_age_s);
	fprintf(fp, "%-17s %s\n", "default_language", cfg->default_language);
	config_lang_print(cfg, fp);
}

void
config_lang_print(const struct config *cfg, FILE *fp)
{
	const struct language		*l;
	const struct config_overridable	*o;
	struct config_limit		 v;
	size_t				 i, j;

	for (i = 0; i < cfg->nlanguages; i++) {
		l = &cfg->languages[i];
		fprintf(fp, "language %-10s %-14s %-8s", l->name, l->image,
		    l->file);
		for (j = 0; j < l->ncommand; j++)
			fprintf(fp, " %s", l->command[j]);
		fprintf(fp, "\n");
	}
	for (i = 0; i < cfg->nlanguages; i++) {
		l = &cfg->languages[i];
		if (l->ncompile > 0) {
			fprintf(fp, "compile  %-10s", l->name);
			for (j = 0; j < l->ncompile; j++)
				fprintf(fp, " %s", l->compile[j]);
			fprintf(fp, "\n");
		}
		for (j = 0; j < CONFIG_NOVERRIDABLES; j++) {
			o = &overridables[j];
			if (!(l->overrides & o->bit))
				continue;
			lang_get(l, o, &v);
			if (o->pair)
				fprintf(fp, "override %-10s %s %d max %d\n",
				    l->name, o->name, v.def, v.max);
			else
				fprintf(fp, "override %-10s %s %d\n",
				    l->name, o->name, v.def);
		}
	}
	/*
	 * One line for each run of aliases of one language, of at most
	 * CONFIG_ALIAS_WORDS_MAX, as an alias line may hold.
	 */
	for (i = 0, j = 0; i < cfg->naliases; i++, j++) {
		if (i == 0 || j == CONFIG_ALIAS_WORDS_MAX ||
		    strcmp(cfg->aliases[i].language,
		    cfg->aliases[i - 1].language) != 0) {
			fprintf(fp, "%salias    %-10s", i > 0 ? "\n" : "",
			    cfg->aliases[i].language);
			j = 0;
		}
		fprintf(fp, " %s", cfg->aliases[i].name);
	}
	if (cfg->naliases > 0)
		fprintf(fp, "\n");
}

const struct language *
config_language(const struct config *cfg, const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < cfg->nlanguages; i++)
		if (strcmp(cfg->languages[i].name, name) == 0)
			return &cfg->languages[i];
	return NULL;
}

void
config_language_list(const struct config *cfg, char *buf, size_t size)
{
	size_t	i;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < cfg->nlanguages; i++) {
		if (i > 0)
			(void)strlcat(buf, ", ", size);
		(void)strlcat(buf, cfg->languages[i].name, size);
	}
}

const struct language *
config_language_or_alias(const struct config *cfg, const char *name)
{
	const struct language	*l;
	size_t			 i;

	if (name == NULL)
		return NULL;
	if ((l = config_language(cfg, name)) != NULL)
		return l;
	for (i = 0; i < cfg->naliases; i++)
		if (strcmp(cfg->aliases[i].name, name) == 0)
			return config_language(cfg, cfg->aliases[i].language);
	return NULL;
}

int
config_compiled(const struct language *l)
{
	return l->ncompile > 0;
}
