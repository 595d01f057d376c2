/*
 * fuzz-http: libFuzzer target for the HTTP/1.1 request reader.  Byte 0
 * says how many of the request's bytes are handed over as first (0 to 8)
 * and whether the request comes through a pipe (byte-at-a-time path) or a
 * socket pair (the peek path); byte 1 sets max_header (16 to 1036).  The
 * rest goes in through the fd, half-closed, as a client would send it.
 *
 * Checked: http_read returns 0, or -1 with a status of the contract and
 * the error code that goes with it and nothing left in the request; on 0
 * the whole input was consumed, the body is its last body_len bytes, no
 * more than max_body, and as long as the Content-Length line says; what
 * went to out_fd is nothing or exactly one 100 Continue, and only for a
 * body.  Leaks are ASan's to find.
 */
#include <sys/socket.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api.h"
#include "deadline.h"
#include "http.h"
#include "playground.h"

#define FUZZ_MAX_BODY	256
#define FUZZ_MAX_INPUT	60000	/* under a pipe's 64 KiB: no writer */
#define FUZZ_CONTINUE	"HTTP/1.1 100 Continue\r\n\r\n"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	fuzz_status_ok(int, enum err_code);
static int	fuzz_length(const char *, size_t, size_t *);
static size_t	fuzz_drain(int, char *, size_t);

/* The statuses of the contract and the code each goes with. */
static int
fuzz_status_ok(int status, enum err_code code)
{
	switch (status) {
	case 400:
	case 411:
	case 417:
	case 505:
		return code == ERR_BAD_FRAME;
	case 408:
		return code == ERR_READ_TIMEOUT;
	case 413:
	case 431:
		return code == ERR_TOO_LARGE;
	case 500:
		return code == ERR_INTERNAL;
	default:
		return 0;
	}
}

/*
 * The oracle: the value of a "Content-Length:" line in the n header bytes
 * at p, found without http-parser.  Returns whether there is one.
 */
static int
fuzz_length(const char *p, size_t n, size_t *len)
{
	static const char	name[] = "content-length:";
	size_t			i, j, v;

	for (i = 1; i + sizeof(name) - 1 <= n; i++) {
		if (p[i - 1] != '\n' ||
		    strncasecmp(p + i, name, sizeof(name) - 1) != 0)
			continue;
		j = i + sizeof(name) - 1;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		for (v = 0; j < n && p[j] >= '0' && p[j] <= '9'; j++)
			v = v > FUZZ_MAX_BODY ? v : v * 10 + (size_t)(p[j] - '0');
		*len = v;
		return 1;
	}
	return 0;
}

static size_t
fuzz_drain(int fd, char *buf, size_t n)
{
	size_t	off = 0;
	ssize_t	r;

	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	while (off < n && (r = read(fd, buf + off, n - off)) > 0)
		off += (size_t)r;
	return off;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request	 req;
	struct err		 e;
	const char		*in;
	char			 out[64], rest[16], lang[API_LANGUAGE_MAX];
	size_t			 n, nfirst, maxh, nout, cl;
	int			 io[2], o[2], sock, r, status;

	if (size < 2 || size > FUZZ_MAX_INPUT)
		return 0;
	nfirst = data[0] % 9;
	sock = (data[0] / 9) & 1;
	maxh = 16 + (size_t)data[1] * 4;
	in = (const char *)data + 2;
	n = size - 2;
	if (nfirst > n)
		nfirst = n;

	if ((sock ? socketpair(AF_UNIX, SOCK_STREAM, 0, io) : pipe(io)) == -1)
		return 0;
	if (pipe(o) == -1) {
		close(io[0]);
		close(io[1]);
		return 0;
	}
	if (n > nfirst && write(io[1], in + nfirst, n - nfirst) !=
	    (ssize_t)(n - nfirst))
		__builtin_trap();
	close(io[1]);

	memset(&e, 0, sizeof(e));
	r = http_read(io[0], o[1], in, nfirst, maxh, FUZZ_MAX_BODY,
	    deadline_in(1000), &req, &status, &e);
	nout = fuzz_drain(o[0], out, sizeof(out));
	if (nout != 0 && (nout != sizeof(FUZZ_CONTINUE) - 1 ||
	    memcmp(out, FUZZ_CONTINUE, nout) != 0))
		__builtin_trap();

	if (r == 0) {
		if (req.method[0] == '\0' ||
		    memchr(req.method, '\0', sizeof(req.method)) == NULL ||
		    req.target == NULL || req.http_minor < 0 ||
		    req.http_minor > 1 || req.body_len > FUZZ_MAX_BODY ||
		    (req.body == NULL) != (req.body_len == 0) ||
		    (req.body != NULL && req.body[req.body_len] != '\0'))
			__builtin_trap();
		/* Everything was read, and the body came last. */
		if (fuzz_drain(io[0], rest, sizeof(rest)) != 0 ||
		    req.body_len > n || (req.body_len > 0 &&
		    memcmp(req.body, in + n - req.body_len, req.body_len) != 0))
			__builtin_trap();
		/* The body is as long as Content-Length says. */
		if (fuzz_length(in, n - req.body_len, &cl) ?
		    cl != req.body_len : req.body_len != 0)
			__builtin_trap();
		if (nout != 0 && req.body_len == 0)
			__builtin_trap();
		/* The routes and the playground's Accept check read it too. */
		(void)api_route(&req, data[0] & 1, NULL, lang);
		if (playground_wants_html(req.accept) &&
		    strcasestr(req.accept, "text/html") == NULL)
			__builtin_trap();
	} else {
		if (r != -1 || !fuzz_status_ok(status, e.code) ||
		    e.msg[0] == '\0' || req.target != NULL ||
		    req.body != NULL || req.api_key != NULL ||
		    req.authorization != NULL || req.content_type != NULL ||
		    req.accept != NULL)
			__builtin_trap();
		/* A 100 went out only for a body that then failed. */
		if (nout != 0 && status != 400 && status != 408 &&
		    status != 500)
			__builtin_trap();
	}
	http_request_free(&req);
	close(io[0]);
	close(o[0]);
	close(o[1]);
	return 0;
}
