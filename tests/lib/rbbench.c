/*
 * rbbench: the load driver of make bench.  Runs N requests with C worker
 * processes (each takes the next request number from a shared counter
 * until none is left), times each request on CLOCK_MONOTONIC, checks its
 * answer, and prints one summary line; -o writes every request's figures.
 * Not a test: it prints figures.
 *
 *	rbbench runbox [opts] [-E ERROR] HOST PORT REQUEST
 *	rbbench cmd [opts] [-F] -i STDIN COMMAND [ARG ...]
 *	rbbench floor [opts] [-R RUNTIME] [-S SOCKET] PAYLOAD IMAGE FILE
 *	    COMMAND [ARG ...]
 *	rbbench payload CODE [INPUT]
 *	rbbench stats
 *
 * runbox sends the file REQUEST (JSON) as one netstring to HOST PORT,
 * half-closes and reads the reply netstring: a success is a well-formed
 * reply with status "ok" and the expected stdout (with -E ERROR: a refusal
 * {"error": ERROR}, to time runbox without Docker).  cmd runs COMMAND per
 * request with stdin from the file STDIN (e.g. docker run --rm -i ...): a
 * success is exit status 0 and the expected stdout.  floor runs the file
 * PAYLOAD (a runbox-handoff payload, see payload) in a fresh container
 * through the Engine API itself (floor.c): a success is exit status 0 and
 * the expected stdout; its summary adds the median of each stage.
 *
 * Options: -n N requests (10), -c C workers (1), -e FILE the expected
 * stdout (default: empty), -o FILE the raw figures, one line per request,
 * -w MS give up on one request after MS (30000), -Q PATH before each
 * request wait (up to 20 s, untimed) until no process runs PATH (its
 * argv[0]), so that the previous one has finished its cleanup.  cmd -F:
 * COMMAND's stdout is runbox-handoff's frames (docker run of the handoff
 * itself), and the data of its stdout frames up to its end frame is what
 * is compared (floor_unframe).
 *
 * The summary line (stdout):
 *	n= ok= conc= wall_ms= rps= p50_ms= p95_ms= p99_ms= mean_ms= min_ms=
 *	max_ms= [create_ms= attach_ms= start_ms= first_ms= stream_ms=
 *	wait_ms= delete_ms=]
 * Percentiles are over the successful requests (nearest rank); wall_ms is
 * from the first request's start to the last one's end, rps = ok / wall.
 * The first failures are described on stderr.  Exit 0 when all requests
 * succeeded, 3 when some failed, 1 when the run could not be made.
 *
 * payload prints the handoff payload for the files CODE and INPUT (none:
 * empty).  stats reads numbers, one a line, and prints
 *	n= min= p50= p95= p99= max= mean=
 */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "buf.h"
#include "floor.h"

#define BENCH_MAX_N		1000000
#define BENCH_MAX_CONC		256
#define BENCH_MAX_FILE		((size_t)256 * 1024 * 1024)
#define BENCH_MAX_REPLY		((size_t)256 * 1024 * 1024)
#define BENCH_TIMEOUT_MS	30000
#define BENCH_QUIET_MS		20000	/* -Q: the longest wait */
#define BENCH_QUIET_POLL_MS	10
#define BENCH_FAIL_SHOWN	3	/* failures described, per worker */
#define BENCH_CHUNK		65536
#define BENCH_EXIT_SOME		3

enum mode { MODE_RUNBOX, MODE_CMD, MODE_FLOOR };

/* One request's figures, written by a worker into shared memory. */
struct sample {
	int64_t		t_us;		/* its start, CLOCK_MONOTONIC */
	int64_t		lat_us;
	int64_t		stage_us[FLOOR_NSTAGES];	/* floor only */
	int32_t		worker;
	int32_t		ok;
	int32_t		done;
};

struct shared {
	unsigned int	next;		/* the next request number to take */
	struct sample	s[];
};

struct job {
	enum mode		 mode;
	unsigned int		 n, conc;
	int			 timeout_ms;
	int			 frames;	/* cmd -F */
	const char		*quiesce;
	const char		*rawfile;
	const char		*error;		/* runbox: the refusal expected */
	struct buf		 expect;	/* the expected stdout */
	struct buf		 send;	/* the request, or the payload */
	const char		*infile;	/* cmd: each command's stdin */
	char			**argv;		/* cmd: the command */
	struct addrinfo		*ai;		/* runbox: where */
	struct floor_conf	 fc;
	struct floor		 fl;		/* floor: the worker's */
	int			 worker;
	int			 nfail;
};

static void	usage(void) __attribute__((noreturn));
static void	fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	note(struct job *, unsigned int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
usage(void)
{
	fprintf(stderr,
	    "usage: rbbench runbox [opts] [-E ERROR] HOST PORT REQUEST\n"
	    "       rbbench cmd [opts] [-F] -i STDIN COMMAND [ARG ...]\n"
	    "       rbbench floor [opts] [-R RUNTIME] [-S SOCKET] PAYLOAD "
	    "IMAGE FILE COMMAND [ARG ...]\n"
	    "       rbbench payload CODE [INPUT]\n"
	    "       rbbench stats\n"
	    "opts: [-n N] [-c C] [-e EXPECTED] [-o RAWFILE] [-w MS] "
	    "[-Q PATH]\n");
	exit(2);
}

static void
fail(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "rbbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/* Describe one failed request, the first few per worker only. */
static void
note(struct job *j, unsigned int i, const char *fmt, ...)
{
	va_list	ap;

	if (j->nfail++ >= BENCH_FAIL_SHOWN)
		return;
	fprintf(stderr, "rbbench: request %u (worker %d): ", i, j->worker);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

static int64_t
now_us(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static unsigned int
number(const char *s, unsigned int min, unsigned int max, const char *what)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		fail("%s must be a number from %u to %u: %s", what, min, max,
		    s);
	return (unsigned int)v;
}

static void
readfile(const char *path, struct buf *b)
{
	char	 chunk[BENCH_CHUNK];
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		fail("%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (b->len + n > BENCH_MAX_FILE ||
		    buf_append(b, chunk, n) == -1)
			fail("%s: too large", path);
	if (ferror(f))
		fail("%s: read error", path);
	fclose(f);
}

static int
same(const struct buf *b, const char *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->data, p, n) == 0);
}

static int
sendall(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = send(fd, p, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read fd into b until EOF or, when want > 0, want bytes; -1 on timeout. */
static int
readsome(int fd, struct buf *b, int64_t deadline, size_t (*want)(struct buf *))
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		chunk[BENCH_CHUNK];
	int64_t		left;
	ssize_t		n;

	for (;;) {
		if (want != NULL && want(b) > 0 && b->len >= want(b))
			return 0;
		if ((left = (deadline - now_us()) / 1000) <= 0)
			return -1;
		if ((n = poll(&pfd, 1, (int)left)) == -1 && errno != EINTR)
			return -1;
		if (n <= 0)
			continue;
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > BENCH_MAX_REPLY ||
		    buf_append(b, chunk, (size_t)n) == -1)
			return -1;
	}
}

/* The whole netstring's length, once its header is in; 0 before. */
static size_t
frame_want(struct buf *b)
{
	size_t	i, len = 0;

	for (i = 0; i < b->len && i < 12; i++) {
		if (b->data[i] == ':')
			return i == 0 ? 0 : i + 1 + len + 1;
		if (b->data[i] < '0' || b->data[i] > '9')
			return 0;
		len = len * 10 + (size_t)(b->data[i] - '0');
	}
	return 0;
}

/* runbox: one request over TCP; a success has status ok and the stdout. */
static int
runbox_one(struct job *j, unsigned int i, struct sample *s)
{
	struct buf	 out = { 0 };
	cJSON		*root = NULL, *st, *so, *er;
	char		 hdr[32], *colon;
	size_t		 want;
	int64_t		 t0 = now_us();
	int		 fd, hl, ok = 0;

	if ((fd = socket(j->ai->ai_family, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, j->ai->ai_addr, j->ai->ai_addrlen) == -1) {
		note(j, i, "connect: %s", strerror(errno));
		goto out;
	}
	hl = snprintf(hdr, sizeof(hdr), "%zu:", j->send.len);
	if (sendall(fd, hdr, (size_t)hl) == -1 ||
	    sendall(fd, j->send.data, j->send.len) == -1 ||
	    sendall(fd, ",", 1) == -1) {
		note(j, i, "send: %s", strerror(errno));
		goto out;
	}
	(void)shutdown(fd, SHUT_WR);
	if (readsome(fd, &out, t0 + j->timeout_ms * 1000LL, frame_want) ==
	    -1) {
		note(j, i, "no reply in %d ms", j->timeout_ms);
		goto out;
	}
	s->lat_us = now_us() - t0;
	want = frame_want(&out);
	if (want == 0 || out.len != want || out.data[want - 1] != ',') {
		note(j, i, "not one netstring: %.200s",
		    out.data != NULL ? out.data : "(nothing)");
		goto out;
	}
	colon = memchr(out.data, ':', out.len);
	root = cJSON_ParseWithLength(colon + 1, want - (size_t)(colon -
	    out.data) - 2);
	st = cJSON_GetObjectItemCaseSensitive(root, "status");
	so = cJSON_GetObjectItemCaseSensitive(root, "stdout");
	er = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (j->error != NULL) {
		if (!cJSON_IsString(er) || strcmp(er->valuestring, j->error) !=
		    0) {
			note(j, i, "not the refusal %s: %.300s", j->error,
			    colon + 1);
			goto out;
		}
	} else if (!cJSON_IsString(st) || strcmp(st->valuestring, "ok") != 0 ||
	    !cJSON_IsString(so) ||
	    !same(&j->expect, so->valuestring, strlen(so->valuestring))) {
		note(j, i, "unexpected reply: %.300s", colon + 1);
		goto out;
	}
	ok = 1;
out:
	if (s->lat_us == 0)
		s->lat_us = now_us() - t0;
	if (fd != -1)
		close(fd);
	cJSON_Delete(root);
	buf_free(&out);
	return ok;
}

/* cmd: one command, stdin from the file; a success exits 0 with the stdout. */
static int
cmd_one(struct job *j, unsigned int i, struct sample *s)
{
	struct buf	out = { 0 };
	int64_t		t0 = now_us();
	pid_t		pid;
	int		p[2], fd, status, timedout, ok = 0;

	if (pipe(p) == -1)
		fail("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		if ((fd = open(j->infile, O_RDONLY)) == -1 ||
		    dup2(fd, 0) == -1 || dup2(p[1], 1) == -1)
			_exit(126);
		close(fd);
		close(p[0]);
		close(p[1]);
		execvp(j->argv[0], j->argv);
		fprintf(stderr, "rbbench: %s: %s\n", j->argv[0],
		    strerror(errno));
		_exit(127);
	}
	close(p[1]);
	timedout = readsome(p[0], &out, t0 + j->timeout_ms * 1000LL, NULL) ==
	    -1;
	if (timedout)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			fail("waitpid: %s", strerror(errno));
	s->lat_us = now_us() - t0;
	close(p[0]);
	if (timedout)
		note(j, i, "no end in %d ms: killed", j->timeout_ms);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		note(j, i, "%s ended with status %d", j->argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
		    WTERMSIG(status));
	else if (j->frames && floor_unframe(&out) == -1)
		note(j, i, "%s's stdout is not runbox-handoff frames",
		    j->argv[0]);
	else if (!same(&j->expect, out.data, out.len))
		note(j, i, "unexpected stdout (%zu bytes): %.200s", out.len,
		    out.data != NULL ? out.data : "");
	else
		ok = 1;
	buf_free(&out);
	return ok;
}

/* floor: one run through the Engine API; latency until the exit is known. */
static int
floor_one(struct job *j, unsigned int i, struct sample *s)
{
	struct buf	out = { 0 };
	int		code, k, ok = 0;

	if (floor_run(&j->fl, j->send.data, j->send.len, &out, &code,
	    s->stage_us) == -1)
		note(j, i, "%s", j->fl.err);
	else if (code != 0)
		note(j, i, "the program exited %d", code);
	else if (!same(&j->expect, out.data, out.len))
		note(j, i, "unexpected stdout (%zu bytes): %.200s", out.len,
		    out.data != NULL ? out.data : "");
	else
		ok = 1;
	for (k = 0; k <= FLOOR_WAIT; k++)
		s->lat_us += s->stage_us[k];
	buf_free(&out);
	return ok;
}

/* Does a process run path (as its argv[0])? */
static int
running(const char *path)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[300], cmd[4096];
	ssize_t		 n;
	int		 fd, found = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		if (strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		snprintf(p, sizeof(p), "/proc/%s/cmdline", de->d_name);
		if ((fd = open(p, O_RDONLY)) == -1)
			continue;
		n = read(fd, cmd, sizeof(cmd) - 1);
		close(fd);
		if (n > 0) {
			cmd[n] = '\0';
			found = strcmp(cmd, path) == 0;
		}
	}
	closedir(d);
	return found;
}

static void
quiesce(const char *path)
{
	struct timespec	ts = { 0, BENCH_QUIET_POLL_MS * 1000000L };
	int		i;

	for (i = 0; i < BENCH_QUIET_MS / BENCH_QUIET_POLL_MS && running(path);
	    i++)
		nanosleep(&ts, NULL);
}

static void
worker(struct job *j, struct shared *sh, int go)
{
	struct sample	*s;
	unsigned int	 i;
	char		 c;
	int		 ok;

	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	(void)read(go, &c, 1);	/* EOF: all workers go at once */
	if (j->mode == MODE_FLOOR && floor_open(&j->fl, &j->fc) == -1)
		fail("cannot set up libcurl");
	for (;;) {
		i = __atomic_fetch_add(&sh->next, 1, __ATOMIC_RELAXED);
		if (i >= j->n)
			break;
		if (j->quiesce != NULL)
			quiesce(j->quiesce);
		s = &sh->s[i];
		s->worker = j->worker;
		s->t_us = now_us();
		if (j->mode == MODE_RUNBOX)
			ok = runbox_one(j, i, s);
		else if (j->mode == MODE_CMD)
			ok = cmd_one(j, i, s);
		else
			ok = floor_one(j, i, s);
		s->ok = ok;
		s->done = 1;
	}
	if (j->mode == MODE_FLOOR)
		floor_close(&j->fl);
	exit(0);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank of sorted v[n]. */
static int64_t
pct(const int64_t *v, size_t n, double p)
{
	size_t	rank;

	if (n == 0)
		return 0;
	rank = (size_t)ceil(p / 100 * (double)n);
	return v[rank == 0 ? 0 : rank - 1];
}

static void
summary(const struct job *j, const struct shared *sh)
{
	int64_t		*v, first = INT64_MAX, last = 0, sum = 0;
	const struct sample *s;
	unsigned int	 i, ok = 0;
	double		 wall;
	int		 k;

	if ((v = calloc(j->n, sizeof(*v))) == NULL)
		fail("out of memory");
	for (i = 0; i < j->n; i++) {
		s = &sh->s[i];
		if (!s->done)
			continue;
		if (s->t_us < first)
			first = s->t_us;
		if (s->t_us + s->lat_us > last)
			last = s->t_us + s->lat_us;
		if (s->ok) {
			v[ok++] = s->lat_us;
			sum += s->lat_us;
		}
	}
	wall = last > first ? (double)(last - first) / 1000 : 0;
	qsort(v, ok, sizeof(*v), cmp_i64);
	printf("n=%u ok=%u conc=%u wall_ms=%.1f rps=%.2f p50_ms=%.1f "
	    "p95_ms=%.1f p99_ms=%.1f mean_ms=%.1f min_ms=%.1f max_ms=%.1f",
	    j->n, ok, j->conc, wall, wall > 0 ? ok * 1000.0 / wall : 0,
	    (double)pct(v, ok, 50) / 1000, (double)pct(v, ok, 95) / 1000,
	    (double)pct(v, ok, 99) / 1000,
	    ok > 0 ? (double)sum / ok / 1000 : 0,
	    ok > 0 ? (double)v[0] / 1000 : 0,
	    ok > 0 ? (double)v[ok - 1] / 1000 : 0);
	for (k = 0; j->mode == MODE_FLOOR && k < FLOOR_NSTAGES; k++) {
		for (i = 0, ok = 0; i < j->n; i++)
			if (sh->s[i].ok)
				v[ok++] = sh->s[i].stage_us[k];
		qsort(v, ok, sizeof(*v), cmp_i64);
		printf(" %s_ms=%.1f", floor_stage_names[k],
		    (double)pct(v, ok, 50) / 1000);
	}
	printf("\n");
	free(v);
}

static void
rawfile(const struct job *j, const struct shared *sh)
{
	const struct sample	*s;
	FILE			*f;
	unsigned int		 i;
	int			 k;
	int64_t			 first = INT64_MAX;

	if ((f = fopen(j->rawfile, "w")) == NULL)
		fail("%s: %s", j->rawfile, strerror(errno));
	for (i = 0; i < j->n; i++)
		if (sh->s[i].done && sh->s[i].t_us < first)
			first = sh->s[i].t_us;
	fprintf(f, "# request worker t_us latency_us ok");
	for (k = 0; k < FLOOR_NSTAGES; k++)
		fprintf(f, " %s_us", floor_stage_names[k]);
	fprintf(f, "\n");
	for (i = 0; i < j->n; i++) {
		s = &sh->s[i];
		if (!s->done)
			continue;
		fprintf(f, "%u %d %lld %lld %d", i, s->worker,
		    (long long)(s->t_us - first), (long long)s->lat_us, s->ok);
		for (k = 0; k < FLOOR_NSTAGES; k++)
			fprintf(f, " %lld", (long long)s->stage_us[k]);
		fprintf(f, "\n");
	}
	if (fclose(f) == EOF)
		fail("%s: write error", j->rawfile);
}

static int
run(struct job *j)
{
	struct shared	*sh;
	size_t		 size = sizeof(*sh) + j->n * sizeof(struct sample);
	unsigned int	 i, ok = 0;
	pid_t		 pid;
	int		 go[2], status;

	sh = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		fail("mmap: %s", strerror(errno));
	if (pipe(go) == -1)
		fail("pipe: %s", strerror(errno));
	for (i = 0; i < j->conc; i++) {
		if ((pid = fork()) == -1)
			fail("fork: %s", strerror(errno));
		if (pid == 0) {
			close(go[1]);
			j->worker = (int)i;
			worker(j, sh, go[0]);
		}
	}
	close(go[0]);
	close(go[1]);
	while (wait(&status) != -1 || errno == EINTR)
		;
	summary(j, sh);
	if (j->rawfile != NULL)
		rawfile(j, sh);
	for (i = 0; i < j->n; i++)
		ok += sh->s[i].ok != 0;
	munmap(sh, size);
	return ok == j->n ? 0 : BENCH_EXIT_SOME;
}

/* rbbench payload CODE [INPUT] */
static int
payload(int argc, char *argv[])
{
	struct buf	code = { 0 }, input = { 0 }, out = { 0 };

	if (argc < 2 || argc > 3)
		usage();
	readfile(argv[1], &code);
	if (argc == 3)
		readfile(argv[2], &input);
	if (floor_payload(&out, code.data != NULL ? code.data : "", code.len,
	    input.data != NULL ? input.data : "", input.len) == -1)
		fail("out of memory");
	if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) == EOF)
		fail("write error");
	buf_free(&code);
	buf_free(&input);
	buf_free(&out);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* rbbench stats: numbers on stdin, one a line. */
static int
stats(void)
{
	char	 line[256], *end;
	double	*v = NULL, *nv, x, sum = 0;
	size_t	 n = 0, cap = 0, r95, r99;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		x = strtod(line, &end);
		if (end == line)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL)
				fail("out of memory");
			v = nv;
		}
		v[n++] = x;
		sum += x;
	}
	if (n == 0) {
		printf("n=0 min=0 p50=0 p95=0 p99=0 max=0 mean=0\n");
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	r95 = (size_t)ceil(0.95 * (double)n);
	r99 = (size_t)ceil(0.99 * (double)n);
	printf("n=%zu min=%.10g p50=%.10g p95=%.10g p99=%.10g max=%.10g "
	    "mean=%.10g\n", n, v[0], v[(n + 1) / 2 - 1], v[r95 - 1],
	    v[r99 - 1], v[n - 1], sum / (double)n);
	free(v);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct addrinfo	 hints;
	struct job	 j;
	const char	*cmd;
	int		 ch, rc;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "payload") == 0)
		return payload(argc - 1, argv + 1);
	if (strcmp(cmd, "stats") == 0)
		return argc == 2 ? stats() : (usage(), 2);

	memset(&j, 0, sizeof(j));
	j.n = 10;
	j.conc = 1;
	j.timeout_ms = BENCH_TIMEOUT_MS;
	j.fc.socket = "/var/run/docker.sock";
	j.fc.runtime = "runc";
	if (strcmp(cmd, "runbox") == 0)
		j.mode = MODE_RUNBOX;
	else if (strcmp(cmd, "cmd") == 0)
		j.mode = MODE_CMD;
	else if (strcmp(cmd, "floor") == 0)
		j.mode = MODE_FLOOR;
	else
		usage();
	argc--;
	argv++;
	/* "+": the command's own options are not ours. */
	while ((ch = getopt(argc, argv, "+n:c:e:o:w:Q:i:E:FR:S:")) != -1) {
		switch (ch) {
		case 'n':
			j.n = number(optarg, 1, BENCH_MAX_N, "-n");
			break;
		case 'c':
			j.conc = number(optarg, 1, BENCH_MAX_CONC, "-c");
			break;
		case 'e':
			readfile(optarg, &j.expect);
			break;
		case 'o':
			j.rawfile = optarg;
			break;
		case 'w':
			j.timeout_ms = (int)number(optarg, 1, 3600000, "-w");
			break;
		case 'Q':
			j.quiesce = optarg;
			break;
		case 'i':
			j.infile = optarg;
			break;
		case 'E':
			j.error = optarg;
			break;
		case 'F':
			j.frames = 1;
			break;
		case 'R':
			j.fc.runtime = optarg;
			break;
		case 'S':
			j.fc.socket = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (j.conc > j.n)
		j.conc = j.n;
	(void)signal(SIGPIPE, SIG_IGN);

	switch (j.mode) {
	case MODE_RUNBOX:
		if (argc != 3)
			usage();
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(argv[0], argv[1], &hints, &j.ai) != 0)
			fail("cannot resolve %s %s", argv[0], argv[1]);
		readfile(argv[2], &j.send);
		break;
	case MODE_CMD:
		if (argc < 1 || j.infile == NULL)
			usage();
		j.argv = argv;
		break;
	case MODE_FLOOR:
		if (argc < 4)
			usage();
		readfile(argv[0], &j.send);
		j.fc.image = argv[1];
		j.fc.file = argv[2];
		j.fc.command = argv + 3;
		j.fc.ncommand = (size_t)argc - 3;
		break;
	}
	rc = run(&j);
	if (j.ai != NULL)
		freeaddrinfo(j.ai);
	buf_free(&j.expect);
	buf_free(&j.send);
	return rc;
}
