/* docker.c: the Docker Engine API over its unix socket, with libcurl. */
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "docker.h"

#define DOCKER_HEAD_MAX		8192	/* the attach answer's HTTP head */
#define DOCKER_FRAME_HDR	8
#define DOCKER_RECV_CHUNK	65536
#define DOCKER_RECV_ROUNDS	16

/* The client learns that the engine failed; the log learns how. */
#define docker_unavailable(e, ...)	__extension__ ({		\
	err_set((e), ERR_UNAVAILABLE, "container engine unavailable");	\
	err_detail((e), __VA_ARGS__);					\
})

struct docker_sink {
	struct buf	*resp;
	int		 overflow;
};

static size_t
docker_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct docker_sink	*s = arg;
	size_t			 len = size * n;

	if (s->resp->len + len > DOCKER_MAX_RESPONSE) {
		s->overflow = 1;
		return 0;
	}
	if (buf_append(s->resp, p, len) == -1)
		return 0;
	return len;
}

int
docker_open(struct docker *d, const char *socket_path, struct err *e)
{
	memset(d, 0, sizeof(*d));
	if (strlcpy(d->socket, socket_path, sizeof(d->socket)) >=
	    sizeof(d->socket))
		return err_set(e, ERR_INTERNAL, "docker socket path too long");
	if (curl_global_init(CURL_GLOBAL_NOTHING) != CURLE_OK ||
	    (d->curl = curl_easy_init()) == NULL)
		return err_set(e, ERR_INTERNAL, "cannot initialise libcurl");
	return 0;
}

void
docker_close(struct docker *d)
{
	if (d->curl != NULL)
		curl_easy_cleanup(d->curl);
	d->curl = NULL;
}

int
docker_call(struct docker *d, const char *method, const char *path,
    const char *body, int64_t deadline, long *status, struct buf *resp,
    struct err *e)
{
	struct curl_slist	*hdrs = NULL;
	struct docker_sink	 sink = { resp, 0 };
	char			 url[512], errbuf[CURL_ERROR_SIZE] = "";
	CURLcode		 rc;
	int			 left, ret = -1;

	*status = 0;
	if ((left = deadline_left(deadline)) == 0)
		return docker_unavailable(e, "no time left for %s %s", method,
		    path);
	if ((size_t)snprintf(url, sizeof(url), "http://localhost%s%s",
	    DOCKER_API, path) >= sizeof(url))
		return err_set(e, ERR_INTERNAL, "engine URL too long");

	curl_easy_reset(d->curl);
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (hdrs == NULL) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto out;
	}
	curl_easy_setopt(d->curl, CURLOPT_UNIX_SOCKET_PATH, d->socket);
	curl_easy_setopt(d->curl, CURLOPT_URL, url);
	curl_easy_setopt(d->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(d->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(d->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(d->curl, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(d->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(d->curl, CURLOPT_WRITEFUNCTION, docker_write_cb);
	curl_easy_setopt(d->curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(d->curl, CURLOPT_PROTOCOLS_STR, "http");
	if (body != NULL) {
		curl_easy_setopt(d->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(d->curl, CURLOPT_POSTFIELDSIZE,
		    (long)strlen(body));
	} else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(d->curl, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(d->curl, CURLOPT_POSTFIELDSIZE, 0L);
	}

	d->ncalls++;
	rc = curl_easy_perform(d->curl);
	if (rc != CURLE_OK) {
		if (sink.overflow)
			err_set(e, ERR_INTERNAL, "engine answer to %s %s over "
			    "%zu bytes", method, path, DOCKER_MAX_RESPONSE);
		else
			docker_unavailable(e, "%s: %s %s: %s", d->socket,
			    method, path, errbuf[0] != '\0' ? errbuf :
			    curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(d->curl, CURLINFO_RESPONSE_CODE, status);
	ret = 0;
out:
	/* The header list must outlive the transfer only. */
	curl_easy_setopt(d->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(d->curl, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(hdrs);
	return ret;
}

cJSON *
docker_get_json(struct docker *d, const char *path, int64_t deadline,
    long *status)
{
	struct buf	 resp = { 0 };
	struct err	 e;
	cJSON		*root = NULL;

	*status = 0;
	if (docker_call(d, "GET", path, NULL, deadline, status, &resp,
	    &e) == 0 && *status == 200)
		root = cJSON_ParseWithLength(resp.data, resp.len);
	buf_free(&resp);
	return root;
}

void
docker_engine_msg(const struct buf *resp, char *out, size_t len)
{
	cJSON	*root, *m;

	(void)strlcpy(out, "no message", len);
	if (resp->len == 0 ||
	    (root = cJSON_ParseWithLength(resp->data, resp->len)) == NULL)
		return;
	m = cJSON_GetObjectItemCaseSensitive(root, "message");
	if (cJSON_IsString(m))
		(void)strlcpy(out, m->valuestring, len);
	cJSON_Delete(root);
}

char *
docker_escape(struct docker *d, const char *s)
{
	char	*c, *r;

	if ((c = curl_easy_escape(d->curl, s, 0)) == NULL)
		return NULL;
	r = strdup(c);
	curl_free(c);
	return r;
}

/* Connect a raw connection to the engine and send one request on it. */
static int
docker_raw(struct docker *d, struct docker_stream *s, const char *req,
    int64_t deadline, struct err *e)
{
	size_t		 reqlen = strlen(req), off = 0, n;
	CURLcode	 rc;

	memset(s, 0, sizeof(*s));
	s->fd = CURL_SOCKET_BAD;
	if ((s->curl = curl_easy_init()) == NULL)
		return err_set(e, ERR_INTERNAL, "cannot initialise libcurl");
	curl_easy_setopt(s->curl, CURLOPT_UNIX_SOCKET_PATH, d->socket);
	curl_easy_setopt(s->curl, CURLOPT_URL, "http://localhost/");
	curl_easy_setopt(s->curl, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(deadline_left(deadline) + 1));
	d->ncalls++;
	if ((rc = curl_easy_perform(s->curl)) != CURLE_OK)
		return docker_unavailable(e, "%s: %s", d->socket,
		    curl_easy_strerror(rc));
	if (curl_easy_getinfo(s->curl, CURLINFO_ACTIVESOCKET, &s->fd) !=
	    CURLE_OK || s->fd == CURL_SOCKET_BAD)
		return err_set(e, ERR_INTERNAL, "engine connection: no socket");
	while (off < reqlen) {
		rc = curl_easy_send(s->curl, req + off, reqlen - off, &n);
		if (rc == CURLE_AGAIN) {
			if (deadline_poll(s->fd, POLLOUT, deadline) <= 0)
				return docker_unavailable(e,
				    "engine did not take the request");
			continue;
		}
		if (rc != CURLE_OK)
			return docker_unavailable(e, "engine: send: %s",
			    curl_easy_strerror(rc));
		off += n;
	}
	return 0;
}

int
docker_post_nowait(struct docker *d, struct docker_stream *s,
    const char *path, int64_t deadline, struct err *e)
{
	char	req[512];

	if ((size_t)snprintf(req, sizeof(req), "POST %s%s HTTP/1.1\r\n"
	    "Host: localhost\r\nContent-Length: 0\r\n\r\n", DOCKER_API,
	    path) >= sizeof(req))
		return err_set(e, ERR_INTERNAL, "engine path too long");
	return docker_raw(d, s, req, deadline, e);
}

int
docker_hijack(struct docker *d, struct docker_stream *s, const char *what,
    const char *path, int64_t deadline, long *status, struct err *e)
{
	char		 req[512], head[DOCKER_HEAD_MAX], *end;
	size_t		 n, have = 0;
	CURLcode	 rc;

	*status = 0;
	if ((size_t)snprintf(req, sizeof(req), "POST %s%s HTTP/1.1\r\n"
	    "Host: localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
	    "Content-Length: 0\r\n\r\n", DOCKER_API, path) >= sizeof(req))
		return err_set(e, ERR_INTERNAL, "engine path too long");
	if (docker_raw(d, s, req, deadline, e) == -1)
		return -1;

	/* The HTTP head; whatever follows it belongs to the stream. */
	for (;;) {
		if (have == sizeof(head) - 1)
			return docker_unavailable(e,
			    "%s: answer head too long", what);
		rc = curl_easy_recv(s->curl, head + have,
		    sizeof(head) - 1 - have, &n);
		if (rc == CURLE_AGAIN) {
			if (deadline_poll(s->fd, POLLIN, deadline) <= 0)
				return docker_unavailable(e,
				    "%s: engine did not answer in time", what);
			continue;
		}
		if (rc != CURLE_OK || n == 0)
			return docker_unavailable(e,
			    "%s: connection closed before the answer", what);
		have += n;
		head[have] = '\0';
		if ((end = strstr(head, "\r\n\r\n")) != NULL)
			break;
	}
	if (sscanf(head, "HTTP/1.%*d %ld", status) != 1)
		return docker_unavailable(e, "%s: not an HTTP answer", what);
	end += 4;
	if (buf_append(&s->pending, end, have - (size_t)(end - head)) == -1)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return 0;
}

ssize_t
docker_stream_send(struct docker_stream *s, const void *p, size_t len)
{
	size_t		n = 0;
	CURLcode	rc;

	rc = curl_easy_send(s->curl, p, len, &n);
	if (rc == CURLE_AGAIN)
		return 0;
	if (rc != CURLE_OK) {
		errno = EPIPE;
		return -1;
	}
	return (ssize_t)n;
}

/* Demultiplex n bytes: 8-byte headers, then that many payload bytes. */
static int
docker_demux(struct docker_stream *s, const char *p, size_t n,
    int (*fn)(void *, int, const char *, size_t), void *arg)
{
	size_t	take;

	while (n > 0) {
		if (s->cur_left == 0) {
			take = DOCKER_FRAME_HDR - s->hdr_have;
			if (take > n)
				take = n;
			memcpy(s->hdr + s->hdr_have, p, take);
			s->hdr_have += take;
			p += take;
			n -= take;
			if (s->hdr_have < DOCKER_FRAME_HDR)
				break;
			s->hdr_have = 0;
			s->cur_stream = s->hdr[0];
			s->cur_left = (size_t)s->hdr[4] << 24 |
			    (size_t)s->hdr[5] << 16 | (size_t)s->hdr[6] << 8 |
			    (size_t)s->hdr[7];
			if (s->cur_stream != DOCKER_STDOUT &&
			    s->cur_stream != DOCKER_STDERR &&
			    s->cur_stream != 0)
				return -1;
			continue;
		}
		take = s->cur_left < n ? s->cur_left : n;
		s->cur_left -= take;
		/* Stream 0 (stdin echo) carries nothing of the program's. */
		if (s->cur_stream != 0 && fn(arg, s->cur_stream, p, take) == -1)
			return -2;
		p += take;
		n -= take;
	}
	return 0;
}

int
docker_stream_recv(struct docker_stream *s,
    int (*fn)(void *, int, const char *, size_t), void *arg)
{
	char		buf[DOCKER_RECV_CHUNK];
	size_t		n;
	CURLcode	rc;
	int		r, i;

	if (s->pending.len > 0) {
		r = docker_demux(s, s->pending.data, s->pending.len, fn, arg);
		buf_free(&s->pending);
		if (r != 0)
			return r;
	}
	/* A few chunks at most, so that the caller sees its deadline. */
	for (i = 0; i < DOCKER_RECV_ROUNDS; i++) {
		rc = curl_easy_recv(s->curl, buf, sizeof(buf), &n);
		if (rc == CURLE_AGAIN)
			return 0;
		if (rc != CURLE_OK)
			return -1;
		if (n == 0)
			return 1;
		if ((r = docker_demux(s, buf, n, fn, arg)) != 0)
			return r;
	}
	return 0;
}

void
docker_stream_close(struct docker_stream *s)
{
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	s->curl = NULL;
	s->fd = CURL_SOCKET_BAD;
	buf_free(&s->pending);
}
