/*
 * config_lang.c: the languages of the configuration file (runbox.conf(5)):
 * their language, compile, override and alias lines, the default
 * languages and aliases, the checks of these lines after the last one,
 * each language's effective limits, and the lookups (config_language,
 * config_language_or_alias, config_language_list, config_compiled).
 * The global limits that override lines override (timeout_ms, memory_mb,
 * compile_timeout_ms, compile_memory_mb) are parsed here too
 * (config_set_limit_pair), as overridables[] knows where they lie.
 * config.c reads the file, describes the syntax of a line and calls here
 * through its directive table and config_int.h.
 *
 * Bounds, checked when a line is read:
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
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

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

#define OFF(m)	offsetof(struct config, m)
#define LOFF(m)	offsetof(struct language, m)
#define IMAGE_CHARS	CONFIG_RUNTIME_CHARS "/:@"
#define FILE_CHARS	CONFIG_RUNTIME_CHARS "+"

/*
 * What override lines may set: the global directive of that name (its
 * bounds and usage in config.c's directives[]), the CONFIG_OVERRIDE_*
 * bit, where the global value lies in struct config (two ints, D and M,
 * for a pair; one for tmpfs_mb) and where the language's lies in struct
 * language (a struct config_limit for a pair, an int otherwise).  In the
 * order config_print prints them.
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

/*
 * The languages of src/images/languages.  Each command writes its output
 * through (docs/protocol.md, "What a program can rely on"): python's and
 * pypy's -u; ruby's sync.rb and perl's RunboxSync.pm, in their images'
 * /usr/local/lib/runbox/ (src/images/IMAGE/); lua's stdout unbuffered by
 * -e; node, bash and the php CLI write through already; C and C++ run
 * under stdbuf -oL, line-buffered as in a terminal (Go's and Rust's
 * stdout are unbuffered and line-buffered of themselves).  The compiled
 * languages' compile commands: the scripts of src/images/runbox-gcc/ and
 * runbox-java/ compile every source file of the working directory (and
 * runbox-typescript/'s puts tsc's diagnostics on stderr); Go's
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
	    .compile = { "sh", CONFIG_SUPPORT_DIR "/compile-typescript" },
	    .ncompile = 2,
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
 * The configured language a compile or override line (directive, at
 * line) names, or NULL with e saying it is none.
 */
static struct language *
line_language(struct config *cfg, const struct config_pstate *ps,
    const char *directive, const char *name, size_t line, struct err *e)
{
	char			 list[CONFIG_MAX_LANGUAGES *
				    (CONFIG_NAME_MAX + 2)];
	const struct language	*found;

	if ((found = config_language(cfg, name)) != NULL)
		return &cfg->languages[found - cfg->languages];
	config_language_list(cfg, list, sizeof(list));
	(void)err_set(e, ERR_INTERNAL, "%s:%zu: %s: \"%s\" is not a "
	    "configured language (configured: %s)", ps->name, line,
	    directive, name, list);
	return NULL;
}

/*
 * After the last line: each compile and override line must name a
 * configured language (of the final set), and goes into it.
 */
static int
language_lines(struct config *cfg, struct config_pstate *ps, struct err *e)
{
	const struct config_pending_compile	*c;
	const struct config_pending_override	*po;
	struct language				*l;
	size_t					 i;

	for (i = 0; i < ps->ncompiles; i++) {
		c = &ps->compiles[i];
		if ((l = line_language(cfg, ps, "compile", c->name, c->line,
		    e)) == NULL)
			return -1;
		memcpy(l->compile, c->command, sizeof(l->compile));
		l->ncompile = c->ncommand;
	}
	for (i = 0; i < ps->noverrides; i++) {
		po = &ps->overrides[i];
		if ((l = line_language(cfg, ps, "override", po->name, po->line,
		    e)) == NULL)
			return -1;
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
