/*
 * floor.c: the floor of make bench, a minimal Docker Engine API client.
 * Create, attach (a hijacked connection: CURLOPT_CONNECT_ONLY and
 * curl_easy_send/recv), start, hand the code over on the attach stream,
 * read the output until the handoff's end frame (or the end of the
 * stream), wait, delete.  The plain calls go over one kept-alive
 * connection per worker.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "floor.h"

#define FLOOR_API		"/v1.41"
#define FLOOR_CALL_MS		30000L	/* any one call */
#define FLOOR_STREAM_MS		30000	/* start to the end of the stream */
#define FLOOR_HEAD_MAX		8192	/* the attach answer's HTTP head */
#define FLOOR_RESP_MAX		((size_t)1024 * 1024)	/* a JSON answer */
#define FLOOR_OUT_MAX		((size_t)64 * 1024 * 1024)	/* its stdout */
#define FLOOR_FRAME_HDR		8
#define FLOOR_CHUNK		65536
#define FLOOR_ID_MAX		80
#define FLOOR_TAG_HDR		5	/* the handoff's own frames */
#define FLOOR_TOKEN		"00000000000000000000000000000000"
#define FLOOR_TOKEN_LEN		32
/*
 * Deadline ms, grace ms, cap bytes, pin, compile deadline ms, wait,
 * step.
 */
#define FLOOR_LIMITS		"3000 250 1048576 1 0 0 0"
#define FLOOR_REPORT_NUMS	3	/* CPU_MS RSS_KB WALL_MS */

/*
 * runbox's constants (src/sandbox.h) and its default limits
 * (src/config.c), which the bench config leaves as they are.
 */
#define FLOOR_HANDOFF		"/usr/local/bin/runbox-handoff"
#define FLOOR_USER		"65534:65534"
#define FLOOR_WORKDIR		"/tmp"
#define FLOOR_MIB		(1024LL * 1024)
#define FLOOR_MEMORY_MB		64
#define FLOOR_PIDS		64
#define FLOOR_NANO_CPUS		1000000000LL
#define FLOOR_TMPFS_MB		16
#define FLOOR_NOFILE		256
/*
 * timeout_ms + SANDBOX_TERM_GRACE_MS + SANDBOX_BACKSTOP_MS +
 * SANDBOX_API_MS + SANDBOX_GRACE_MS, + SANDBOX_REAP_MARGIN_S
 */
#define FLOOR_LABEL_S		((3000 + 250 + 1500 + 10000 + 2000) / 1000 + 60)

const char *const floor_stage_names[FLOOR_NSTAGES] = {
	"create", "attach", "start", "first", "stream", "wait", "delete"
};

/*
 * Demultiplexing state of the attach stream: 8-byte headers, payloads;
 * and how far the handoff's frames kept from it have been looked at.
 */
struct floor_demux {
	unsigned char	hdr[FLOOR_FRAME_HDR];
	size_t		hdr_have;
	int		stream;
	size_t		left;
	size_t		seen;		/* bytes of whole frames in out */
	int		ended;		/* the end frame is among them */
};

static int64_t
floor_now(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Record how long stage s took, and start the next one. */
static void
floor_lap(int64_t *stage_us, enum floor_stage s, int64_t *t)
{
	int64_t	now = floor_now();

	stage_us[s] = now - *t;
	*t = now;
}

static size_t
floor_sink(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;
	size_t		 len = size * n;

	if (b->len + len > FLOOR_RESP_MAX || buf_append(b, p, len) == -1)
		return 0;
	return len;
}

int
floor_open(struct floor *f, const struct floor_conf *conf)
{
	memset(f, 0, sizeof(*f));
	f->conf = conf;
	if (curl_global_init(CURL_GLOBAL_NOTHING) != CURLE_OK ||
	    (f->api = curl_easy_init()) == NULL)
		return -1;
	return 0;
}

void
floor_close(struct floor *f)
{
	if (f->api != NULL)
		curl_easy_cleanup(f->api);
	f->api = NULL;
}

/* The owner label's size (REAP_OWNER_MAX), a field of /proc/PID/stat. */
#define FLOOR_OWNER_MAX		96
#define FLOOR_STAT_START	22	/* the process's start time */

/*
 * runbox's reap_owner_label (src/reap.c): "BOOT:PIDNS:PID:START", this
 * boot's id, the inode of the pid namespace, the pid and its start time,
 * read from /proc as runbox reads them, so that runbox --reap treats a
 * floor container as it treats runbox's.  -1 when /proc does not tell.
 */
static int
floor_owner(char *out, size_t len)
{
	char			 boot[64], ns[64], st[1024], *p, *tok;
	unsigned long long	 ino, start;
	FILE			*f;
	ssize_t			 n;
	int			 fd, field;

	if ((f = fopen("/proc/sys/kernel/random/boot_id", "re")) == NULL)
		return -1;
	p = fgets(boot, sizeof(boot), f);
	(void)fclose(f);
	if (p == NULL)
		return -1;
	boot[strcspn(boot, "\n")] = '\0';
	if ((n = readlink("/proc/self/ns/pid", ns, sizeof(ns) - 1)) <= 0)
		return -1;
	ns[n] = '\0';
	if (sscanf(ns, "pid:[%llu]", &ino) != 1)
		return -1;
	if ((fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, st, sizeof(st) - 1);
	(void)close(fd);
	if (n <= 0)
		return -1;
	st[n] = '\0';
	/* Past the command's name, which may hold spaces and ')'. */
	if ((p = strrchr(st, ')')) == NULL)
		return -1;
	for (field = 3, tok = strtok(p + 1, " "); tok != NULL &&
	    field < FLOOR_STAT_START; field++)
		tok = strtok(NULL, " ");
	if (tok == NULL || (start = strtoull(tok, NULL, 10)) == 0)
		return -1;
	n = snprintf(out, len, "%s:%llu:%ld:%llu", boot, ino, (long)getpid(),
	    start);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/*
 * A copy of runbox's sandbox_body (src/sandbox.c), member for member and
 * in the same order, with runbox's default limits: keep it in step, or
 * the floor stops measuring the same container.
 */
char *
floor_body(const struct floor_conf *c)
{
	cJSON		*root, *host, *arr, *obj, *ul;
	char		 tmpfs[128], label[32], owner[FLOOR_OWNER_MAX];
	long long	 mem = FLOOR_MEMORY_MB * FLOOR_MIB;
	long long	 tmpfs_bytes = FLOOR_TMPFS_MB * FLOOR_MIB;
	char		*out;
	size_t		 i;

	snprintf(label, sizeof(label), "%lld",
	    (long long)time(NULL) + FLOOR_LABEL_S);
	snprintf(tmpfs, sizeof(tmpfs),
	    "rw,nosuid,nodev,noexec,size=%dm,mode=1777", FLOOR_TMPFS_MB);

	if ((root = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(root, "Image", c->image);
	arr = cJSON_AddArrayToObject(root, "Cmd");
	cJSON_AddItemToArray(arr, cJSON_CreateString(FLOOR_HANDOFF));
	cJSON_AddItemToArray(arr, cJSON_CreateString(c->file));
	for (i = 0; i < c->ncommand; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(c->command[i]));
	cJSON_AddItemToObject(root, "Entrypoint", cJSON_CreateArray());
	arr = cJSON_AddArrayToObject(root, "Env");
	cJSON_AddItemToArray(arr,
	    cJSON_CreateString("PATH=/usr/local/bin:/usr/bin:/bin"));
	cJSON_AddItemToArray(arr, cJSON_CreateString("HOME=" FLOOR_WORKDIR));
	cJSON_AddItemToArray(arr, cJSON_CreateString("LANG=C.UTF-8"));
	cJSON_AddStringToObject(root, "Hostname", "runbox");
	cJSON_AddStringToObject(root, "User", FLOOR_USER);
	cJSON_AddStringToObject(root, "WorkingDir", FLOOR_WORKDIR);
	cJSON_AddTrueToObject(root, "NetworkDisabled");
	cJSON_AddTrueToObject(root, "AttachStdin");
	cJSON_AddTrueToObject(root, "AttachStdout");
	cJSON_AddTrueToObject(root, "AttachStderr");
	cJSON_AddTrueToObject(root, "OpenStdin");
	cJSON_AddFalseToObject(root, "StdinOnce");
	cJSON_AddFalseToObject(root, "Tty");
	obj = cJSON_AddObjectToObject(root, "Labels");
	cJSON_AddStringToObject(obj, "runbox", label);
	if (floor_owner(owner, sizeof(owner)) == 0)
		cJSON_AddStringToObject(obj, "runbox.owner", owner);

	host = cJSON_AddObjectToObject(root, "HostConfig");
	cJSON_AddStringToObject(host, "NetworkMode", "none");
	cJSON_AddNumberToObject(host, "Memory", (double)mem);
	cJSON_AddNumberToObject(host, "MemorySwap", (double)mem);
	cJSON_AddNumberToObject(host, "PidsLimit", FLOOR_PIDS);
	cJSON_AddNumberToObject(host, "NanoCpus", (double)FLOOR_NANO_CPUS);
	cJSON_AddNumberToObject(host, "OomScoreAdj", 1000);
	cJSON_AddTrueToObject(host, "ReadonlyRootfs");
	cJSON_AddFalseToObject(host, "Init");
	cJSON_AddStringToObject(host, "IpcMode", "private");
	cJSON_AddNumberToObject(host, "ShmSize", (double)tmpfs_bytes);
	arr = cJSON_AddArrayToObject(host, "CapDrop");
	cJSON_AddItemToArray(arr, cJSON_CreateString("ALL"));
	arr = cJSON_AddArrayToObject(host, "SecurityOpt");
	cJSON_AddItemToArray(arr, cJSON_CreateString("no-new-privileges"));
	obj = cJSON_AddObjectToObject(host, "Tmpfs");
	cJSON_AddStringToObject(obj, FLOOR_WORKDIR, tmpfs);
	obj = cJSON_AddObjectToObject(host, "LogConfig");
	cJSON_AddStringToObject(obj, "Type", "none");
	cJSON_AddStringToObject(host, "Runtime", c->runtime);
	arr = cJSON_AddArrayToObject(host, "Ulimits");
	ul = cJSON_CreateObject();
	cJSON_AddStringToObject(ul, "Name", "nofile");
	cJSON_AddNumberToObject(ul, "Soft", FLOOR_NOFILE);
	cJSON_AddNumberToObject(ul, "Hard", FLOOR_NOFILE);
	cJSON_AddItemToArray(arr, ul);
	ul = cJSON_CreateObject();
	cJSON_AddStringToObject(ul, "Name", "fsize");
	cJSON_AddNumberToObject(ul, "Soft", (double)tmpfs_bytes);
	cJSON_AddNumberToObject(ul, "Hard", (double)tmpfs_bytes);
	cJSON_AddItemToArray(arr, ul);

	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static int
floor_ns(struct buf *b, const char *p, size_t n)
{
	if (buf_appendf(b, "%zu:", n) == -1 || buf_append(b, p, n) == -1 ||
	    buf_append(b, ",", 1) == -1)
		return -1;
	return 0;
}

/*
 * runbox's sandbox_payload (handoff protocol 7) for a plain run: a
 * token, the limits (runbox's default deadline and output cap, the
 * SIGTERM grace, one CPU, no compile stage, no word between tests), the
 * argument count and arguments (none), the file count and files (none),
 * the code, the test count (1) and the input, the count of files to
 * return (none).
 */
int
floor_payload(struct buf *b, const char *code, size_t code_len,
    const char *input, size_t input_len)
{
	if (floor_ns(b, FLOOR_TOKEN, strlen(FLOOR_TOKEN)) == -1 ||
	    floor_ns(b, FLOOR_LIMITS, strlen(FLOOR_LIMITS)) == -1 ||
	    floor_ns(b, "0", 1) == -1 || floor_ns(b, "0", 1) == -1 ||
	    floor_ns(b, code, code_len) == -1 ||
	    floor_ns(b, "1", 1) == -1 ||
	    floor_ns(b, input, input_len) == -1 ||
	    floor_ns(b, "0", 1) == -1)
		return -1;
	return 0;
}

/* The data length of the frame whose header is at p. */
static size_t
floor_frame_len(const unsigned char *p)
{
	return (size_t)p[1] << 24 | (size_t)p[2] << 16 | (size_t)p[3] << 8 |
	    p[4];
}

/* Is p (n bytes) our token? */
static int
floor_is_token(const unsigned char *p, size_t n)
{
	return n >= FLOOR_TOKEN_LEN &&
	    memcmp(p, FLOOR_TOKEN, FLOOR_TOKEN_LEN) == 0;
}

static int
floor_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * An exit report's data (n bytes), as protocol 7 has it: TOKEN " " KIND
 * DDD OOM END " " CPU_MS " " RSS_KB " " WALL_MS, with our token.
 */
static int
floor_report_ok(const unsigned char *p, size_t n)
{
	size_t	i, k;

	if (!floor_is_token(p, n))
		return 0;
	p += FLOOR_TOKEN_LEN;
	n -= FLOOR_TOKEN_LEN;
	if (n < 7 || p[0] != ' ' || (p[1] != 'e' && p[1] != 's') ||
	    !floor_digit(p[2]) || !floor_digit(p[3]) || !floor_digit(p[4]) ||
	    memchr("yn?", p[5], 3) == NULL || memchr("nto", p[6], 3) == NULL)
		return 0;
	for (i = 7, k = 0; k < FLOOR_REPORT_NUMS; k++) {
		if (i + 1 >= n || p[i] != ' ' || !floor_digit(p[i + 1]))
			return 0;
		for (i++; i < n && floor_digit(p[i]); i++)
			;
	}
	return i == n;
}

int
floor_unframe(struct buf *out)
{
	size_t		 i = 0, keep = 0, n;
	unsigned char	*p = (unsigned char *)out->data, tag;

	while (i + FLOOR_TAG_HDR <= out->len) {
		tag = p[i];
		n = floor_frame_len(p + i);
		if (n > out->len - i - FLOOR_TAG_HDR)
			return -1;
		/* What follows the end is dropped, as runbox drops it. */
		if (tag == 'z') {
			if (n != FLOOR_TOKEN_LEN ||
			    !floor_is_token(p + i + FLOOR_TAG_HDR, n))
				return -1;
			out->len = keep;
			return 0;
		}
		if (tag == 'x' && !floor_report_ok(p + i + FLOOR_TAG_HDR, n))
			return -1;
		/* Moving the data down may overwrite this header: read first. */
		if (tag == 'o') {
			memmove(p + keep, p + i + FLOOR_TAG_HDR, n);
			keep += n;
		}
		i += FLOOR_TAG_HDR + n;
	}
	/* A stream without its end frame: cut, or not protocol 7. */
	return -1;
}

/*
 * Look at the whole frames out holds since the last look: is the end
 * frame among them?  The frames are checked later, by floor_unframe.
 */
static int
floor_ended(struct floor_demux *d, const struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)out->data;
	size_t			 n;

	while (!d->ended && out->len - d->seen >= FLOOR_TAG_HDR) {
		n = floor_frame_len(p + d->seen);
		if (n > out->len - d->seen - FLOOR_TAG_HDR)
			break;
		d->ended = p[d->seen] == 'z';
		d->seen += FLOOR_TAG_HDR + n;
	}
	return d->ended;
}

/* One call on the kept-alive connection; fills *status and resp. */
static int
floor_call(struct floor *f, const char *method, const char *path,
    const char *body, long *status, struct buf *resp)
{
	struct curl_slist	*hdrs = NULL;
	char			 url[512];
	CURLcode		 rc;

	*status = 0;
	resp->len = 0;
	snprintf(url, sizeof(url), "http://localhost" FLOOR_API "%s", path);
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_reset(f->api);
	curl_easy_setopt(f->api, CURLOPT_UNIX_SOCKET_PATH, f->conf->socket);
	curl_easy_setopt(f->api, CURLOPT_URL, url);
	curl_easy_setopt(f->api, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(f->api, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(f->api, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(f->api, CURLOPT_TIMEOUT_MS, FLOOR_CALL_MS);
	curl_easy_setopt(f->api, CURLOPT_WRITEFUNCTION, floor_sink);
	curl_easy_setopt(f->api, CURLOPT_WRITEDATA, resp);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(f->api, CURLOPT_POSTFIELDS,
		    body != NULL ? body : "");
		curl_easy_setopt(f->api, CURLOPT_POSTFIELDSIZE,
		    body != NULL ? (long)strlen(body) : 0L);
	}
	rc = curl_easy_perform(f->api);
	curl_easy_setopt(f->api, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		snprintf(f->err, sizeof(f->err), "%s %s: %s", method, path,
		    curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(f->api, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

/* A member of a JSON answer: the string "Id" or the number "StatusCode". */
static int
floor_field(struct floor *f, const struct buf *resp, const char *name,
    char *s, size_t size, int *num)
{
	cJSON	*root, *v;
	int	 ret = -1;

	root = cJSON_ParseWithLength(resp->data != NULL ? resp->data : "",
	    resp->len);
	v = cJSON_GetObjectItemCaseSensitive(root, name);
	if (s != NULL && cJSON_IsString(v) &&
	    strlcpy(s, v->valuestring, size) < size)
		ret = 0;
	else if (num != NULL && cJSON_IsNumber(v)) {
		*num = v->valueint;
		ret = 0;
	}
	cJSON_Delete(root);
	if (ret == -1)
		snprintf(f->err, sizeof(f->err), "no %s in %.200s", name,
		    resp->data != NULL ? resp->data : "");
	return ret;
}

/* The hijacked attach connection: its HTTP head read, 101 checked. */
static int
floor_attach(struct floor *f, const char *id, CURL *c, curl_socket_t *fd,
    struct buf *pending)
{
	char		 req[512], head[FLOOR_HEAD_MAX], *end;
	size_t		 reqlen, n, off = 0, have = 0;
	long		 code;
	CURLcode	 rc;
	struct pollfd	 pfd;

	reqlen = (size_t)snprintf(req, sizeof(req), "POST " FLOOR_API
	    "/containers/%s/attach?stream=1&stdin=1&stdout=1&stderr=1 "
	    "HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
	    "Upgrade: tcp\r\nContent-Length: 0\r\n\r\n", id);
	curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, f->conf->socket);
	curl_easy_setopt(c, CURLOPT_URL, "http://localhost/");
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, FLOOR_CALL_MS);
	if ((rc = curl_easy_perform(c)) != CURLE_OK ||
	    curl_easy_getinfo(c, CURLINFO_ACTIVESOCKET, fd) != CURLE_OK ||
	    *fd == CURL_SOCKET_BAD) {
		snprintf(f->err, sizeof(f->err), "attach: connect: %s",
		    curl_easy_strerror(rc));
		return -1;
	}
	pfd.fd = *fd;
	while (off < reqlen) {
		rc = curl_easy_send(c, req + off, reqlen - off, &n);
		if (rc == CURLE_AGAIN) {
			pfd.events = POLLOUT;
			(void)poll(&pfd, 1, FLOOR_CALL_MS);
			continue;
		}
		if (rc != CURLE_OK)
			goto fail;
		off += n;
	}
	for (;;) {
		if (have == sizeof(head) - 1)
			goto fail;
		rc = curl_easy_recv(c, head + have, sizeof(head) - 1 - have,
		    &n);
		if (rc == CURLE_AGAIN) {
			pfd.events = POLLIN;
			if (poll(&pfd, 1, FLOOR_CALL_MS) == 0)
				goto fail;
			continue;
		}
		if (rc != CURLE_OK || n == 0)
			goto fail;
		have += n;
		head[have] = '\0';
		if ((end = strstr(head, "\r\n\r\n")) != NULL)
			break;
	}
	if (sscanf(head, "HTTP/1.%*d %ld", &code) != 1 || code != 101)
		goto fail;
	end += 4;
	return buf_append(pending, end, have - (size_t)(end - head));
fail:
	snprintf(f->err, sizeof(f->err), "attach: no 101 from the engine");
	return -1;
}

/* Keep the program's stdout; drop stderr and the frame headers. */
static int
floor_demux(struct floor_demux *d, const char *p, size_t n, struct buf *out)
{
	size_t	take;

	while (n > 0) {
		if (d->left == 0) {
			take = FLOOR_FRAME_HDR - d->hdr_have;
			take = take < n ? take : n;
			memcpy(d->hdr + d->hdr_have, p, take);
			d->hdr_have += take;
			p += take;
			n -= take;
			if (d->hdr_have < FLOOR_FRAME_HDR)
				break;
			d->hdr_have = 0;
			d->stream = d->hdr[0];
			d->left = (size_t)d->hdr[4] << 24 |
			    (size_t)d->hdr[5] << 16 | (size_t)d->hdr[6] << 8 |
			    (size_t)d->hdr[7];
			continue;
		}
		take = d->left < n ? d->left : n;
		if (d->stream == 1 && (out->len + take > FLOOR_OUT_MAX ||
		    buf_append(out, p, take) == -1))
			return -1;
		d->left -= take;
		p += take;
		n -= take;
	}
	return 0;
}

/*
 * Send the payload and read until the handoff's end frame, as runbox
 * does, or until the stream ends.  Laps FLOOR_FIRST at the first bytes
 * read and FLOOR_STREAM at the end.
 */
static int
floor_io(struct floor *f, CURL *c, curl_socket_t fd, const struct buf *pending,
    const char *payload, size_t len, struct buf *out, int64_t *stage_us,
    int64_t *t)
{
	struct floor_demux	 d;
	struct pollfd		 pfd;
	char			 chunk[FLOOR_CHUNK];
	int64_t			 end = floor_now() + FLOOR_STREAM_MS * 1000LL;
	size_t			 sent = 0, n;
	int			 first = 1, left;
	CURLcode		 rc;

	memset(&d, 0, sizeof(d));
	if (pending->len > 0) {
		floor_lap(stage_us, FLOOR_FIRST, t);
		first = 0;
		if (floor_demux(&d, pending->data, pending->len, out) == -1)
			goto nomem;
		if (floor_ended(&d, out)) {
			floor_lap(stage_us, FLOOR_STREAM, t);
			return 0;
		}
	}
	pfd.fd = fd;
	for (;;) {
		if ((left = (int)((end - floor_now()) / 1000)) <= 0) {
			snprintf(f->err, sizeof(f->err),
			    "the stream did not end in %d ms", FLOOR_STREAM_MS);
			return -1;
		}
		pfd.events = POLLIN | (sent < len ? POLLOUT : 0);
		pfd.revents = 0;
		if (poll(&pfd, 1, left) == -1 && errno != EINTR) {
			snprintf(f->err, sizeof(f->err), "poll: %s",
			    strerror(errno));
			return -1;
		}
		if (pfd.revents & POLLOUT) {
			rc = curl_easy_send(c, payload + sent, len - sent, &n);
			if (rc == CURLE_OK)
				sent += n;
			else if (rc != CURLE_AGAIN)	/* the exit tells */
				sent = len;
		}
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
			continue;
		for (;;) {
			rc = curl_easy_recv(c, chunk, sizeof(chunk), &n);
			if (rc == CURLE_AGAIN)
				break;
			if (rc != CURLE_OK || n == 0) {
				if (first)
					floor_lap(stage_us, FLOOR_FIRST, t);
				floor_lap(stage_us, FLOOR_STREAM, t);
				return 0;
			}
			if (first) {
				floor_lap(stage_us, FLOOR_FIRST, t);
				first = 0;
			}
			if (floor_demux(&d, chunk, n, out) == -1)
				goto nomem;
			if (floor_ended(&d, out)) {
				floor_lap(stage_us, FLOOR_STREAM, t);
				return 0;
			}
		}
	}
nomem:
	snprintf(f->err, sizeof(f->err), "output over %zu bytes or no memory",
	    FLOOR_OUT_MAX);
	return -1;
}

int
floor_run(struct floor *f, const char *payload, size_t len, struct buf *out,
    int *code, int64_t stage_us[FLOOR_NSTAGES])
{
	struct buf	 resp = { 0 }, pending = { 0 };
	char		*body = NULL, id[FLOOR_ID_MAX] = "", path[160];
	CURL		*att = NULL;
	curl_socket_t	 fd;
	int64_t		 t = floor_now();
	long		 status;
	int		 ret = -1;

	memset(stage_us, 0, FLOOR_NSTAGES * sizeof(*stage_us));
	*code = -1;
	f->err[0] = '\0';
	if ((body = floor_body(f->conf)) == NULL ||
	    (att = curl_easy_init()) == NULL) {
		snprintf(f->err, sizeof(f->err), "out of memory");
		goto out;
	}
	if (floor_call(f, "POST", "/containers/create", body, &status,
	    &resp) == -1)
		goto out;
	if (status != 201) {
		snprintf(f->err, sizeof(f->err), "create: engine answered %ld: "
		    "%.200s", status, resp.data != NULL ? resp.data : "");
		goto out;
	}
	if (floor_field(f, &resp, "Id", id, sizeof(id), NULL) == -1)
		goto out;
	floor_lap(stage_us, FLOOR_CREATE, &t);

	if (floor_attach(f, id, att, &fd, &pending) == -1)
		goto out;
	floor_lap(stage_us, FLOOR_ATTACH, &t);

	snprintf(path, sizeof(path), "/containers/%s/start", id);
	if (floor_call(f, "POST", path, NULL, &status, &resp) == -1)
		goto out;
	if (status != 204) {
		snprintf(f->err, sizeof(f->err), "start: engine answered %ld: "
		    "%.200s", status, resp.data != NULL ? resp.data : "");
		goto out;
	}
	floor_lap(stage_us, FLOOR_START, &t);

	if (floor_io(f, att, fd, &pending, payload, len, out, stage_us,
	    &t) == -1)
		goto out;
	if (floor_unframe(out) == -1) {
		snprintf(f->err, sizeof(f->err), "the handoff's stdout is not "
		    "protocol 7 frames up to an end frame");
		goto out;
	}
	curl_easy_cleanup(att);
	att = NULL;

	snprintf(path, sizeof(path), "/containers/%s/wait", id);
	if (floor_call(f, "POST", path, NULL, &status, &resp) == -1)
		goto out;
	if (status != 200 ||
	    floor_field(f, &resp, "StatusCode", NULL, 0, code) == -1) {
		snprintf(f->err, sizeof(f->err), "wait: engine answered %ld",
		    status);
		goto out;
	}
	floor_lap(stage_us, FLOOR_WAIT, &t);
	ret = 0;
out:
	if (att != NULL)
		curl_easy_cleanup(att);
	if (id[0] != '\0') {
		snprintf(path, sizeof(path), "/containers/%s?force=1&v=1", id);
		if (floor_call(f, "DELETE", path, NULL, &status, &resp) == -1 ||
		    (status != 204 && status != 404)) {
			if (ret == 0)
				snprintf(f->err, sizeof(f->err),
				    "delete: engine answered %ld", status);
			ret = -1;
		}
		floor_lap(stage_us, FLOOR_DELETE, &t);
	}
	free(body);
	buf_free(&resp);
	buf_free(&pending);
	return ret;
}
