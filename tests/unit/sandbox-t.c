/* sandbox-t: the create body carries every protection of docs/security.md. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "config.h"
#include "reap.h"
#include "request.h"
#include "sandbox.h"
#include "tap.h"

static cJSON *
get(cJSON *o, const char *path)
{
	char	 buf[128], *p, *save = NULL;

	strlcpy(buf, path, sizeof(buf));
	for (p = strtok_r(buf, ".", &save); p != NULL && o != NULL;
	    p = strtok_r(NULL, ".", &save))
		o = cJSON_GetObjectItemCaseSensitive(o, p);
	return o;
}

static int
has_string(cJSON *arr, const char *s)
{
	cJSON	*it;

	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
			return 1;
	return 0;
}

static double
ulimit(cJSON *arr, const char *name, const char *which)
{
	cJSON	*it, *n;

	cJSON_ArrayForEach(it, arr) {
		n = get(it, "Name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			return get(it, which)->valuedouble;
	}
	return -1;
}

int
main(void)
{
	struct config	 cfg;
	struct request	 req;
	cJSON		*b, *h, *cmd, *v;
	char		*text, *end, owner[REAP_OWNER_MAX];
	long long	 label;
	struct language	 lang;
	size_t		 i;

	config_defaults(&cfg);
	cfg.pids_limit = 50;
	/* A language's size is its own: config_load copies the global one. */
	for (i = 0; i < cfg.nlanguages; i++)
		cfg.languages[i].tmpfs_mb = 8;
	cfg.nano_cpus = 500000000;
	strlcpy(cfg.runtime, "crun", sizeof(cfg.runtime));
	memset(&req, 0, sizeof(req));
	req.language = config_language(&cfg, "python");
	req.code = "print(1)";
	req.code_len = 8;
	req.timeout_ms = 2000;
	req.memory_mb = 48;
	if (req.language == NULL)
		bail("the default config has no python");

	if (reap_owner_label(owner, sizeof(owner)) == -1)
		bail("no owner label for this process");
	text = sandbox_body(&cfg, req.language, req.memory_mb,
	    sandbox_reap_after(req.timeout_ms), owner, NULL);
	if (text == NULL || (b = cJSON_Parse(text)) == NULL)
		bail("no create body");
	h = get(b, "HostConfig");

	is_string(get(b, "Image")->valuestring, "runbox-python",
	    "the language's image is used");
	cmd = get(b, "Cmd");
	is_string(cJSON_GetArrayItem(cmd, 0)->valuestring, SANDBOX_HANDOFF,
	    "the command starts with runbox-handoff");
	is_string(cJSON_GetArrayItem(cmd, 1)->valuestring, "main.py",
	    "then the language's code file");
	is_string(cJSON_GetArrayItem(cmd, 2)->valuestring, "python3",
	    "then the language's command");
	ok(strstr(text, "print(1)") == NULL,
	    "the code is not in the create body (it goes over attach)");
	is_string(get(b, "User")->valuestring, SANDBOX_USER,
	    "the program runs as a non-root user");
	is_string(get(b, "WorkingDir")->valuestring, SANDBOX_WORKDIR,
	    "the working directory is the tmpfs");
	ok(cJSON_IsTrue(get(b, "NetworkDisabled")), "networking is disabled");
	is_string(get(h, "NetworkMode")->valuestring, "none",
	    "the network mode is none");
	ok(cJSON_IsTrue(get(h, "ReadonlyRootfs")), "the root is read-only");
	ok(strstr(get(h, "Tmpfs./tmp")->valuestring, "size=8m") != NULL,
	    "/tmp is a tmpfs of tmpfs_mb");
	ok(strstr(get(h, "Tmpfs./tmp")->valuestring, "nosuid") != NULL,
	    "the tmpfs is nosuid");
	ok(strstr(get(h, "Tmpfs./tmp")->valuestring, ",noexec,") != NULL,
	    "and noexec for a language that does not compile");
	is_int((long long)get(h, "ShmSize")->valuedouble, 8LL << 20,
	    "/dev/shm is no larger than the tmpfs");
	ok(has_string(get(h, "CapDrop"), "ALL"), "every capability is dropped");
	ok(has_string(get(h, "SecurityOpt"), "no-new-privileges"),
	    "no-new-privileges is set");
	is_int((long long)get(h, "Memory")->valuedouble, 48LL << 20,
	    "memory is the request's limit");
	is_int((long long)get(h, "MemorySwap")->valuedouble, 48LL << 20,
	    "memory+swap equals memory: no swap");
	is_int((long long)get(h, "PidsLimit")->valuedouble, 50,
	    "the pids limit is pids_limit");
	is_int((long long)get(h, "NanoCpus")->valuedouble, 500000000,
	    "the CPU share is cpus");
	is_int((long long)ulimit(get(h, "Ulimits"), "nofile", "Hard"),
	    SANDBOX_NOFILE, "open files are limited");
	is_int((long long)ulimit(get(h, "Ulimits"), "fsize", "Hard"),
	    8LL << 20, "a file can be no larger than the tmpfs");
	is_string(get(h, "LogConfig.Type")->valuestring, "none",
	    "no log driver writes output to the host disk");
	ok(cJSON_IsFalse(get(h, "Init")),
	    "no docker init: runbox-handoff is the init that reaps");
	is_string(get(h, "Runtime")->valuestring, "crun",
	    "the configured OCI runtime is used");
	ok(cJSON_IsString(get(b, "Labels.runbox")), "the container is labelled");
	label = strtoll(get(b, "Labels.runbox")->valuestring, &end, 10);
	ok(*end == '\0' && label > 1700000000,
	    "the label holds the reaper's deadline in epoch seconds");
	ok(label >= (long long)time(NULL) + 2 + SANDBOX_REAP_MARGIN_S &&
	    label <= (long long)time(NULL) + 15 + SANDBOX_REAP_MARGIN_S,
	    "the deadline is the run's timeout, the API time and a margin on");
	ok(cJSON_GetObjectItemCaseSensitive(get(b, "Labels"),
	    SANDBOX_POOL_LABEL) == NULL,
	    "a container made for one request has no pool label");
	v = cJSON_GetObjectItemCaseSensitive(get(b, "Labels"),
	    REAP_OWNER_LABEL);
	ok(cJSON_IsString(v) && strcmp(v->valuestring, owner) == 0,
	    "its runbox.owner label names the process that made it (%s)",
	    owner);
	ok(cJSON_IsTrue(get(b, "OpenStdin")) && cJSON_IsFalse(get(b, "Tty")),
	    "stdin is open for the handoff, without a terminal");
	cJSON_Delete(b);
	free(text);

	text = sandbox_body(&cfg, req.language, 64, 1234, NULL, "python");
	if (text == NULL || (b = cJSON_Parse(text)) == NULL)
		bail("no pool create body");
	is_string(get(b, "Labels.runbox")->valuestring, "1234",
	    "the deadline label is the one asked for");
	ok(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(get(b, "Labels"),
	    SANDBOX_POOL_LABEL)) &&
	    strcmp(cJSON_GetObjectItemCaseSensitive(get(b, "Labels"),
	    SANDBOX_POOL_LABEL)->valuestring,
	    "python") == 0, "a pool container is labelled with its language");
	ok(cJSON_GetObjectItemCaseSensitive(get(b, "Labels"),
	    REAP_OWNER_LABEL) == NULL, "and names no owner: it outlives the "
	    "process that starts it, and the pool table says who claims it");
	is_int((long long)get(b, "HostConfig.Memory")->valuedouble,
	    64LL * 1024 * 1024, "the memory limit is the one asked for");
	cJSON_Delete(b);
	free(text);

	/* A compiled language: -c N, the compile words, then COMMAND. */
	lang = *req.language;
	strlcpy(lang.compile[0], "cc", sizeof(lang.compile[0]));
	strlcpy(lang.compile[1], "main.py", sizeof(lang.compile[1]));
	lang.ncompile = 2;
	lang.tmpfs_mb = 256;
	text = sandbox_body(&cfg, &lang, 512, 1234, NULL, NULL);
	if (text == NULL || (b = cJSON_Parse(text)) == NULL)
		bail("no create body for a compiled language");
	v = cJSON_CreateStringArray((const char *[]){ SANDBOX_HANDOFF, "-c",
	    "2", "main.py", "cc", "main.py", "python3", "-u", "main.py" }, 9);
	ok(cJSON_Compare(get(b, "Cmd"), v, 1), "a compiled language's "
	    "command is runbox-handoff -c 2 FILE, the compile's two words, "
	    "then COMMAND");
	cJSON_Delete(v);
	ok(strstr(get(b, "HostConfig.Tmpfs./tmp")->valuestring,
	    "size=256m") != NULL && (long long)get(b,
	    "HostConfig.ShmSize")->valuedouble == 256LL * 1024 * 1024,
	    "the working directory's size is the language's own tmpfs_mb");
	ok(strstr(get(b, "HostConfig.Tmpfs./tmp")->valuestring, ",exec,") !=
	    NULL, "and it is exec: the program is a file the compile wrote");
	cJSON_Delete(b);
	free(text);

	/* How long a run's stages may take together: the reaper's label. */
	lang.ncompile = 0;
	is_int(sandbox_stages_ms(&lang, 3000, 10000, 0), 3000,
	    "stages: a plain run of an interpreted language: its timeout");
	is_int(sandbox_stages_ms(&lang, 3000, 10000, 1), 3000,
	    "stages: one test is a plain run");
	is_int(sandbox_stages_ms(&lang, 3000, 10000, 20), 3000 + 19 *
	    (3000 + SANDBOX_TERM_GRACE_MS + SANDBOX_BACKSTOP_MS),
	    "stages: each test more adds its timeout, the grace and the "
	    "backstop");
	lang.ncompile = 2;
	is_int(sandbox_stages_ms(&lang, 3000, 10000, 2), 3000 + 3000 +
	    SANDBOX_TERM_GRACE_MS + SANDBOX_BACKSTOP_MS + 10000 +
	    SANDBOX_TERM_GRACE_MS + SANDBOX_API_MS,
	    "stages: a compiled batch adds the compile and the update");
	is_int(sandbox_stages_ms(&lang, 2000000000, 2000000000, 256),
	    2147483647, "stages: held at INT_MAX");
	done_testing();
	return exit_status();
}
