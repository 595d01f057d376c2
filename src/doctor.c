/* doctor.c: runbox --doctor, one line per check of the host. */
#include <sys/vfs.h>

#include <linux/magic.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "deadline.h"
#include "docker.h"
#include "doctor.h"
#include "keys.h"
#include "pooltab.h"
#include "sandbox.h"
#include "state.h"

#define DOCTOR_API_MS		5000
#define DOCTOR_API_MIN		"1.41"	/* DOCKER_API's version */
#define DOCTOR_CGROUP		"/sys/fs/cgroup"
#define DOCTOR_CGROUP_V2	DOCTOR_CGROUP "/unified"
#define DOCTOR_CONTROLLERS_MAX	256	/* cgroup.controllers, a line */
#define DOCTOR_HINT_MAX		1024
#define DOCTOR_MEMINFO		"/proc/meminfo"

struct doctor {
	FILE		*out;
	int		 fails;
	struct docker	 d;
};

static void __attribute__((format(printf, 4, 5)))
doctor_say(struct doctor *dr, int good, const char *what, const char *fmt,
    ...)
{
	va_list	ap;

	if (!good)
		dr->fails++;
	fprintf(dr->out, "%-4s %s: ", good ? "OK" : "FAIL", what);
	va_start(ap, fmt);
	vfprintf(dr->out, fmt, ap);
	va_end(ap);
	fputc('\n', dr->out);
}

/* GET path as JSON; NULL when the engine does not answer 200. */
static cJSON *
doctor_get(struct doctor *dr, const char *path, long *status)
{
	return docker_get_json(&dr->d, path, deadline_in(DOCTOR_API_MS),
	    status);
}

static const char *
doctor_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "?";
}

/* Compare API versions "M.N" as numbers: <0, 0, >0; unparsable is low. */
static int
doctor_vcmp(const char *a, const char *b)
{
	int	amaj, amin, bmaj, bmin;

	if (sscanf(a, "%d.%d", &amaj, &amin) != 2)
		return -1;
	if (sscanf(b, "%d.%d", &bmaj, &bmin) != 2)
		return 1;
	return amaj != bmaj ? amaj - bmaj : amin - bmin;
}

static int
doctor_engine(struct doctor *dr, const struct config *cfg)
{
	cJSON	*v;
	long	 status;
	int	 ok;

	if ((v = doctor_get(dr, "/version", &status)) == NULL) {
		doctor_say(dr, 0, "engine", "no answer at %s (hint: is dockerd "
		    "running, and may this user use its socket?)",
		    cfg->docker_socket);
		return -1;
	}
	/* The engine must speak runbox's version: min <= it <= max. */
	ok = doctor_vcmp(doctor_str(v, "ApiVersion"), DOCTOR_API_MIN) >= 0 &&
	    doctor_vcmp(doctor_str(v, "MinAPIVersion"), DOCTOR_API_MIN) <= 0;
	doctor_say(dr, ok, "engine", "Docker %s, API %s (oldest %s); runbox "
	    "asks for API %s; at %s%s", doctor_str(v, "Version"),
	    doctor_str(v, "ApiVersion"), doctor_str(v, "MinAPIVersion"),
	    DOCTOR_API_MIN, cfg->docker_socket, ok ? "" :
	    " (hint: runbox needs an engine that speaks API " DOCTOR_API_MIN
	    ")");
	cJSON_Delete(v);
	return 0;
}

/* Swap on this host, from /proc/meminfo; 0 when none or unknown. */
static long
doctor_swap_kb(void)
{
	FILE	*f;
	char	 line[128];
	long	 kb = 0;

	if ((f = fopen(DOCTOR_MEMINFO, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "SwapTotal: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* This host's cgroup layout, by what is mounted on /sys/fs/cgroup. */
enum doctor_layout {
	DOCTOR_NO_CGROUPS,	/* statfs failed: errno in doctor_cgroups */
	DOCTOR_UNIFIED,		/* cgroup2 on /sys/fs/cgroup */
	DOCTOR_UNKNOWN,		/* neither cgroup2 nor a tmpfs there */
	DOCTOR_HYBRID,		/* v1 hierarchies, cgroup2 on unified/ */
	DOCTOR_LEGACY		/* v1 hierarchies only */
};

struct doctor_cgroups {
	enum doctor_layout	layout;
	int			errnum;	/* DOCTOR_NO_CGROUPS's */
};

/*
 * The layout (cgroups(7)): the unified cgroup v2 hierarchy alone, v1
 * hierarchies alone, or both (systemd's "hybrid": v2 on
 * /sys/fs/cgroup/unified).  Read once; the cgroups line and crun's
 * check both judge it.
 */
static struct doctor_cgroups
doctor_cgroups(void)
{
	struct doctor_cgroups	cg = { DOCTOR_NO_CGROUPS, 0 };
	struct statfs		sf;

	if (statfs(DOCTOR_CGROUP, &sf) == -1)
		cg.errnum = errno;
	else if (sf.f_type == CGROUP2_SUPER_MAGIC)
		cg.layout = DOCTOR_UNIFIED;
	else if (sf.f_type != TMPFS_MAGIC)
		cg.layout = DOCTOR_UNKNOWN;
	else if (statfs(DOCTOR_CGROUP_V2, &sf) == 0 &&
	    sf.f_type == CGROUP2_SUPER_MAGIC)
		cg.layout = DOCTOR_HYBRID;
	else
		cg.layout = DOCTOR_LEGACY;
	return cg;
}

/*
 * crun refuses a hybrid cgroup layout (v1 hierarchies under a tmpfs on
 * /sys/fs/cgroup, cgroup2 on its unified/) while the v2 hierarchy holds a
 * controller: "cgroups in hybrid mode not supported".  A controller that
 * no v1 hierarchy has is on v2 (on Debian's hybrid hosts, hugetlb);
 * mounting a v1 hierarchy for it takes it off.  The same test as crun's.
 */
static void
doctor_crun(struct doctor *dr, struct doctor_cgroups cg)
{
	FILE		*f;
	char		 ctl[DOCTOR_CONTROLLERS_MAX];
	char		 names[DOCTOR_CONTROLLERS_MAX], hint[DOCTOR_HINT_MAX];
	char		*c, *save = NULL;
	size_t		 len;

	switch (cg.layout) {
	case DOCTOR_NO_CGROUPS:
		doctor_say(dr, 0, "crun", "%s: %s (hint: crun needs cgroups "
		    "mounted there)", DOCTOR_CGROUP, strerror(cg.errnum));
		return;
	case DOCTOR_UNIFIED:
		doctor_say(dr, 1, "crun", "unified cgroup v2 layout");
		return;
	case DOCTOR_UNKNOWN:
		doctor_say(dr, 0, "crun", "%s is neither cgroup2 nor a tmpfs of "
		    "v1 hierarchies, which crun refuses", DOCTOR_CGROUP);
		return;
	case DOCTOR_LEGACY:
		doctor_say(dr, 1, "crun", "cgroup v1 layout without v2");
		return;
	case DOCTOR_HYBRID:
		break;
	}
	ctl[0] = '\0';
	if ((f = fopen(DOCTOR_CGROUP_V2 "/cgroup.controllers", "r")) != NULL) {
		if (fgets(ctl, sizeof(ctl), f) == NULL)
			ctl[0] = '\0';
		fclose(f);
	}
	ctl[strcspn(ctl, "\n")] = '\0';
	if (ctl[0] == '\0') {
		doctor_say(dr, 1, "crun", "hybrid cgroup layout, no controller "
		    "on cgroup v2");
		return;
	}
	/* One mount command per controller, the exact ones to type. */
	(void)strlcpy(names, ctl, sizeof(names));
	hint[0] = '\0';
	for (c = strtok_r(ctl, " ", &save); c != NULL;
	    c = strtok_r(NULL, " ", &save)) {
		len = strlen(hint);
		snprintf(hint + len, sizeof(hint) - len, "%smkdir -p "
		    DOCTOR_CGROUP "/%s && mount -t cgroup -o %s cgroup "
		    DOCTOR_CGROUP "/%s", len > 0 ? " && " : "", c, c, c);
	}
	doctor_say(dr, 0, "crun", "crun refuses this hybrid cgroup layout "
	    "(\"cgroups in hybrid mode not supported\") while cgroup v2 "
	    "holds %s (hint: %s)", names, hint);
}

/* Is the engine's runtime crun, by name or by the program it runs? */
static int
doctor_is_crun(const char *name, const char *path)
{
	const char	*base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return strcmp(name, "crun") == 0 || strcmp(base, "crun") == 0;
}

static void
doctor_runtime(struct doctor *dr, const struct config *cfg, const cJSON *rts,
    struct doctor_cgroups cg)
{
	const cJSON	*rt, *it;
	const char	*path;
	char		 known[DOCTOR_HINT_MAX];
	size_t		 len;

	rt = cJSON_GetObjectItemCaseSensitive(rts, cfg->runtime);
	if (rt == NULL) {
		known[0] = '\0';
		cJSON_ArrayForEach(it, rts) {
			len = strlen(known);
			snprintf(known + len, sizeof(known) - len, "%s%s",
			    len > 0 ? ", " : "", it->string);
		}
		doctor_say(dr, 0, "runtime", "%s is not known to the engine "
		    "(it knows %s) (hint: add it under \"runtimes\" in "
		    "/etc/docker/daemon.json, then reload dockerd: kill -HUP "
		    "$(cat /var/run/docker.pid), or systemctl reload docker)",
		    cfg->runtime, known[0] != '\0' ? known : "none");
		return;
	}
	path = doctor_str(rt, "path");
	/* A bare name is looked up in dockerd's PATH, not ours. */
	if (path[0] == '/' && access(path, X_OK) == -1)
		doctor_say(dr, 0, "runtime", "%s is known to the engine as %s, "
		    "which is not an executable file here (hint: install it, "
		    "or correct its path in /etc/docker/daemon.json)",
		    cfg->runtime, path);
	else
		doctor_say(dr, 1, "runtime", "%s is known to the engine (%s)",
		    cfg->runtime, path);
	if (doctor_is_crun(cfg->runtime, path))
		doctor_crun(dr, cg);
}

/* The cgroups line's words for a layout. */
static const char *
doctor_layout_name(enum doctor_layout layout)
{
	switch (layout) {
	case DOCTOR_NO_CGROUPS:
		return "no cgroups mounted on " DOCTOR_CGROUP;
	case DOCTOR_UNIFIED:
		return "unified layout (cgroup v2 only)";
	case DOCTOR_UNKNOWN:
		return "unknown layout (" DOCTOR_CGROUP " is neither cgroup2 "
		    "nor a tmpfs)";
	case DOCTOR_HYBRID:
		return "hybrid layout (cgroup v1 hierarchies, cgroup v2 on "
		    DOCTOR_CGROUP_V2 ")";
	case DOCTOR_LEGACY:
		break;
	}
	return "legacy layout (cgroup v1 hierarchies only)";
}

/*
 * The limits runbox sets and the engine says it can enforce (GET /info:
 * MemoryLimit, PidsLimit, CpuCfsQuota; Engine API 1.41 and later), one
 * line, with a hint per missing controller.
 */
static void
doctor_limits(struct doctor *dr, const cJSON *info)
{
	static const struct {
		const char	*field, *what, *hint;
	} lim[] = {
		{ "MemoryLimit", "memory", "the memory controller: on cgroup "
		    "v1 boot with cgroup_enable=memory; on v2 it must be in "
		    DOCTOR_CGROUP "/cgroup.subtree_control" },
		{ "PidsLimit", "processes", "the pids controller (kernel "
		    "CONFIG_CGROUP_PIDS)" },
		{ "CpuCfsQuota", "CPU", "the cpu controller with CFS bandwidth "
		    "(kernel CONFIG_CFS_BANDWIDTH)" },
	};
	char	missing[DOCTOR_HINT_MAX], hint[DOCTOR_HINT_MAX];
	size_t	i, m, h;

	missing[0] = hint[0] = '\0';
	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info,
		    lim[i].field)))
			continue;
		m = strlen(missing);
		h = strlen(hint);
		snprintf(missing + m, sizeof(missing) - m, "%s%s", m > 0 ?
		    ", " : "", lim[i].what);
		snprintf(hint + h, sizeof(hint) - h, "%s%s", h > 0 ? "; " : "",
		    lim[i].hint);
	}
	if (missing[0] == '\0')
		doctor_say(dr, 1, "limits", "the engine can limit memory, "
		    "processes and CPU");
	else
		doctor_say(dr, 0, "limits", "the engine cannot limit %s, which "
		    "every run asks for (hint: %s)", missing, hint);
}

static void
doctor_info(struct doctor *dr, const struct config *cfg)
{
	cJSON			*info, *swap;
	long			 status;
	struct doctor_cgroups	 cg = doctor_cgroups();

	if ((info = doctor_get(dr, "/info", &status)) == NULL) {
		doctor_say(dr, 0, "engine info", "no answer to /info");
		return;
	}
	doctor_runtime(dr, cfg,
	    cJSON_GetObjectItemCaseSensitive(info, "Runtimes"), cg);
	doctor_say(dr, 1, "cgroups", "%s; the engine uses cgroup v%s, driver "
	    "%s", doctor_layout_name(cg.layout),
	    doctor_str(info, "CgroupVersion"),
	    doctor_str(info, "CgroupDriver"));
	doctor_limits(dr, info);

	swap = cJSON_GetObjectItemCaseSensitive(info, "SwapLimit");
	if (cJSON_IsTrue(swap))
		doctor_say(dr, 1, "swap", "accounting on: memory limits "
		    "include swap");
	else if (doctor_swap_kb() == 0)
		doctor_say(dr, 1, "swap", "no swap on this host, so none to "
		    "account");
	else
		doctor_say(dr, 0, "swap", "the host has swap but no swap "
		    "accounting, so a program may swap past its memory limit "
		    "(hint: boot with swapaccount=1, or turn swap off)");
	cJSON_Delete(info);
}

static void
doctor_images(struct doctor *dr, const struct config *cfg)
{
	cJSON	*img, *label;
	char	 path[CONFIG_IMAGE_MAX + 32], what[CONFIG_NAME_MAX + 16];
	long	 status;
	size_t	 i;

	for (i = 0; i < cfg->nlanguages; i++) {
		snprintf(path, sizeof(path), "/images/%s/json",
		    cfg->languages[i].image);
		snprintf(what, sizeof(what), "language %s",
		    cfg->languages[i].name);
		if ((img = doctor_get(dr, path, &status)) == NULL) {
			doctor_say(dr, 0, what, "image %s is not on this host "
			    "(hint: make images)", cfg->languages[i].image);
			continue;
		}
		label = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(img, "Config"), "Labels");
		if (strcmp(doctor_str(label, SANDBOX_HANDOFF_LABEL),
		    SANDBOX_HANDOFF_PROTOCOL) != 0)
			doctor_say(dr, 0, what, "image %s has runbox-handoff "
			    "protocol %s, runbox speaks %s (hint: make images, "
			    "or rebuild it with src/images/mkimage.sh)",
			    cfg->languages[i].image, doctor_str(label,
			    SANDBOX_HANDOFF_LABEL), SANDBOX_HANDOFF_PROTOCOL);
		else if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(label,
		    "runbox.version")))
			doctor_say(dr, 1, what, "image %s present (%s, recipe "
			    "%s)", cfg->languages[i].image, doctor_str(label,
			    "runbox.version"), doctor_str(label,
			    "runbox.recipe"));
		else
			doctor_say(dr, 1, what, "image %s present (recipe %s)",
			    cfg->languages[i].image, doctor_str(label,
			    "runbox.recipe"));
		cJSON_Delete(img);
	}
}

/* What the pool holds now, per language (information, never a failure). */
static void
doctor_pool(struct doctor *dr, const struct config *cfg, struct state *st)
{
	struct err	e;
	char		line[CONFIG_MAX_LANGUAGES * (CONFIG_NAME_MAX + 48)];
	size_t		i, len = 0;
	unsigned int	ready, starting;

	if (cfg->pool_size == 0)
		return;
	line[0] = '\0';
	for (i = 0; i < cfg->nlanguages; i++) {
		if (pooltab_count(st, cfg->languages[i].name, STATE_POOL_READY,
		    &ready, &e) == -1 || pooltab_count(st,
		    cfg->languages[i].name, STATE_POOL_STARTING, &starting,
		    &e) == -1) {
			doctor_say(dr, 0, "pool", "%s", e.msg);
			return;
		}
		len += (size_t)snprintf(line + len, len < sizeof(line) ?
		    sizeof(line) - len : 0, "%s%s %u/%u ready%s",
		    i > 0 ? ", " : "", cfg->languages[i].name, ready,
		    cfg->pool_size, starting > 0 ? " (more starting)" : "");
		if (len >= sizeof(line))
			break;
	}
	doctor_say(dr, 1, "pool", "%s (a request tops it up; "
	    "pool_max_age_s %u)", line, cfg->pool_max_age_s);
}

static void
doctor_files(struct doctor *dr, const struct config *cfg)
{
	struct keys	keys = { NULL, 0 };
	struct state	st;
	struct err	e;

	if (cfg->keys_file[0] == '\0')
		doctor_say(dr, 1, "keys", "no keys_file: no key is required");
	else if (keys_load(&keys, cfg->keys_file, &e) == -1)
		doctor_say(dr, 0, "keys", "%s (hint: NAME:SECRET lines, chmod "
		    "600, owned by the user runbox runs as)", e.msg);
	else
		doctor_say(dr, 1, "keys", "%s: %zu key%s", cfg->keys_file,
		    keys.n, keys.n == 1 ? "" : "s");
	keys_free(&keys);

	memset(&st, 0, sizeof(st));
	st.fd = -1;
	if (state_open(&st, cfg->state_file, &e) == -1 ||
	    state_lock(&st, STATE_LOCK_MS, &e) == -1 ||
	    state_check(&st, &e) == -1)
		doctor_say(dr, 0, "state", "%s (hint: its directory must "
		    "exist and be writable by this user)", e.msg);
	else {
		doctor_say(dr, 1, "state", "%s writable and valid%s%s",
		    cfg->state_file, st.rebuilt[0] != '\0' ? "; " : "",
		    st.rebuilt);
		state_unlock(&st);
		doctor_pool(dr, cfg, &st);
	}
	state_close(&st);
}

int
doctor_run(const struct config *cfg, FILE *out)
{
	struct doctor	dr;
	struct err	e;

	memset(&dr, 0, sizeof(dr));
	dr.out = out;
	doctor_say(&dr, 1, "config", "%s", cfg->path);
	doctor_files(&dr, cfg);
	if (docker_open(&dr.d, cfg->docker_socket, &e) == -1)
		doctor_say(&dr, 0, "engine", "%s", e.msg);
	else if (doctor_engine(&dr, cfg) == 0) {
		doctor_info(&dr, cfg);
		doctor_images(&dr, cfg);
	}
	docker_close(&dr.d);
	return dr.fails;
}
