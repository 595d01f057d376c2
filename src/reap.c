/*
 * reap.c: removing containers that runbox processes left behind: past
 * their deadline, or made by a process that is gone.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "deadline.h"
#include "docker.h"
#include "reap.h"

#define REAP_API_MS		10000
#define REAP_PIDNS_PATH	"/proc/self/ns/pid"	/* "pid:[INODE]" */
#define REAP_PIDNS_MAX	64
#define REAP_FIELD_MAX	24	/* a number field of the owner label */

static int	reap_pidns(uint64_t *);
static const char *reap_field(const char *, char *, size_t);
static int	reap_number(const char *, long long, long long *);
static long long reap_deadline(const char *);
static int	reap_gone(const char *, const struct reap_owner *);
static void	reap_consider(void *, const struct container_entry *);

/* One pass of reap_expired over the engine's list. */
struct reap_pass {
	struct docker		*d;
	struct reap_count	*n;
	struct reap_owner	 self;
	int			 judge;	/* self is known: owners are judged */
	time_t			 now;
};

/* The inode of this process's pid namespace. */
static int
reap_pidns(uint64_t *ino)
{
	char		 link[REAP_PIDNS_MAX], num[REAP_FIELD_MAX];
	const char	*p;
	size_t		 n;
	ssize_t		 len;
	long long	 v;

	len = readlink(REAP_PIDNS_PATH, link, sizeof(link) - 1);
	if (len <= 0)
		return -1;
	link[len] = '\0';
	if (strncmp(link, "pid:[", 5) != 0 || link[len - 1] != ']')
		return -1;
	p = link + 5;
	if ((n = (size_t)(link + len - 1 - p)) >= sizeof(num))
		return -1;
	memcpy(num, p, n);
	num[n] = '\0';
	if (reap_number(num, LLONG_MAX, &v) == -1)
		return -1;
	*ino = (uint64_t)v;
	return 0;
}

int
reap_owner_self(struct reap_owner *o, struct err *e)
{
	const char	*boot;

	memset(o, 0, sizeof(*o));
	if (state_boot_id(&boot, e) == -1)
		return -1;
	if (strlcpy(o->boot, boot, sizeof(o->boot)) >= sizeof(o->boot))
		return err_set(e, ERR_INTERNAL, "boot id too long");
	if (reap_pidns(&o->pidns) == -1)
		return err_set(e, ERR_INTERNAL, "%s: no pid namespace",
		    REAP_PIDNS_PATH);
	o->pid = getpid();
	if ((o->start = state_proc_start(o->pid)) == 0)
		return err_set(e, ERR_INTERNAL, "no start time for pid %ld",
		    (long)o->pid);
	return 0;
}

int
reap_owner_format(const struct reap_owner *o, char *out, size_t len)
{
	int	n;

	n = snprintf(out, len, "%s:%llu:%ld:%llu", o->boot,
	    (unsigned long long)o->pidns, (long)o->pid,
	    (unsigned long long)o->start);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
reap_owner_label(char *out, size_t len)
{
	struct reap_owner	o;
	struct err		e;

	if (reap_owner_self(&o, &e) == -1 ||
	    reap_owner_format(&o, out, len) == -1)
		return -1;
	return 0;
}

/*
 * Copy the field of s up to the next ':' (or the end) into out; returns
 * where the next field starts (past the ':'), the end of s, or NULL when
 * the field is empty or does not fit.
 */
static const char *
reap_field(const char *s, char *out, size_t len)
{
	size_t	n = strcspn(s, ":");

	if (n == 0 || n >= len)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return s[n] == ':' ? s + n + 1 : s + n;
}

/* A decimal number from 1 to max, digits only. */
static int
reap_number(const char *s, long long max, long long *v)
{
	const char	*errstr;

	if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	*v = strtonum(s, 1, max, &errstr);
	return errstr == NULL ? 0 : -1;
}

int
reap_owner_parse(const char *s, struct reap_owner *o)
{
	char		num[REAP_FIELD_MAX];
	long long	v;

	memset(o, 0, sizeof(*o));
	if ((s = reap_field(s, o->boot, sizeof(o->boot))) == NULL ||
	    strspn(o->boot, "0123456789abcdef-") != strlen(o->boot))
		return -1;
	if ((s = reap_field(s, num, sizeof(num))) == NULL ||
	    reap_number(num, LLONG_MAX, &v) == -1)
		return -1;
	o->pidns = (uint64_t)v;
	if ((s = reap_field(s, num, sizeof(num))) == NULL ||
	    reap_number(num, INT_MAX, &v) == -1)
		return -1;
	o->pid = (pid_t)v;
	/* The last field: nothing may follow it. */
	if ((s = reap_field(s, num, sizeof(num))) == NULL || *s != '\0' ||
	    s[-1] == ':' || reap_number(num, LLONG_MAX, &v) == -1)
		return -1;
	o->start = (uint64_t)v;
	return 0;
}

enum reap_verdict
reap_owner_judge(const struct reap_owner *o, const struct reap_owner *self)
{
	/* Its pid is another process's, or nobody's, from here. */
	if (strcmp(o->boot, self->boot) != 0 || o->pidns != self->pidns)
		return REAP_OWNER_FOREIGN;
	if (!state_proc_gone(o->pid, o->start))
		return REAP_OWNER_ALIVE;
	/*
	 * A process this user may not look at in /proc (hidepid, another
	 * user's) has no start time to compare: not proof that it is gone.
	 */
	if (state_proc_start(o->pid) == 0 && kill(o->pid, 0) == -1 &&
	    errno == EPERM)
		return REAP_OWNER_ALIVE;
	return REAP_OWNER_GONE;
}

/* The runbox label's deadline, or -1 when absent or not a number. */
static long long
reap_deadline(const char *label)
{
	const char	*errstr;
	long long	 v;

	if (label == NULL)
		return -1;
	v = strtonum(label, 0, LLONG_MAX, &errstr);
	return errstr == NULL ? v : -1;
}

/* Does the runbox.owner label name a process gone from self's view? */
static int
reap_gone(const char *label, const struct reap_owner *self)
{
	struct reap_owner	o;

	return label != NULL && reap_owner_parse(label, &o) == 0 &&
	    reap_owner_judge(&o, self) == REAP_OWNER_GONE;
}

int
reap_one(struct docker *d, const char *container, struct reap_count *n)
{
	struct err	ignored;

	if (container_remove(d, container, deadline_in(REAP_API_MS),
	    &ignored) == 0) {
		n->removed++;
		return 0;
	}
	n->failed++;
	return -1;
}

/* Remove the listed container c when it is past its deadline or orphaned. */
static void
reap_consider(void *arg, const struct container_entry *c)
{
	struct reap_pass	*rp = arg;
	long long		 dl = reap_deadline(container_label(c,
				    REAP_LABEL));

	if (c->id == NULL || dl < 0)
		return;
	rp->n->seen++;
	if (strspn(c->id, "0123456789abcdef") != strlen(c->id))
		return;
	if (dl < (long long)rp->now)
		(void)reap_one(rp->d, c->id, rp->n);
	else if (rp->judge && reap_gone(container_label(c, REAP_OWNER_LABEL),
	    &rp->self) && reap_one(rp->d, c->id, rp->n) == 0)
		rp->n->gone++;
}

int
reap_expired(const struct config *cfg, time_t now, struct reap_count *n,
    struct err *e)
{
	struct docker		d;
	struct reap_pass	rp;
	struct err		noself;
	int			ret;

	memset(n, 0, sizeof(*n));
	memset(&rp, 0, sizeof(rp));
	rp.d = &d;
	rp.n = n;
	rp.now = now;
	/* Without its own boot and pid namespace it judges no owner. */
	rp.judge = reap_owner_self(&rp.self, &noself) == 0;
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		return -1;
	ret = container_list(&d, REAP_LABEL, deadline_in(REAP_API_MS),
	    reap_consider, &rp, e);
	docker_close(&d);
	return ret;
}

int
reap_named(const struct config *cfg, const char *name, int *removed,
    struct err *e)
{
	struct docker		d;
	struct container_info	info;
	int			r, ret = -1;

	*removed = 0;
	if (docker_open(&d, cfg->docker_socket, e) == -1)
		return -1;
	r = container_inspect(&d, name, REAP_LABEL, deadline_in(REAP_API_MS),
	    &info, e);
	if (r == 1) {
		ret = 0;	/* the process removed it itself */
		goto out;
	}
	if (r == -1)
		goto out;
	/* Never a container that is not runbox's, whatever its name. */
	if (!info.has_label) {
		err_set(e, ERR_INTERNAL, "%s is not a runbox container", name);
		goto out;
	}
	if (container_remove(&d, name, deadline_in(REAP_API_MS), e) == -1)
		goto out;
	*removed = 1;
	ret = 0;
out:
	docker_close(&d);
	return ret;
}
