/*
 * config.c: reading, checking and printing the configuration file
 * (runbox.conf(5)): its lines, the directive table, the global directives
 * with their bounds and defaults, and the drivers config_load,
 * config_parse and config_print.  The languages (language, compile,
 * override and alias lines, the default languages and aliases, each
 * language's limits, the lookups) are config_lang.c's; config_int.h holds
 * what the two files share.
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
 *	max_tests		1..CONFIG_MAX_TESTS_MAX (256)
 *	read_timeout_ms		1..600000
 *	http, http_playground	"yes" or "no", nothing else
 *	max_header_bytes	CONFIG_HEADER_BYTES_MIN..CONFIG_HEADER_BYTES_MAX
 *				(1024..65536)
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
 *	default_language	must name a configured language
 *	language, compile, override, alias
 *				see config_lang.c
 *
 * After the last line come the checks across directives (config_check),
 * the languages' among them (config_lang_check).
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
static config_set_fn	set_yesno;
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
	{ "max_tests", set_number, 1, 1, 0, "N",
	    OFF(max_tests), CONFIG_NUM_SIZE, 1, CONFIG_MAX_TESTS_MAX },
	{ "read_timeout_ms", set_number, 1, 1, 0, "MS",
	    OFF(read_timeout_ms), CONFIG_NUM_INT, 1, READ_TIMEOUT_MS_MAX },
	{ "http", set_yesno, 1, 1, 0, "yes|no",
	    OFF(http), CONFIG_NUM_INT, 0, 0 },
	{ "http_playground", set_yesno, 1, 1, 0, "yes|no",
	    OFF(http_playground), CONFIG_NUM_INT, 0, 0 },
	{ "max_header_bytes", set_number, 1, 1, 0, "BYTES",
	    OFF(max_header_bytes), CONFIG_NUM_SIZE, CONFIG_HEADER_BYTES_MIN,
	    CONFIG_HEADER_BYTES_MAX },
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
	cfg->max_tests = 32;
	cfg->read_timeout_ms = 5000;
	cfg->http = 1;
	cfg->http_playground = 0;
	cfg->max_header_bytes = 8192;
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

/*
 * http and http_playground: exactly "yes" (1) or "no" (0), so that a
 * value a reader might take for either ("on", "1", "Yes") is refused
 * rather than guessed.
 */
static int
set_yesno(struct config *cfg, struct config_pstate *ps,
    const struct config_directive *d, char **av, size_t ac, char *why,
    size_t whylen)
{
	int	*p = (int *)(void *)((char *)cfg + d->offset);

	(void)ps;
	(void)ac;
	if (strcmp(av[0], "yes") == 0)
		*p = 1;
	else if (strcmp(av[0], "no") == 0)
		*p = 0;
	else {
		snprintf(why, whylen, "must be \"yes\" or \"no\"");
		return -1;
	}
	return 0;
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
	fprintf(fp, "%-17s %zu\n", "max_tests", cfg->max_tests);
	fprintf(fp, "%-17s %d\n", "read_timeout_ms", cfg->read_timeout_ms);
	fprintf(fp, "%-17s %s\n", "http", cfg->http ? "yes" : "no");
	fprintf(fp, "%-17s %s\n", "http_playground",
	    cfg->http_playground ? "yes" : "no");
	fprintf(fp, "%-17s %zu\n", "max_header_bytes", cfg->max_header_bytes);
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
