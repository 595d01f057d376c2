/* config-t.c: unit tests for the configuration file (src/config*.c). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static int	parse_bytes(struct config *, const char *, size_t,
		    struct err *);
static int	parse_text(struct config *, const char *, struct err *);
static void	test_defaults(void);
static void	test_every_directive(void);
static void	test_bad_lines(void);
static void	test_yesno(void);
static void	test_header_bytes(void);
static void	test_file_level(void);
static void	test_allow(void);
static void	test_languages(void);
static void	test_default_language(void);
static void	test_aliases(void);
static void	test_alias_errors(void);
static void	test_alias_print(void);
static void	test_alias_print_long(void);
static void	test_compile(void);
static void	test_override(void);
static void	test_override_errors(void);
static void	limits_are(const struct language *, const char *, int, int,
		    int, int, int, int, int, int, int);
static void	test_cidr(void);
static void	test_print_round_trip(void);
static void	test_load(void);
static void	default_language_is(const struct config *, const char *,
		    const char *, const char *, const char *);

static int
parse_text(struct config *cfg, const char *text, struct err *e)
{
	return parse_bytes(cfg, text, strlen(text), e);
}

static int
parse_bytes(struct config *cfg, const char *text, size_t len, struct err *e)
{
	FILE	*fp;
	int	 ret;

	memset(e, 0, sizeof(*e));
	if ((fp = fmemopen((void *)(uintptr_t)text, len, "r")) == NULL)
		bail("fmemopen failed");
	ret = config_parse(cfg, fp, "t.conf", e);
	fclose(fp);
	return ret;
}

static void
test_defaults(void)
{
	struct config	cfg;
	const struct language *l;
	char		list[256];
	size_t		i;

	config_defaults(&cfg);
	is_string(cfg.docker_socket, "/var/run/docker.sock",
	    "defaults: docker_socket is /var/run/docker.sock");
	is_string(cfg.keys_file, "", "defaults: no keys file");
	is_string(cfg.state_file, "/var/lib/runbox/state",
	    "defaults: state_file is /var/lib/runbox/state");
	is_int(cfg.nallow, 2, "defaults: two allow entries");
	ok(cfg.allow[0].family == AF_INET && cfg.allow[0].prefix == 0,
	    "defaults: allow 0.0.0.0/0");
	ok(cfg.allow[1].family == AF_INET6 && cfg.allow[1].prefix == 0,
	    "defaults: allow ::/0");
	is_int(cfg.ntrusted_proxy, 0, "defaults: no trusted proxy");
	ok(cfg.rate_count == 30 && cfg.rate_period_s == 60,
	    "defaults: rate_limit 30 per 60s");
	is_int(cfg.max_per_client, 2, "defaults: max_per_client 2");
	is_int(cfg.max_running, 8, "defaults: max_running 8");
	is_int(cfg.max_request_bytes, 1048576,
	    "defaults: max_request_bytes 1048576");
	is_int(cfg.max_code_bytes, 262144, "defaults: max_code_bytes 262144");
	is_int(cfg.max_tests, 32, "defaults: max_tests 32");
	is_int(cfg.read_timeout_ms, 5000, "defaults: read_timeout_ms 5000");
	is_int(cfg.http, 1, "defaults: http yes");
	is_int(cfg.http_playground, 0, "defaults: http_playground no");
	is_int(cfg.max_header_bytes, 8192, "defaults: max_header_bytes 8192");
	ok(cfg.timeout_ms == 3000 && cfg.timeout_max_ms == 10000,
	    "defaults: timeout_ms 3000 max 10000");
	ok(cfg.memory_mb == 64 && cfg.memory_max_mb == 512,
	    "defaults: memory_mb 64 max 512");
	ok(cfg.compile_timeout_ms == 10000 &&
	    cfg.compile_timeout_max_ms == 30000,
	    "defaults: compile_timeout_ms 10000 max 30000");
	ok(cfg.compile_memory_mb == 512 && cfg.compile_memory_max_mb == 1024,
	    "defaults: compile_memory_mb 512 max 1024");
	is_int(cfg.max_output_bytes, 1048576,
	    "defaults: max_output_bytes 1048576");
	is_int(cfg.pids_limit, 64, "defaults: pids_limit 64");
	is_int(cfg.nano_cpus, 1000000000LL, "defaults: cpus 1.0");
	is_int(cfg.tmpfs_mb, 16, "defaults: tmpfs_mb 16");
	is_string(cfg.runtime, "runc", "defaults: runtime runc");
	is_int(cfg.pool_size, 0, "defaults: pool_size 0");
	is_int(cfg.pool_max_age_s, 600, "defaults: pool_max_age_s 600");
	is_string(cfg.default_language, "python",
	    "defaults: default_language python");
	is_int(cfg.nlanguages, 14, "defaults: fourteen languages");
	l = config_language(&cfg, "python");
	ok(l != NULL && strcmp(l->image, "runbox-python") == 0 &&
	    strcmp(l->file, "main.py") == 0 && l->ncommand == 3 &&
	    strcmp(l->command[0], "python3") == 0 &&
	    strcmp(l->command[1], "-u") == 0 &&
	    strcmp(l->command[2], "main.py") == 0,
	    "defaults: python runs python3 -u main.py in runbox-python");
	l = config_language(&cfg, "javascript");
	ok(l != NULL && strcmp(l->image, "runbox-node") == 0 &&
	    strcmp(l->file, "main.js") == 0 && l->ncommand == 2 &&
	    strcmp(l->command[0], "node") == 0,
	    "defaults: javascript runs node main.js in runbox-node");
	l = config_language(&cfg, "ruby");
	ok(l != NULL && strcmp(l->image, "runbox-ruby") == 0 &&
	    strcmp(l->file, "main.rb") == 0 && l->ncommand == 3 &&
	    strcmp(l->command[0], "ruby") == 0 &&
	    strcmp(l->command[1], "-r/usr/local/lib/runbox/sync.rb") == 0,
	    "defaults: ruby runs ruby main.rb in runbox-ruby, with $stdout "
	    "written through");
	default_language_is(&cfg, "pypy", "runbox-pypy", "main.py",
	    "pypy3 -u main.py");
	default_language_is(&cfg, "bash", "runbox-bash", "main.sh",
	    "bash main.sh");
	default_language_is(&cfg, "perl", "runbox-perl", "main.pl",
	    "perl -I/usr/local/lib/runbox -MRunboxSync main.pl");
	default_language_is(&cfg, "php", "runbox-php", "main.php",
	    "php main.php");
	default_language_is(&cfg, "lua", "runbox-lua", "main.lua",
	    "lua5.4 -e io.stdout:setvbuf(\"no\") main.lua");
	default_language_is(&cfg, "c", "runbox-gcc", "main.c",
	    "stdbuf -oL ./main");
	default_language_is(&cfg, "java", "runbox-java", "Main.java",
	    "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData "
	    "-cp . Main");
	default_language_is(&cfg, "typescript", "runbox-typescript",
	    "main.ts", "node main.js");
	ok(config_language(&cfg, "kotlin") == NULL,
	    "config_language returns NULL for an unconfigured language");
	ok(config_language(&cfg, NULL) == NULL,
	    "config_language returns NULL for a NULL name");
	config_language_list(&cfg, list, sizeof(list));
	is_string(list, "python, javascript, ruby, pypy, bash, perl, php, "
	    "lua, c, cpp, go, rust, java, typescript",
	    "config_language_list joins the names with a comma");
	config_language_list(&cfg, list, 8);
	is_string(list, "python,", "config_language_list truncates to fit");
	/* The first eight interpret; the six after them compile. */
	for (i = 0; i < cfg.nlanguages; i++) {
		l = &cfg.languages[i];
		if (strcmp(l->name, "java") == 0)
			limits_are(l, "defaults", 3000, 10000, 256, 1024,
			    10000, 30000, 512, 1024, 16);
		else if (strcmp(l->name, "typescript") == 0)
			limits_are(l, "defaults", 3000, 10000, 64, 512,
			    20000, 30000, 512, 1024, 16);
		else
			limits_are(l, "defaults", 3000, 10000, 64, 512,
			    10000, 30000, 512, 1024, 16);
		ok((i < 8) == !config_compiled(l) &&
		    (l->ncompile > 0) == config_compiled(l), i < 8 ?
		    "defaults: %s has no compile step" :
		    "defaults: %s has a compile step", l->name);
	}
	ok(config_language(&cfg, "java")->overrides ==
	    CONFIG_OVERRIDE_MEMORY && config_language(&cfg,
	    "typescript")->overrides == CONFIG_OVERRIDE_COMPILE_TIMEOUT &&
	    config_language(&cfg, "c")->overrides == 0,
	    "defaults: java has more memory, typescript more time to compile, "
	    "and no other language an override");
}

/*
 * A language's effective limits, as one test: timeout_ms, memory_mb,
 * compile_timeout_ms and compile_memory_mb (each D and M), tmpfs_mb.
 */
static void
limits_are(const struct language *l, const char *what, int t, int tm,
    int m, int mm, int ct, int ctm, int cm, int cmm, int tmpfs)
{
	char	got[128], want[128];

	if (l == NULL) {
		ok(0, "%s: the language is configured", what);
		return;
	}
	(void)snprintf(got, sizeof(got), "%d/%d %d/%d %d/%d %d/%d %d",
	    l->timeout_ms.def, l->timeout_ms.max, l->memory_mb.def,
	    l->memory_mb.max, l->compile_timeout_ms.def,
	    l->compile_timeout_ms.max, l->compile_memory_mb.def,
	    l->compile_memory_mb.max, l->tmpfs_mb);
	(void)snprintf(want, sizeof(want), "%d/%d %d/%d %d/%d %d/%d %d", t,
	    tm, m, mm, ct, ctm, cm, cmm, tmpfs);
	is_string(got, want, "%s: %s's limits (timeout, memory, compile "
	    "timeout, compile memory: D/M; tmpfs) are %s", what, l->name,
	    want);
}

/* A default language's image, file and command (its words joined by
 * spaces), as one test. */
static void
default_language_is(const struct config *cfg, const char *name,
    const char *image, const char *file, const char *command)
{
	const struct language	*l;
	char			 got[CONFIG_MAX_COMMAND * CONFIG_WORD_MAX];
	char			 want[sizeof(got)];
	size_t			 i;

	(void)snprintf(want, sizeof(want), "%s %s %s", image, file, command);
	got[0] = '\0';
	if ((l = config_language(cfg, name)) != NULL) {
		(void)snprintf(got, sizeof(got), "%s %s", l->image, l->file);
		for (i = 0; i < l->ncommand; i++) {
			(void)strlcat(got, " ", sizeof(got));
			(void)strlcat(got, l->command[i], sizeof(got));
		}
	}
	is_string(got, want, "defaults: %s runs %s in %s", name, command,
	    image);
}

static void
test_every_directive(void)
{
	static const char	text[] =
	    "# every directive runbox knows\n"
	    "docker_socket     /run/docker.sock\n"
	    "keys_file         /etc/runbox/keys   # a comment\n"
	    "state_file        /tmp/runbox-state\n"
	    "allow             10.0.0.0/8\n"
	    "allow             2001:db8::/32\n"
	    "trusted_proxy     127.0.0.1/32\n"
	    "trusted_proxy     ::1\n"
	    "rate_limit        10 per 2m\n"
	    "max_per_client    3\n"
	    "max_running       20\n"
	    "max_request_bytes 2000000\n"
	    "max_code_bytes    100000\n"
	    "max_tests         7\n"
	    "read_timeout_ms   7000\n"
	    "http              no\n"
	    "http_playground   yes\n"
	    "max_header_bytes  16384\n"
	    "timeout_ms        2000 max 20000\n"
	    "memory_mb         128 max 1024\n"
	    "compile_timeout_ms 20000 max 60000\n"
	    "compile_memory_mb 256 max 2048\n"
	    "max_output_bytes  65536\n"
	    "pids_limit        32\n"
	    "cpus              0.25\n"
	    "tmpfs_mb          32\n"
	    "runtime           runsc\n"
	    "pool_size         2\n"
	    "pool_max_age_s    120\n"
	    "\t\n"
	    "default_language  ruby\n"
	    "language python  runbox-python main.py python3 -u main.py\n"
	    "language ruby\truby:3.2\tmain.rb\truby main.rb\n"
	    "compile ruby ruby -c main.rb\n"
	    "override ruby memory_mb 32 max 64\n";
	struct config	cfg;
	struct err	e;
	char		a[INET6_ADDRSTRLEN];

	if (!ok(parse_text(&cfg, text, &e) == 0,
	    "a file with every directive is accepted"))
		diag("%s", e.msg);
	is_string(cfg.path, "t.conf", "the name given is kept as the path");
	is_string(cfg.docker_socket, "/run/docker.sock",
	    "docker_socket is read");
	is_string(cfg.keys_file, "/etc/runbox/keys",
	    "keys_file is read and a trailing comment dropped");
	is_string(cfg.state_file, "/tmp/runbox-state", "state_file is read");
	is_int(cfg.nallow, 2, "allow lines are read");
	ok(cfg.allow[0].family == AF_INET && cfg.allow[0].prefix == 8 &&
	    inet_ntop(AF_INET, cfg.allow[0].addr, a, sizeof(a)) != NULL &&
	    strcmp(a, "10.0.0.0") == 0, "allow 10.0.0.0/8 is read");
	ok(cfg.allow[1].family == AF_INET6 && cfg.allow[1].prefix == 32,
	    "allow 2001:db8::/32 is read");
	is_int(cfg.ntrusted_proxy, 2, "trusted_proxy lines are read");
	ok(cfg.trusted_proxy[1].family == AF_INET6 &&
	    cfg.trusted_proxy[1].prefix == 128,
	    "a trusted_proxy without a prefix is a host");
	ok(cfg.rate_count == 10 && cfg.rate_period_s == 120,
	    "rate_limit 10 per 2m is 10 per 120 seconds");
	is_int(cfg.max_per_client, 3, "max_per_client is read");
	is_int(cfg.max_running, 20, "max_running is read");
	is_int(cfg.max_request_bytes, 2000000, "max_request_bytes is read");
	is_int(cfg.max_code_bytes, 100000, "max_code_bytes is read");
	is_int(cfg.max_tests, 7, "max_tests is read");
	is_int(cfg.read_timeout_ms, 7000, "read_timeout_ms is read");
	is_int(cfg.http, 0, "http no is read");
	is_int(cfg.http_playground, 1, "http_playground yes is read");
	is_int(cfg.max_header_bytes, 16384, "max_header_bytes is read");
	ok(cfg.timeout_ms == 2000 && cfg.timeout_max_ms == 20000,
	    "timeout_ms D max M is read");
	ok(cfg.memory_mb == 128 && cfg.memory_max_mb == 1024,
	    "memory_mb D max M is read");
	ok(cfg.compile_timeout_ms == 20000 &&
	    cfg.compile_timeout_max_ms == 60000,
	    "compile_timeout_ms D max M is read");
	ok(cfg.compile_memory_mb == 256 && cfg.compile_memory_max_mb == 2048,
	    "compile_memory_mb D max M is read");
	is_int(cfg.max_output_bytes, 65536, "max_output_bytes is read");
	is_int(cfg.pids_limit, 32, "pids_limit is read");
	is_int(cfg.nano_cpus, 250000000, "cpus 0.25 is 250000000 nano_cpus");
	is_int(cfg.tmpfs_mb, 32, "tmpfs_mb is read");
	is_string(cfg.runtime, "runsc", "runtime is read");
	is_int(cfg.pool_size, 2, "pool_size is read");
	is_int(cfg.pool_max_age_s, 120, "pool_max_age_s is read");
	is_string(cfg.default_language, "ruby", "default_language is read");
	is_int(cfg.nlanguages, 2, "language lines are read");
	ok(strcmp(cfg.languages[1].image, "ruby:3.2") == 0 &&
	    cfg.languages[1].ncommand == 2 &&
	    strcmp(cfg.languages[1].command[1], "main.rb") == 0,
	    "a language line split by tabs is read");
	ok(cfg.languages[1].ncompile == 3 &&
	    strcmp(cfg.languages[1].compile[0], "ruby") == 0 &&
	    strcmp(cfg.languages[1].compile[2], "main.rb") == 0,
	    "a compile line is read into its language");
	limits_are(&cfg.languages[1], "every directive", 2000, 20000, 32, 64,
	    20000, 60000, 256, 2048, 32);
	limits_are(&cfg.languages[0], "every directive", 2000, 20000, 128,
	    1024, 20000, 60000, 256, 2048, 32);

	ok(parse_text(&cfg, "timeout_ms 500\nmemory_mb 32\n", &e) == 0 &&
	    cfg.timeout_ms == 500 && cfg.timeout_max_ms == 500 &&
	    cfg.memory_mb == 32 && cfg.memory_max_mb == 32,
	    "without max, the maximum is the default");
	ok(parse_text(&cfg, "compile_timeout_ms 1\ncompile_memory_mb 16\n",
	    &e) == 0 && cfg.compile_timeout_ms == 1 &&
	    cfg.compile_timeout_max_ms == 1 && cfg.compile_memory_mb == 16 &&
	    cfg.compile_memory_max_mb == 16,
	    "compile limits at their least, without max: M = D");
	ok(parse_text(&cfg, "compile_timeout_ms 600000 max 600000\n"
	    "compile_memory_mb 65536 max 65536\n", &e) == 0 &&
	    cfg.compile_timeout_max_ms == 600000 &&
	    cfg.compile_memory_max_mb == 65536,
	    "compile limits at their most are accepted");
	ok(parse_text(&cfg, "rate_limit 1 per 1h\n", &e) == 0 &&
	    cfg.rate_period_s == 3600, "rate_limit accepts hours");
	ok(parse_text(&cfg, "rate_limit 5 per 30\n", &e) == 0 &&
	    cfg.rate_period_s == 30, "rate_limit takes plain seconds");
	ok(parse_text(&cfg, "cpus 2\n", &e) == 0 &&
	    cfg.nano_cpus == 2000000000LL, "cpus 2 is accepted");
	ok(parse_text(&cfg, "cpus 1.125\n", &e) == 0 &&
	    cfg.nano_cpus == 1125000000LL, "cpus takes three decimals");
	ok(parse_text(&cfg, "cpus 0.01\n", &e) == 0 &&
	    cfg.nano_cpus == 10000000LL, "cpus 0.01 is the least accepted");
	ok(parse_text(&cfg, "cpus 64\n", &e) == 0 &&
	    cfg.nano_cpus == 64000000000LL, "cpus 64 is the most accepted");
	ok(parse_text(&cfg, "pool_size 0\n", &e) == 0 && cfg.pool_size == 0,
	    "pool_size 0 is accepted");
	ok(parse_text(&cfg, "max_tests 1\n", &e) == 0 && cfg.max_tests == 1,
	    "max_tests 1 is the least accepted");
	ok(parse_text(&cfg, "max_tests 256\n", &e) == 0 &&
	    cfg.max_tests == CONFIG_MAX_TESTS_MAX,
	    "max_tests 256 (CONFIG_MAX_TESTS_MAX) is the most accepted");
	ok(parse_text(&cfg, "#only a comment\n\n   \n", &e) == 0 &&
	    cfg.nlanguages == 14, "comments and blank lines leave the defaults");
	ok(parse_text(&cfg, "max_running 4", &e) == 0 && cfg.max_running == 4,
	    "a last line without a newline is read");
	ok(parse_text(&cfg, "language c++ img main.cc sh -c x\n"
	    "default_language c++\n", &e) == 0 &&
	    config_language(&cfg, "c++") != NULL,
	    "a language name may hold '+'");
}

struct bad_line {
	const char	*line;
	const char	*want;	/* prefix of the message */
};

static const struct bad_line bad_lines[] = {
	{ "frobnicate 1", "t.conf:2: frobnicate: unknown directive" },
	{ "docker_socket", "t.conf:2: docker_socket: missing value" },
	{ "docker_socket /a /b", "t.conf:2: docker_socket: too many values" },
	{ "docker_socket run/docker.sock",
	    "t.conf:2: docker_socket: must be an absolute path" },
	{ "docker_socket /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "t.conf:2: docker_socket: path longer than 107" },
	{ "keys_file", "t.conf:2: keys_file: missing value" },
	{ "state_file a b", "t.conf:2: state_file: too many values" },
	{ "allow 10.0.0.0/33", "t.conf:2: allow: " },
	{ "allow 10.0.0/8", "t.conf:2: allow: " },
	{ "allow example.com", "t.conf:2: allow: " },
	{ "trusted_proxy ::1/129", "t.conf:2: trusted_proxy: " },
	{ "rate_limit 30", "t.conf:2: rate_limit: missing value" },
	{ "rate_limit 0 per 60s", "t.conf:2: rate_limit: count must be" },
	{ "rate_limit 30 every 60s", "t.conf:2: rate_limit: expected \"per\"" },
	{ "rate_limit 30 per 60x", "t.conf:2: rate_limit: period must be" },
	{ "rate_limit 30 per 0s", "t.conf:2: rate_limit: period must be" },
	{ "rate_limit 30 per 25h", "t.conf:2: rate_limit: period must be" },
	{ "rate_limit 30 per s", "t.conf:2: rate_limit: period must be" },
	{ "rate_limit -1 per 60s", "t.conf:2: rate_limit: count must be" },
	{ "max_per_client 0", "t.conf:2: max_per_client: must be an integer" },
	{ "max_per_client +2", "t.conf:2: max_per_client: must be an integer" },
	{ "max_per_client 2x", "t.conf:2: max_per_client: must be an integer" },
	{ "max_running 1025", "t.conf:2: max_running: must be an integer" },
	{ "max_running 99999999999999999999999",
	    "t.conf:2: max_running: must be an integer" },
	{ "max_request_bytes 10", "t.conf:2: max_request_bytes: must be" },
	{ "max_code_bytes 0", "t.conf:2: max_code_bytes: must be" },
	{ "max_tests 0",
	    "t.conf:2: max_tests: must be an integer from 1 to 256" },
	{ "max_tests 257",
	    "t.conf:2: max_tests: must be an integer from 1 to 256" },
	{ "max_tests -1", "t.conf:2: max_tests: must be an integer" },
	{ "max_tests 32 max 64", "t.conf:2: max_tests: too many values" },
	{ "max_tests", "t.conf:2: max_tests: missing value" },
	{ "read_timeout_ms 0", "t.conf:2: read_timeout_ms: must be" },
	{ "max_header_bytes 1023", "t.conf:2: max_header_bytes: must be an "
	    "integer from 1024 to 65536" },
	{ "max_header_bytes 65537", "t.conf:2: max_header_bytes: must be an "
	    "integer from 1024 to 65536" },
	{ "max_header_bytes 8k", "t.conf:2: max_header_bytes: must be an "
	    "integer" },
	{ "max_header_bytes", "t.conf:2: max_header_bytes: missing value "
	    "(usage: max_header_bytes BYTES)" },
	{ "max_header_bytes 8192 16384",
	    "t.conf:2: max_header_bytes: too many values" },
	{ "timeout_ms 0", "t.conf:2: timeout_ms: default must be" },
	{ "timeout_ms 600001", "t.conf:2: timeout_ms: default must be" },
	{ "timeout_ms 5000 max 4000", "t.conf:2: timeout_ms: max must be" },
	{ "timeout_ms 5000 max 600001", "t.conf:2: timeout_ms: max must be" },
	{ "timeout_ms 5000 upto 6000", "t.conf:2: timeout_ms: expected" },
	{ "timeout_ms 5000 max", "t.conf:2: timeout_ms: expected" },
	{ "timeout_ms 1 max 2 max", "t.conf:2: timeout_ms: too many values" },
	{ "memory_mb 15", "t.conf:2: memory_mb: default must be" },
	{ "memory_mb 64 max 65537", "t.conf:2: memory_mb: max must be" },
	{ "memory_mb 64 max 32", "t.conf:2: memory_mb: max must be" },
	{ "compile_timeout_ms 0",
	    "t.conf:2: compile_timeout_ms: default must be an integer from 1 "
	    "to 600000" },
	{ "compile_timeout_ms 600001",
	    "t.conf:2: compile_timeout_ms: default must be" },
	{ "compile_timeout_ms 5000 max 4999",
	    "t.conf:2: compile_timeout_ms: max must be an integer from the "
	    "default (5000) to 600000" },
	{ "compile_timeout_ms 5000 max 600001",
	    "t.conf:2: compile_timeout_ms: max must be" },
	{ "compile_timeout_ms 5000 upto 6000",
	    "t.conf:2: compile_timeout_ms: expected \"compile_timeout_ms MS "
	    "[max MS]\"" },
	{ "compile_memory_mb 15",
	    "t.conf:2: compile_memory_mb: default must be an integer from 16 "
	    "to 65536" },
	{ "compile_memory_mb 65537",
	    "t.conf:2: compile_memory_mb: default must be" },
	{ "compile_memory_mb 64 max 65537",
	    "t.conf:2: compile_memory_mb: max must be" },
	{ "compile_memory_mb 64 max 63",
	    "t.conf:2: compile_memory_mb: max must be" },
	{ "compile_memory_mb 64 max 128 max",
	    "t.conf:2: compile_memory_mb: too many values" },
	{ "max_output_bytes 0", "t.conf:2: max_output_bytes: must be" },
	{ "pids_limit 0", "t.conf:2: pids_limit: must be" },
	{ "cpus 0", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 0.001", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 64.001", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 1.2345", "t.conf:2: cpus: must be a decimal" },
	{ "cpus .5", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 1.", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 1,5", "t.conf:2: cpus: must be a decimal" },
	{ "cpus -1", "t.conf:2: cpus: must be a decimal" },
	{ "cpus 1e1", "t.conf:2: cpus: must be a decimal" },
	{ "tmpfs_mb 0", "t.conf:2: tmpfs_mb: must be" },
	{ "runtime run/c", "t.conf:2: runtime: must be a name" },
	{ "runtime aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "t.conf:2: runtime: must be a name" },
	{ "pool_size 65", "t.conf:2: pool_size: must be" },
	{ "pool_max_age_s 19", "t.conf:2: pool_max_age_s: must be" },
	{ "pool_max_age_s 86401", "t.conf:2: pool_max_age_s: must be" },
	{ "default_language Python", "t.conf:2: default_language: must be" },
	{ "language python runbox-python main.py",
	    "t.conf:2: language: missing value" },
	{ "language Python img main.py python3",
	    "t.conf:2: language: NAME must be" },
	{ "language py img/../x$ main.py python3",
	    "t.conf:2: language: IMAGE must be" },
	{ "language py img dir/main.py python3",
	    "t.conf:2: language: FILE must be" },
	{ "language py img .. python3", "t.conf:2: language: FILE must be" },
	{ "language py img . python3", "t.conf:2: language: FILE must be" },
	{ "language py img main.py 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
	    "t.conf:2: language: more than 16 COMMAND words" },
	{ "language py img main.py x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
	    "17 18 19 20 21 22",
	    "t.conf:2: language: more than 16 COMMAND words" },
	{ "alias python", "t.conf:2: alias: missing value" },
	{ "alias Python py", "t.conf:2: alias: LANGUAGE must be" },
	{ "alias python Py", "t.conf:2: alias: ALIAS must be" },
	{ "alias python p/y", "t.conf:2: alias: ALIAS must be" },
	{ "alias python aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "t.conf:2: alias: ALIAS must be at most 31" },
	{ "alias python a b c d e f g h i j k l m n o p q",
	    "t.conf:2: alias: too many values" },
	{ "alias cobol cb", "t.conf:2: alias: \"cobol\" is not a configured "
	    "language (configured: python, javascript, ruby" },
	{ "alias python ruby",
	    "t.conf:2: alias: \"ruby\" is the name of a configured language" },
	{ "alias python python",
	    "t.conf:2: alias: \"python\" is the name of a configured "
	    "language" },
	{ "alias python py py", "t.conf:2: alias: \"py\" is already an alias, "
	    "on line 2" },
	{ "compile python", "t.conf:2: compile: missing value (usage: "
	    "compile NAME COMMAND...)" },
	{ "compile Python python3 -m py_compile main.py",
	    "t.conf:2: compile: NAME must be at most 31 of the characters" },
	{ "compile python 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
	    "t.conf:2: compile: more than 16 COMMAND words" },
	{ "compile cobol cobc main.cob",
	    "t.conf:2: compile: \"cobol\" is not a configured language "
	    "(configured: python, javascript, ruby, pypy, bash, perl, php, "
	    "lua, c, cpp, go, rust, java, typescript)" },
	{ "compile py python3 -m py_compile main.py",
	    "t.conf:2: compile: \"py\" is not a configured language" },
	{ "override python", "t.conf:2: override: missing value (usage: "
	    "override NAME DIRECTIVE VALUE...)" },
	{ "override python timeout_ms", "t.conf:2: override: missing value" },
	{ "override python timeout_ms 1 max 2 max",
	    "t.conf:2: override: too many values" },
	{ "override Python timeout_ms 100",
	    "t.conf:2: override: NAME must be at most 31 of the characters" },
	{ "override python pids_limit 8",
	    "t.conf:2: override: \"pids_limit\" cannot be overridden "
	    "(DIRECTIVE is timeout_ms, memory_mb, compile_timeout_ms, "
	    "compile_memory_mb or tmpfs_mb)" },
	{ "override python language x",
	    "t.conf:2: override: \"language\" cannot be overridden" },
	{ "override python timeout_ms 0",
	    "t.conf:2: override: python timeout_ms: default must be an "
	    "integer from 1 to 600000" },
	{ "override python timeout_ms 600001",
	    "t.conf:2: override: python timeout_ms: default must be" },
	{ "override python timeout_ms 500 max 499",
	    "t.conf:2: override: python timeout_ms: max must be an integer "
	    "from the default (500) to 600000" },
	{ "override python timeout_ms 500 upto 600",
	    "t.conf:2: override: python timeout_ms: expected \"timeout_ms MS "
	    "[max MS]\"" },
	{ "override python timeout_ms 500 max",
	    "t.conf:2: override: python timeout_ms: expected" },
	{ "override python memory_mb 15",
	    "t.conf:2: override: python memory_mb: default must be an integer "
	    "from 16 to 65536" },
	{ "override python memory_mb 64 max 65537",
	    "t.conf:2: override: python memory_mb: max must be" },
	{ "override python compile_timeout_ms 0",
	    "t.conf:2: override: python compile_timeout_ms: default must be "
	    "an integer from 1 to 600000" },
	{ "override python compile_timeout_ms 10 max 600001",
	    "t.conf:2: override: python compile_timeout_ms: max must be" },
	{ "override python compile_memory_mb 15",
	    "t.conf:2: override: python compile_memory_mb: default must be an "
	    "integer from 16 to 65536" },
	{ "override python compile_memory_mb 64 max 32",
	    "t.conf:2: override: python compile_memory_mb: max must be" },
	{ "override python tmpfs_mb 0",
	    "t.conf:2: override: python tmpfs_mb: must be an integer from 1 to "
	    "65536" },
	{ "override python tmpfs_mb 65537",
	    "t.conf:2: override: python tmpfs_mb: must be" },
	{ "override python tmpfs_mb 16 max 32",
	    "t.conf:2: override: python tmpfs_mb: expected \"tmpfs_mb MB\"" },
	{ "override cobol timeout_ms 100",
	    "t.conf:2: override: \"cobol\" is not a configured language "
	    "(configured: python, javascript, ruby, pypy, bash, perl, php, "
	    "lua, c, cpp, go, rust, java, typescript)" },
	{ "override py timeout_ms 100",
	    "t.conf:2: override: \"py\" is not a configured language" },
	{ "docker_socket /a\001b", "t.conf:2: control character 0x01" },
	{ "docker_socket /a\rb", "t.conf:2: control character 0x0d" },
};

static void
test_bad_lines(void)
{
	struct config	 cfg;
	struct err	 e;
	char		 text[2048];
	size_t		 i;

	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		snprintf(text, sizeof(text), "# line 1\n%s\nmax_running 3\n",
		    bad_lines[i].line);
		ok(parse_text(&cfg, text, &e) == -1 && e.code == ERR_INTERNAL &&
		    strncmp(e.msg, bad_lines[i].want,
		    strlen(bad_lines[i].want)) == 0,
		    "bad line \"%.40s\" is refused with \"%s\"",
		    bad_lines[i].line, bad_lines[i].want);
		if (strncmp(e.msg, bad_lines[i].want,
		    strlen(bad_lines[i].want)) != 0)
			diag("got \"%s\"", e.msg);
	}
}

/*
 * http and http_playground take exactly "yes" or "no": each other word a
 * reader might mean one of them by is refused, naming the file, the line
 * and the two words.
 */
static void
test_yesno(void)
{
	static const char *const names[] = { "http", "http_playground" };
	static const char *const refused[] = { "on", "off", "1", "0", "Yes",
	    "NO", "true", "y", "yes,", "\"yes\"" };
	struct config	 cfg;
	struct err	 e;
	char		 text[128], want[128];
	size_t		 i, j;
	int		*v;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v = i == 0 ? &cfg.http : &cfg.http_playground;
		(void)snprintf(text, sizeof(text), "%s yes\n", names[i]);
		ok(parse_text(&cfg, text, &e) == 0 && *v == 1,
		    "%s yes is read as 1", names[i]);
		(void)snprintf(text, sizeof(text), "%s no\n", names[i]);
		ok(parse_text(&cfg, text, &e) == 0 && *v == 0,
		    "%s no is read as 0", names[i]);
		(void)snprintf(text, sizeof(text), "%s\tyes # on\n",
		    names[i]);
		ok(parse_text(&cfg, text, &e) == 0 && *v == 1,
		    "%s yes after a tab, before a comment, is read", names[i]);
		for (j = 0; j < sizeof(refused) / sizeof(refused[0]); j++) {
			(void)snprintf(text, sizeof(text), "# line 1\n%s %s\n",
			    names[i], refused[j]);
			(void)snprintf(want, sizeof(want), "t.conf:2: %s: must "
			    "be \"yes\" or \"no\"", names[i]);
			if (!ok(parse_text(&cfg, text, &e) == -1 &&
			    e.code == ERR_INTERNAL && strcmp(e.msg, want) == 0,
			    "%s %s is refused, naming the file, the line and "
			    "\"yes\" or \"no\"", names[i], refused[j]))
				diag("got \"%s\"", e.msg);
		}
		(void)snprintf(text, sizeof(text), "%s\n", names[i]);
		(void)snprintf(want, sizeof(want), "t.conf:1: %s: missing value "
		    "(usage: %s yes|no)", names[i], names[i]);
		if (!ok(parse_text(&cfg, text, &e) == -1 &&
		    strcmp(e.msg, want) == 0,
		    "%s without a value is refused with its usage", names[i]))
			diag("got \"%s\"", e.msg);
		(void)snprintf(text, sizeof(text), "%s yes no\n", names[i]);
		(void)snprintf(want, sizeof(want), "t.conf:1: %s: too many "
		    "values (usage: %s yes|no)", names[i], names[i]);
		if (!ok(parse_text(&cfg, text, &e) == -1 &&
		    strcmp(e.msg, want) == 0,
		    "%s yes with an extra word is refused with its usage",
		    names[i]))
			diag("got \"%s\"", e.msg);
		(void)snprintf(text, sizeof(text), "%s yes\n%s yes\n",
		    names[i], names[i]);
		(void)snprintf(want, sizeof(want), "t.conf:2: %s: already set "
		    "on line 1", names[i]);
		ok(parse_text(&cfg, text, &e) == -1 &&
		    strcmp(e.msg, want) == 0,
		    "%s given twice is refused, naming the first line",
		    names[i]);
	}
	ok(parse_text(&cfg, "http_playground yes\nhttp no\n", &e) == 0 &&
	    cfg.http == 0 && cfg.http_playground == 1,
	    "http and http_playground are read each on its own, in any order");
}

/* max_header_bytes: CONFIG_HEADER_BYTES_MIN..MAX, ends included. */
static void
test_header_bytes(void)
{
	struct config	cfg;
	struct err	e;
	char		text[64];

	is_int(CONFIG_HEADER_BYTES_MIN, 1024, "CONFIG_HEADER_BYTES_MIN is 1024");
	is_int(CONFIG_HEADER_BYTES_MAX, 65536,
	    "CONFIG_HEADER_BYTES_MAX is 65536");
	(void)snprintf(text, sizeof(text), "max_header_bytes %d\n",
	    CONFIG_HEADER_BYTES_MIN);
	ok(parse_text(&cfg, text, &e) == 0 &&
	    cfg.max_header_bytes == CONFIG_HEADER_BYTES_MIN,
	    "max_header_bytes at CONFIG_HEADER_BYTES_MIN is accepted");
	(void)snprintf(text, sizeof(text), "max_header_bytes %d\n",
	    CONFIG_HEADER_BYTES_MIN - 1);
	ok(parse_text(&cfg, text, &e) == -1 && strcmp(e.msg, "t.conf:1: "
	    "max_header_bytes: must be an integer from 1024 to 65536") == 0,
	    "max_header_bytes one below CONFIG_HEADER_BYTES_MIN is refused, "
	    "giving the range");
	(void)snprintf(text, sizeof(text), "max_header_bytes %d\n",
	    CONFIG_HEADER_BYTES_MAX);
	ok(parse_text(&cfg, text, &e) == 0 &&
	    cfg.max_header_bytes == CONFIG_HEADER_BYTES_MAX,
	    "max_header_bytes at CONFIG_HEADER_BYTES_MAX is accepted");
	(void)snprintf(text, sizeof(text), "max_header_bytes %d\n",
	    CONFIG_HEADER_BYTES_MAX + 1);
	ok(parse_text(&cfg, text, &e) == -1 && strcmp(e.msg, "t.conf:1: "
	    "max_header_bytes: must be an integer from 1024 to 65536") == 0,
	    "max_header_bytes one above CONFIG_HEADER_BYTES_MAX is refused, "
	    "giving the range");
	ok(parse_text(&cfg, "max_header_bytes 0\n", &e) == -1,
	    "max_header_bytes 0 is refused");
	ok(parse_text(&cfg, "max_header_bytes -8192\n", &e) == -1,
	    "a negative max_header_bytes is refused");
	ok(parse_text(&cfg, "max_header_bytes 2048\nmax_request_bytes 64\n"
	    "max_code_bytes 64\n", &e) == 0 && cfg.max_header_bytes == 2048,
	    "max_header_bytes may exceed max_request_bytes: the two bound "
	    "different things");
}

static void
test_file_level(void)
{
	struct config	 cfg;
	struct err	 e;
	char		*text;
	size_t		 n;

	n = CONFIG_LINE_MAX + 64;
	if ((text = malloc(n)) == NULL)
		bail("out of memory");
	/* "docker_socket /" and slashes up to exactly CONFIG_LINE_MAX. */
	memset(text, '/', n);
	memcpy(text, "state_file ", 11);
	text[CONFIG_LINE_MAX] = '\0';
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strstr(e.msg, "longer than 255") != NULL,
	    "a line of exactly CONFIG_LINE_MAX bytes is read (then its value "
	    "is refused)");
	text[CONFIG_LINE_MAX] = '/';
	text[CONFIG_LINE_MAX + 1] = '\0';
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strcmp(e.msg, "t.conf:1: line longer than 1024 bytes") == 0,
	    "a line over CONFIG_LINE_MAX bytes is refused");
	memcpy(text, "# ", 2);
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strncmp(e.msg, "t.conf:1: line longer", 21) == 0,
	    "a comment line over CONFIG_LINE_MAX bytes is refused too");
	free(text);

	ok(parse_text(&cfg, "max_running 3\nmax_running 4\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:2: max_running: already set on line 1") ==
	    0, "a directive given twice is refused, naming the first line");
	ok(parse_text(&cfg, "max_request_bytes 1000\n", &e) == -1 &&
	    strncmp(e.msg, "t.conf:1: max_request_bytes: 262144 is larger",
	    45) == 0, "max_code_bytes over max_request_bytes is refused");
	ok(parse_text(&cfg, "max_request_bytes 1000\nmax_code_bytes 1000\n",
	    &e) == 0, "max_code_bytes equal to max_request_bytes is accepted");
	ok(parse_text(&cfg, "max_running 3#no space before the comment\n",
	    &e) == 0 && cfg.max_running == 3,
	    "a '#' right after a value starts a comment");
	ok(parse_text(&cfg, "  \t max_running\t\t5   \n", &e) == 0 &&
	    cfg.max_running == 5, "leading and trailing blanks are ignored");
	ok(parse_bytes(&cfg, "max_running 5\nmax_r\0unning 6\n", 27, &e) ==
	    -1 && strcmp(e.msg, "t.conf:2: control character 0x00") == 0,
	    "a NUL byte in a line is refused");
}

static void
test_allow(void)
{
	struct config	cfg;
	struct err	e;
	char		text[4096];
	size_t		i, n;

	ok(parse_text(&cfg, "allow 192.0.2.0/24\n", &e) == 0 &&
	    cfg.nallow == 1 && cfg.allow[0].family == AF_INET &&
	    cfg.allow[0].prefix == 24,
	    "the first allow line replaces the default allow-list");
	ok(parse_text(&cfg, "allow 192.0.2.0/24\nallow 198.51.100.7\n"
	    "allow fd00::/8\n", &e) == 0 && cfg.nallow == 3 &&
	    cfg.allow[1].prefix == 32 && cfg.allow[2].family == AF_INET6,
	    "further allow lines append");
	n = 0;
	for (i = 0; i <= CONFIG_MAX_CIDRS; i++)
		n += snprintf(text + n, sizeof(text) - n,
		    "allow 10.0.%zu.0/24\n", i);
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strcmp(e.msg, "t.conf:65: allow: more than 64 entries") == 0,
	    "more than CONFIG_MAX_CIDRS allow lines are refused");
	text[n - strlen("allow 10.0.64.0/24\n")] = '\0';
	ok(parse_text(&cfg, text, &e) == 0 && cfg.nallow == CONFIG_MAX_CIDRS,
	    "CONFIG_MAX_CIDRS allow lines are accepted");
	ok(parse_text(&cfg, "trusted_proxy 10.0.0.1\n", &e) == 0 &&
	    cfg.nallow == 2 && cfg.ntrusted_proxy == 1,
	    "trusted_proxy leaves the allow-list alone");
}

static void
test_languages(void)
{
	struct config	cfg;
	struct err	e;
	char		text[4096];
	size_t		i;
	int		n;

	ok(parse_text(&cfg, "language python py:3 run.py python3 run.py\n",
	    &e) == 0 && cfg.nlanguages == 1 &&
	    strcmp(cfg.languages[0].image, "py:3") == 0 &&
	    config_language(&cfg, "ruby") == NULL,
	    "the first language line replaces the default languages");
	ok(parse_text(&cfg, "language python p main.py python3 main.py\n"
	    "language lua l main.lua lua main.lua\n", &e) == 0 &&
	    cfg.nlanguages == 2, "further language lines append");
	ok(parse_text(&cfg, "language python p main.py python3\n"
	    "language python q main.py python3\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:2: language: \"python\" is defined twice") ==
	    0, "a language defined twice is refused");
	n = 0;
	for (i = 0; i < CONFIG_MAX_LANGUAGES + 1; i++)
		n += snprintf(text + n, sizeof(text) - n,
		    "language l%zu img f sh\n", i);
	n += snprintf(text + n, sizeof(text) - n, "default_language l0\n");
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strstr(e.msg, "t.conf:33: language: more than 32") != NULL,
	    "more than CONFIG_MAX_LANGUAGES languages are refused");
	ok(parse_text(&cfg, "default_language py\nlanguage py img main.py 1 2 "
	    "3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", &e) == 0 &&
	    cfg.languages[0].ncommand == CONFIG_MAX_COMMAND &&
	    strcmp(cfg.languages[0].command[15], "16") == 0,
	    "a COMMAND of CONFIG_MAX_COMMAND words is accepted");
	memset(text, 'x', sizeof(text));
	memcpy(text, "default_language py\nlanguage py img main.py ", 44);
	text[44 + CONFIG_WORD_MAX] = '\0';
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strstr(e.msg, "t.conf:2: language: COMMAND word 1 is longer than "
	    "127") != NULL,
	    "a COMMAND word of CONFIG_WORD_MAX bytes is refused");
	text[44 + CONFIG_WORD_MAX - 1] = '\0';
	ok(parse_text(&cfg, text, &e) == 0,
	    "a COMMAND word of CONFIG_WORD_MAX - 1 bytes is accepted");
}

static void
test_default_language(void)
{
	struct config	cfg;
	struct err	e;

	ok(parse_text(&cfg, "default_language cobol\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:1: default_language: \"cobol\" is not a "
	    "configured language (configured: python, javascript, ruby, pypy, "
	    "bash, perl, php, lua, c, cpp, go, rust, java, typescript)") == 0,
	    "a default_language that is not configured is refused");
	ok(parse_text(&cfg, "language ruby r main.rb ruby main.rb\n", &e) ==
	    -1 && strncmp(e.msg, "t.conf: default_language: the default "
	    "\"python\"", 45) == 0,
	    "languages without the built-in default need a default_language");
	ok(parse_text(&cfg, "language ruby r main.rb ruby main.rb\n"
	    "default_language ruby\n", &e) == 0,
	    "a default_language among the configured languages is accepted");
	ok(parse_text(&cfg, "default_language ruby\nlanguage ruby r main.rb "
	    "ruby main.rb\n", &e) == 0,
	    "default_language may come before the language lines");
}

static void
test_aliases(void)
{
	struct config	 cfg;
	struct err	 e;
	const struct language *py, *js;
	size_t		 i, n;

	config_defaults(&cfg);
	py = config_language(&cfg, "python");
	js = config_language(&cfg, "javascript");
	/* The first default languages; more may follow. */
	ok(cfg.naliases >= 4 && strcmp(cfg.aliases[0].name, "py") == 0 &&
	    strcmp(cfg.aliases[0].language, "python") == 0 &&
	    strcmp(cfg.aliases[1].name, "js") == 0 &&
	    strcmp(cfg.aliases[1].language, "javascript") == 0 &&
	    strcmp(cfg.aliases[2].name, "node") == 0 &&
	    strcmp(cfg.aliases[2].language, "javascript") == 0 &&
	    strcmp(cfg.aliases[3].name, "rb") == 0 &&
	    strcmp(cfg.aliases[3].language, "ruby") == 0,
	    "defaults: py is python, js and node javascript, rb ruby");
	for (i = 0, n = 0; i < cfg.naliases; i++)
		if (config_language(&cfg, cfg.aliases[i].language) != NULL &&
		    config_language(&cfg, cfg.aliases[i].name) == NULL)
			n++;
	is_int(n, cfg.naliases, "defaults: every default alias is of a "
	    "configured language and is not one");
	ok(config_language_or_alias(&cfg, "py") == py,
	    "config_language_or_alias finds python by its alias py");
	ok(config_language_or_alias(&cfg, "node") == js &&
	    config_language_or_alias(&cfg, "js") == js,
	    "config_language_or_alias finds javascript by js and by node");
	ok(config_language_or_alias(&cfg, "python") == py,
	    "config_language_or_alias finds a language by its name");
	ok(config_language_or_alias(&cfg, "PY") == NULL &&
	    config_language_or_alias(&cfg, "cobol") == NULL &&
	    config_language_or_alias(&cfg, NULL) == NULL,
	    "config_language_or_alias returns NULL for what is neither "
	    "(PY, cobol, NULL)");
	ok(config_language(&cfg, "py") == NULL,
	    "config_language does not take an alias");
	n = cfg.naliases;
	ok(parse_text(&cfg, "# nothing\n", &e) == 0 && cfg.naliases == n &&
	    config_language_or_alias(&cfg, "rb") == config_language(&cfg,
	    "ruby"), "a file without alias lines keeps the default aliases");

	ok(parse_text(&cfg, "language ruby r main.rb ruby main.rb\n"
	    "default_language ruby\n", &e) == 0 && cfg.naliases == 1 &&
	    strcmp(cfg.aliases[0].name, "rb") == 0 &&
	    config_language_or_alias(&cfg, "py") == NULL,
	    "a default alias applies only when its language is configured");
	if (!ok(parse_text(&cfg, "language rust r main.rs sh x\n"
	    "language go g main.go sh x\nlanguage cpp c main.cc sh x\n"
	    "language bash b main.sh bash main.sh\n"
	    "language typescript t main.ts sh x\n"
	    "language javascript j main.js node main.js\n"
	    "default_language go\n", &e) == 0, "the languages to come are "
	    "accepted"))
		diag("%s", e.msg);
	ok(cfg.naliases == 7 && strcmp(cfg.aliases[0].name, "rs") == 0 &&
	    strcmp(cfg.aliases[1].name, "golang") == 0 &&
	    strcmp(cfg.aliases[2].name, "c++") == 0 &&
	    strcmp(cfg.aliases[3].name, "sh") == 0 &&
	    strcmp(cfg.aliases[4].name, "ts") == 0 &&
	    strcmp(cfg.aliases[5].name, "js") == 0 &&
	    strcmp(cfg.aliases[6].name, "node") == 0,
	    "their default aliases rs, golang, c++, sh, ts apply, in the "
	    "languages' order");
	ok(config_language_or_alias(&cfg, "c++") == config_language(&cfg,
	    "cpp") && config_language_or_alias(&cfg, "golang") ==
	    config_language(&cfg, "go"), "c++ is cpp and golang is go");
	ok(parse_text(&cfg, "language python p main.py python3 main.py\n"
	    "language py q main.py python3 main.py\n", &e) == 0 &&
	    cfg.naliases == 0 && config_language_or_alias(&cfg, "py") ==
	    &cfg.languages[1],
	    "a default alias that is a configured language's name is left out");

	if (!ok(parse_text(&cfg, "alias python py3 p\n", &e) == 0,
	    "an alias line is accepted"))
		diag("%s", e.msg);
	ok(cfg.naliases == 2 && config_language_or_alias(&cfg, "p") ==
	    config_language(&cfg, "python") &&
	    config_language_or_alias(&cfg, "py3") == config_language(&cfg,
	    "python"), "an alias line gives its language every alias on it");
	ok(config_language_or_alias(&cfg, "py") == NULL &&
	    config_language_or_alias(&cfg, "js") == NULL,
	    "the first alias line replaces the default aliases");
	ok(parse_text(&cfg, "alias python py\nalias ruby rb\n"
	    "alias python py3\n", &e) == 0 && cfg.naliases == 3 &&
	    strcmp(cfg.aliases[2].name, "py3") == 0,
	    "alias lines repeat, for one language or several");
	ok(parse_text(&cfg, "alias lua l\nlanguage lua img main.lua lua "
	    "main.lua\ndefault_language lua\n", &e) == 0 &&
	    config_language_or_alias(&cfg, "l") == &cfg.languages[0],
	    "an alias line may come before its language's line");
	ok(parse_text(&cfg, "language py q main.py python3 main.py\n"
	    "default_language py\nalias py python\n", &e) == 0 &&
	    config_language_or_alias(&cfg, "python") == &cfg.languages[0],
	    "a default language's name is free as an alias when that "
	    "language is not configured");
}

static void
test_alias_errors(void)
{
	struct config	cfg;
	struct err	e;
	char		text[4096];
	size_t		i;
	int		n;

	ok(parse_text(&cfg, "alias python py\nalias ruby py\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:2: alias: \"py\" is already an alias, on "
	    "line 1") == 0,
	    "an alias given to two languages is refused, naming the first line");
	ok(parse_text(&cfg, "alias ruby rb\nlanguage ruby r main.rb ruby\n"
	    "language lua l main.lua lua\nalias lua ruby\n"
	    "default_language lua\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:4: alias: \"ruby\" is the name of a "
	    "configured language") == 0,
	    "an alias that is a configured language's name is refused, "
	    "naming its line");
	ok(parse_text(&cfg, "alias python py\nlanguage ruby r main.rb ruby\n"
	    "default_language ruby\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:1: alias: \"python\" is not a configured "
	    "language (configured: ruby)") == 0,
	    "an alias of a language the language lines dropped is refused");
	ok(parse_text(&cfg, "alias py py3\n", &e) == -1 &&
	    strncmp(e.msg, "t.conf:1: alias: \"py\" is not a configured "
	    "language", 50) == 0,
	    "an alias of an alias is refused");
	n = 0;
	for (i = 0; i < CONFIG_MAX_ALIASES + 1; i++)
		n += snprintf(text + n, sizeof(text) - n, "alias python p%zu\n",
		    i);
	ok(parse_text(&cfg, text, &e) == -1 &&
	    strcmp(e.msg, "t.conf:65: alias: more than 64 aliases") == 0,
	    "more than CONFIG_MAX_ALIASES aliases are refused");
	text[n - strlen("alias python p64\n")] = '\0';
	ok(parse_text(&cfg, text, &e) == 0 &&
	    cfg.naliases == CONFIG_MAX_ALIASES,
	    "CONFIG_MAX_ALIASES aliases are accepted");
	ok(parse_text(&cfg, "alias python a b d e f g h i j k l m n o p q\n",
	    &e) == 0 && cfg.naliases == 16,
	    "16 aliases on one line are accepted");
}

/* More aliases of one language than one line holds print on several. */
static void
test_alias_print_long(void)
{
	struct config	 a, b;
	struct err	 e;
	char		 text[4096], *out = NULL;
	size_t		 i, outlen = 0;
	int		 n = 0;
	FILE		*fp;

	for (i = 0; i < CONFIG_MAX_ALIASES; i++)
		n += snprintf(text + n, sizeof(text) - n, "alias python p%zu\n",
		    i);
	if (!ok(parse_text(&a, text, &e) == 0, "64 alias lines of python are "
	    "accepted"))
		diag("%s", e.msg);
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&a, fp);
	fclose(fp);
	ok(strstr(out, " p15\nalias    python     p16 ") != NULL &&
	    strstr(out, " p47\nalias    python     p48 ") != NULL,
	    "config_print starts a new alias line after 16 aliases");
	if (!ok(parse_text(&b, out, &e) == 0 && memcmp(&a, &b, sizeof(a)) ==
	    0, "and what it prints parses back to the same configuration"))
		diag("%s", e.msg);
	free(out);
}

static void
test_alias_print(void)
{
	struct config	 a, b;
	struct err	 e;
	char		*out = NULL;
	size_t		 outlen = 0;
	FILE		*fp;

	config_defaults(&a);
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&a, fp);
	fclose(fp);
	ok(strstr(out, "\nalias    python     py\n"
	    "alias    javascript js node\n"
	    "alias    ruby       rb\n") != NULL,
	    "config_print prints the default aliases, one line per language");
	free(out);

	if (!ok(parse_text(&a, "alias ruby rb\nalias python py3 p\n"
	    "alias ruby r\n", &e) == 0, "interleaved alias lines are accepted"))
		diag("%s", e.msg);
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&a, fp);
	fclose(fp);
	ok(strstr(out, "\nalias    ruby       rb\n"
	    "alias    python     py3 p\n"
	    "alias    ruby       r\n") != NULL,
	    "config_print prints aliases in the order given");
	ok(parse_text(&b, out, &e) == 0 && memcmp(&a, &b, sizeof(a)) == 0,
	    "printed aliases parse back to the same configuration");
	free(out);

	ok(parse_text(&a, "language lua l main.lua lua\n"
	    "default_language lua\n", &e) == 0 && a.naliases == 0,
	    "languages without default aliases have none");
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&a, fp);
	fclose(fp);
	ok(strstr(out, "alias") == NULL, "config_print prints no alias line "
	    "then");
	free(out);
}

static void
test_compile(void)
{
	struct config		 cfg;
	struct err		 e;
	const struct language	*l;
	char			 text[4096];
	size_t			 i;
	int			 n;

	if (!ok(parse_text(&cfg, "compile rust rustc -O -o main main.rs\n"
	    "language python runbox-python main.py python3 -u main.py\n"
	    "language rust runbox-rust main.rs ./main\n", &e) == 0,
	    "a compile line before its language's line is accepted"))
		diag("%s", e.msg);
	l = config_language(&cfg, "rust");
	ok(l != NULL && l->ncompile == 5 &&
	    strcmp(l->compile[0], "rustc") == 0 &&
	    strcmp(l->compile[4], "main.rs") == 0 && l->ncommand == 1,
	    "the compile command goes into its language, word by word");
	ok(l != NULL && config_compiled(l),
	    "config_compiled: a language with a compile line compiles");
	l = config_language(&cfg, "python");
	ok(l != NULL && l->ncompile == 0 && !config_compiled(l),
	    "config_compiled: a language without one does not");

	ok(parse_text(&cfg, "compile python python3 -m py_compile main.py\n",
	    &e) == 0 && (l = config_language(&cfg, "python")) != NULL &&
	    l->ncompile == 4 && config_compiled(l),
	    "a default language may have a compile line");
	ok(parse_text(&cfg, "compile python python3 -m py_compile main.py\n"
	    "language ruby r main.rb ruby main.rb\n"
	    "default_language ruby\n", &e) == -1 && strcmp(e.msg,
	    "t.conf:1: compile: \"python\" is not a configured language "
	    "(configured: ruby)") == 0,
	    "a compile line of a default language the language lines "
	    "replaced is refused, naming its line");
	ok(parse_text(&cfg, "compile ruby ruby -c main.rb\n"
	    "compile python python3 -m py_compile main.py\n"
	    "compile ruby ruby -wc main.rb\n", &e) == -1 && strcmp(e.msg,
	    "t.conf:3: compile: \"ruby\" has a compile line already, on "
	    "line 1") == 0,
	    "a second compile line for one language is refused, naming the "
	    "first");
	ok(parse_text(&cfg, "compile python 1 2 3 4 5 6 7 8 9 10 11 12 13 14 "
	    "15 16\n", &e) == 0 && cfg.languages[0].ncompile ==
	    CONFIG_MAX_COMMAND && strcmp(cfg.languages[0].compile[15],
	    "16") == 0, "a compile COMMAND of CONFIG_MAX_COMMAND words is "
	    "accepted");
	memset(text, 'x', sizeof(text));
	memcpy(text, "compile python ", 15);
	text[15 + CONFIG_WORD_MAX] = '\0';
	ok(parse_text(&cfg, text, &e) == -1 && strcmp(e.msg, "t.conf:1: "
	    "compile: COMMAND word 1 is longer than 127 bytes") == 0,
	    "a compile word of CONFIG_WORD_MAX bytes is refused");
	text[15 + CONFIG_WORD_MAX - 1] = '\0';
	ok(parse_text(&cfg, text, &e) == 0 &&
	    strlen(cfg.languages[0].compile[0]) == CONFIG_WORD_MAX - 1,
	    "a compile word of CONFIG_WORD_MAX - 1 bytes is accepted");

	/* One compile line for each of CONFIG_MAX_LANGUAGES languages. */
	n = 0;
	for (i = 0; i < CONFIG_MAX_LANGUAGES; i++)
		n += snprintf(text + n, sizeof(text) - n, "language l%zu i f "
		    "sh\ncompile l%zu cc\n", i, i);
	n += snprintf(text + n, sizeof(text) - n, "default_language l0\n");
	ok(parse_text(&cfg, text, &e) == 0 &&
	    cfg.languages[CONFIG_MAX_LANGUAGES - 1].ncompile == 1,
	    "every one of CONFIG_MAX_LANGUAGES languages may compile");
	(void)snprintf(text + n, sizeof(text) - n, "compile l32 cc\n");
	ok(parse_text(&cfg, text, &e) == -1 && strcmp(e.msg, "t.conf:66: "
	    "compile: more than 32 compile lines (one per language)") == 0,
	    "one compile line more than there can be languages is refused");
}

static void
test_override(void)
{
	struct config		 cfg;
	struct err		 e;
	const struct language	*py, *rb;

	if (!ok(parse_text(&cfg, "override python timeout_ms 100 max 200\n"
	    "override ruby tmpfs_mb 256\n"
	    "override ruby compile_memory_mb 128\n", &e) == 0,
	    "override lines are accepted"))
		diag("%s", e.msg);
	py = config_language(&cfg, "python");
	rb = config_language(&cfg, "ruby");
	limits_are(py, "override timeout_ms", 100, 200, 64, 512, 10000, 30000,
	    512, 1024, 16);
	limits_are(rb, "override tmpfs_mb and compile_memory_mb", 3000, 10000,
	    64, 512, 10000, 30000, 128, 128, 256);
	limits_are(config_language(&cfg, "lua"), "no override", 3000, 10000,
	    64, 512, 10000, 30000, 512, 1024, 16);
	ok(py != NULL && rb != NULL &&
	    py->overrides == CONFIG_OVERRIDE_TIMEOUT &&
	    rb->overrides == (CONFIG_OVERRIDE_TMPFS |
	    CONFIG_OVERRIDE_COMPILE_MEMORY),
	    "overrides records which limits the lines set");

	/* The globals, wherever they are, and the languages after. */
	if (!ok(parse_text(&cfg, "override python memory_mb 256 max 1024\n"
	    "override python compile_timeout_ms 5000 max 60000\n"
	    "timeout_ms 2000 max 4000\nmemory_mb 32 max 128\n"
	    "compile_timeout_ms 1000 max 2000\n"
	    "compile_memory_mb 64 max 256\ntmpfs_mb 8\n"
	    "language python runbox-python main.py python3 -u main.py\n"
	    "language java runbox-java Main.java java Main\n"
	    "override java tmpfs_mb 64\n", &e) == 0,
	    "overrides before the globals and the language lines are "
	    "accepted"))
		diag("%s", e.msg);
	limits_are(config_language(&cfg, "python"), "override over globals",
	    2000, 4000, 256, 1024, 5000, 60000, 64, 256, 8);
	limits_are(config_language(&cfg, "java"), "override over globals",
	    2000, 4000, 32, 128, 1000, 2000, 64, 256, 64);
	ok(parse_text(&cfg, "override python timeout_ms 100\n"
	    "override ruby timeout_ms 100 max 300\n"
	    "override python memory_mb 16\n", &e) == 0 &&
	    cfg.languages[0].timeout_ms.max == 100 &&
	    cfg.languages[0].memory_mb.def == 16 &&
	    cfg.languages[0].memory_mb.max == 16 &&
	    cfg.languages[2].timeout_ms.max == 300,
	    "without max, an override's maximum is its default; one "
	    "directive may be overridden for several languages");
	ok(parse_text(&cfg, "override python timeout_ms 600000 max 600000\n"
	    "override python memory_mb 65536 max 65536\n"
	    "override python tmpfs_mb 65536\n", &e) == 0 &&
	    cfg.languages[0].timeout_ms.def == 600000 &&
	    cfg.languages[0].memory_mb.max == 65536 &&
	    cfg.languages[0].tmpfs_mb == 65536,
	    "overrides at the bounds' most are accepted");
	ok(parse_text(&cfg, "override python timeout_ms 20000 max 30000\n",
	    &e) == 0 && cfg.timeout_ms == 3000 && cfg.timeout_max_ms == 10000,
	    "an override above the global maximum is accepted and leaves "
	    "the global alone");
}

static void
test_override_errors(void)
{
	struct config	cfg;
	struct err	e;

	ok(parse_text(&cfg, "override python timeout_ms 100\n"
	    "override ruby timeout_ms 100\n"
	    "override python timeout_ms 200 max 300\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:3: override: python timeout_ms: already "
	    "set on line 1") == 0,
	    "the same language and directive twice is refused, naming the "
	    "first line");
	ok(parse_text(&cfg, "override python tmpfs_mb 32\n"
	    "override python tmpfs_mb 32\n", &e) == -1 &&
	    strcmp(e.msg, "t.conf:2: override: python tmpfs_mb: already set "
	    "on line 1") == 0, "even with the same value");
	ok(parse_text(&cfg, "language ruby r main.rb ruby main.rb\n"
	    "default_language ruby\noverride python memory_mb 64\n", &e) ==
	    -1 && strcmp(e.msg, "t.conf:3: override: \"python\" is not a "
	    "configured language (configured: ruby)") == 0,
	    "an override of a default language the language lines replaced "
	    "is refused, naming its line");
	ok(parse_text(&cfg, "override python timeout_ms 100\n"
	    "override python memory_mb 64\n"
	    "override python compile_timeout_ms 100\n"
	    "override python compile_memory_mb 64\n"
	    "override python tmpfs_mb 32\n", &e) == 0 &&
	    cfg.languages[0].overrides == (CONFIG_OVERRIDE_TIMEOUT |
	    CONFIG_OVERRIDE_MEMORY | CONFIG_OVERRIDE_COMPILE_TIMEOUT |
	    CONFIG_OVERRIDE_COMPILE_MEMORY | CONFIG_OVERRIDE_TMPFS),
	    "every directive once for one language is accepted");
}

struct cidr_case {
	const char	*in;
	int		 ok;
	const char	*out;	/* canonical form */
};

static const struct cidr_case cidr_cases[] = {
	{ "0.0.0.0/0", 1, "0.0.0.0/0" },
	{ "::/0", 1, "::/0" },
	{ "10.0.0.0/8", 1, "10.0.0.0/8" },
	{ "10.1.2.3/8", 1, "10.0.0.0/8" },
	{ "192.0.2.7", 1, "192.0.2.7/32" },
	{ "192.0.2.255/25", 1, "192.0.2.128/25" },
	{ "2001:db8::1", 1, "2001:db8::1/128" },
	{ "2001:DB8:0:0:1::ffff/64", 1, "2001:db8::/64" },
	{ "fe80::1/10", 1, "fe80::/10" },
	{ "::ffff:10.1.0.0/104", 1, "10.0.0.0/8" },
	{ "::ffff:192.0.2.1", 1, "192.0.2.1/32" },
	{ "::ffff:0:0/96", 1, "0.0.0.0/0" },
	{ "10.0.0.0/32", 1, "10.0.0.0/32" },
	{ "", 0, NULL },
	{ "/8", 0, NULL },
	{ "10.0.0.0/", 0, NULL },
	{ "10.0.0.0/33", 0, NULL },
	{ "10.0.0.0/-1", 0, NULL },
	{ "10.0.0.0/+8", 0, NULL },
	{ "10.0.0.0/ 8", 0, NULL },
	{ "10.0.0.0/08x", 0, NULL },
	{ "10.0.0.0/0008", 0, NULL },
	{ "10.0.0/8", 0, NULL },
	{ "10.0.0.256", 0, NULL },
	{ "010.0.0.1", 0, NULL },
	{ "::1/129", 0, NULL },
	{ "fe80::1%eth0", 0, NULL },
	{ "1:2:3:4:5:6:7:8:9", 0, NULL },
	{ "localhost", 0, NULL },
	{ "10.0.0.0/8/8", 0, NULL },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/8", 0,
	    NULL },
};

static void
test_cidr(void)
{
	struct cidr	c;
	char		a[INET6_ADDRSTRLEN], got[INET6_ADDRSTRLEN + 8];
	size_t		i;
	int		r;

	for (i = 0; i < sizeof(cidr_cases) / sizeof(cidr_cases[0]); i++) {
		r = cidr_parse(&c, cidr_cases[i].in);
		if (!cidr_cases[i].ok) {
			is_int(r, -1, "cidr_parse refuses \"%s\"",
			    cidr_cases[i].in);
			continue;
		}
		got[0] = '\0';
		if (r == 0 && inet_ntop(c.family, c.addr, a, sizeof(a)) != NULL)
			snprintf(got, sizeof(got), "%s/%d", a, c.prefix);
		is_string(got, cidr_cases[i].out,
		    "cidr_parse reads \"%s\" as %s", cidr_cases[i].in,
		    cidr_cases[i].out);
	}
}

static void
test_print_round_trip(void)
{
	static const char	text[] =
	    "docker_socket /x/docker.sock\n"
	    "keys_file /k\n"
	    "allow 10.9.0.0/16\n"
	    "allow ::ffff:1.2.3.4\n"
	    "allow 2001:db8::/48\n"
	    "trusted_proxy 127.0.0.1\n"
	    "rate_limit 7 per 1h\n"
	    "max_per_client 1\n"
	    "max_running 100\n"
	    "max_request_bytes 4096\n"
	    "max_code_bytes 4000\n"
	    "max_tests 256\n"
	    "read_timeout_ms 1\n"
	    "max_header_bytes 65536\n"
	    "http_playground yes\n"
	    "http no\n"
	    "timeout_ms 600000\n"
	    "memory_mb 16 max 65536\n"
	    "max_output_bytes 1\n"
	    "pids_limit 65536\n"
	    "cpus 0.5\n"
	    "tmpfs_mb 65536\n"
	    "runtime crun\n"
	    "pool_size 64\n"
	    "default_language sh\n"
	    "language sh busybox:1 main.sh sh main.sh --flag=1\n"
	    "language python runbox-python main.py python3 -u main.py\n"
	    "alias python py3\n"
	    "alias sh shell bourne\n"
	    "compile_timeout_ms 1 max 600000\n"
	    "compile_memory_mb 65536\n"
	    "compile python python3 -m py_compile main.py\n"
	    "override python tmpfs_mb 1\n"
	    "override sh compile_memory_mb 16 max 32\n"
	    "override python timeout_ms 7 max 9\n"
	    "override sh memory_mb 64\n"
	    "compile sh sh -n main.sh\n";
	struct config	 a, b, d;
	struct err	 e;
	char		*out = NULL;
	size_t		 outlen = 0;
	FILE		*fp;

	config_defaults(&d);
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&d, fp);
	fclose(fp);
	ok(parse_text(&a, out, &e) == 0 && (memcpy(a.path, d.path,
	    sizeof(a.path)), memcmp(&a, &d, sizeof(a)) == 0),
	    "the printed defaults parse back to the defaults");
	free(out);

	if (!ok(parse_text(&a, text, &e) == 0, "a varied config is accepted"))
		diag("%s", e.msg);
	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&a, fp);
	fclose(fp);
	ok(parse_text(&b, out, &e) == 0 && memcmp(&a, &b, sizeof(a)) == 0,
	    "config_print then config_parse gives the same configuration");
	ok(strstr(out, "allow             10.9.0.0/16\n") != NULL &&
	    strstr(out, "allow             1.2.3.4/32\n") != NULL &&
	    strstr(out, "allow             2001:db8::/48\n") != NULL,
	    "config_print prints networks in canonical form");
	ok(strstr(out, "cpus              0.5\n") != NULL,
	    "config_print prints cpus as a decimal");
	ok(strstr(out, "\nmax_code_bytes    4000\nmax_tests         256\n") !=
	    NULL, "config_print prints max_tests after max_code_bytes");
	ok(b.http == 0 && b.http_playground == 1 &&
	    b.max_header_bytes == 65536,
	    "http, http_playground and max_header_bytes read back");
	ok(strstr(out, "\nread_timeout_ms   1\nhttp              no\n"
	    "http_playground   yes\nmax_header_bytes  65536\n"
	    "timeout_ms ") != NULL,
	    "config_print prints http, http_playground and max_header_bytes "
	    "after read_timeout_ms, in the table's order, as yes or no and "
	    "bytes");
	ok(strstr(out, "rate_limit        7 per 3600s\n") != NULL,
	    "config_print prints the rate period in seconds");
	ok(strstr(out, "timeout_ms        600000 max 600000\n") != NULL,
	    "config_print prints timeout_ms with its max");
	ok(strstr(out, "main.sh  sh main.sh --flag=1\n") != NULL,
	    "config_print prints a language's command");
	ok(strstr(out, "alias    sh         shell bourne\n") != NULL,
	    "config_print prints a language's aliases");
	ok(strstr(out, "compile_timeout_ms 1 max 600000\n"
	    "compile_memory_mb 65536 max 65536\n") != NULL,
	    "config_print prints the compile limits with their max");
	ok(strstr(out, "\ncompile  sh         sh -n main.sh\n"
	    "override sh         memory_mb 64 max 64\n"
	    "override sh         compile_memory_mb 16 max 32\n"
	    "compile  python     python3 -m py_compile main.py\n"
	    "override python     timeout_ms 7 max 9\n"
	    "override python     tmpfs_mb 1\n") != NULL,
	    "config_print prints each language's compile line, then its "
	    "overrides, in the languages' order");
	ok(b.languages[1].ncompile == 4 && b.languages[1].overrides ==
	    (CONFIG_OVERRIDE_TIMEOUT | CONFIG_OVERRIDE_TMPFS) &&
	    b.languages[1].tmpfs_mb == 1 && b.languages[0].memory_mb.max == 64,
	    "the compile and override lines read back");
	free(out);

	if ((fp = open_memstream(&out, &outlen)) == NULL)
		bail("open_memstream failed");
	config_print(&d, fp);
	fclose(fp);
	ok(strstr(out, "\ncompile  c          sh "
	    "/usr/local/lib/runbox/compile-c\n") != NULL &&
	    strstr(out, "\noverride java       memory_mb 256 max 1024\n") !=
	    NULL && strstr(out, "compile  python") == NULL,
	    "config_print prints the defaults' compile and override lines, "
	    "and none for an interpreted language");
	ok(strstr(out, "\nhttp              yes\nhttp_playground   no\n"
	    "max_header_bytes  8192\n") != NULL,
	    "config_print prints the defaults http yes, http_playground no "
	    "and max_header_bytes 8192");
	free(out);
}

static void
test_load(void)
{
	struct config	 cfg;
	struct err	 e;
	char		 path[] = "/tmp/config-t.XXXXXX";
	int		 fd;
	static const char text[] = "max_running 9\nbogus\n";

	ok(config_load(&cfg, "/nonexistent/runbox.conf", &e) == -1 &&
	    e.code == ERR_INTERNAL && strcmp(e.msg,
	    "/nonexistent/runbox.conf: No such file or directory") == 0,
	    "a file that cannot be opened is refused with FILE: reason");
	if ((fd = mkstemp(path)) == -1)
		bail("mkstemp failed");
	if (write(fd, text, sizeof(text) - 1) != sizeof(text) - 1)
		bail("write failed");
	close(fd);
	ok(config_load(&cfg, path, &e) == -1 &&
	    strstr(e.msg, ":2: bogus: unknown directive") != NULL &&
	    strncmp(e.msg, path, strlen(path)) == 0,
	    "config_load names the file and line of an error");
	if ((fd = open(path, O_WRONLY | O_TRUNC)) == -1)
		bail("open failed");
	if (write(fd, text, 14) != 14)
		bail("write failed");
	close(fd);
	ok(config_load(&cfg, path, &e) == 0 && cfg.max_running == 9 &&
	    strcmp(cfg.path, path) == 0,
	    "config_load reads a file and records its path");
	unlink(path);
}

int
main(void)
{
	test_defaults();
	test_every_directive();
	test_bad_lines();
	test_yesno();
	test_header_bytes();
	test_file_level();
	test_allow();
	test_languages();
	test_default_language();
	test_aliases();
	test_alias_errors();
	test_alias_print();
	test_alias_print_long();
	test_compile();
	test_override();
	test_override_errors();
	test_cidr();
	test_print_round_trip();
	test_load();
	done_testing();
	return exit_status();
}
