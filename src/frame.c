/* frame.c: reading and writing netstrings with a deadline. */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deadline.h"
#include "frame.h"

/* A pipe accepts one page without blocking once poll says POLLOUT. */
#define FRAME_PIPE_CHUNK	4096

ssize_t
frame_readsome(int fd, void *p, size_t n, int64_t deadline,
    enum err_code *code)
{
	ssize_t	r;
	int	w;

	for (;;) {
		if ((w = deadline_poll(fd, POLLIN, deadline)) == 0) {
			*code = ERR_READ_TIMEOUT;
			return -1;
		}
		if (w == -1) {
			*code = ERR_INTERNAL;
			return -1;
		}
		r = read(fd, p, n);
		if (r >= 0)
			return r;
		if (errno != EINTR && errno != EAGAIN) {
			/* A reset connection is a client that went away. */
			*code = ERR_BAD_FRAME;
			return -1;
		}
	}
}

int
frame_read(int fd, const char *first, size_t nfirst, size_t max,
    int64_t deadline, char **payload, size_t *lenp, struct err *e)
{
	enum err_code	 code;
	size_t		 len = 0, maxdigits, ndigits = 0, off = 0;
	char		*p = NULL, c, tmp[24];
	ssize_t		 r;
	struct pollfd	 pfd;
	int		 ret = -1;

	*payload = NULL;
	*lenp = 0;
	maxdigits = (size_t)snprintf(tmp, sizeof(tmp), "%zu", max);

	/* The length, one byte at a time so that nothing extra is read. */
	for (;;) {
		if (nfirst > 0) {
			/* What the caller read to tell a netstring. */
			c = *first++;
			nfirst--;
			r = 1;
		} else
			r = frame_readsome(fd, &c, 1, deadline, &code);
		if (r == -1) {
			err_set(e, code, code == ERR_READ_TIMEOUT ?
			    "the request frame did not arrive in time" :
			    code == ERR_BAD_FRAME ?
			    "connection failed inside the frame length" :
			    "cannot read the request: %s", strerror(errno));
			goto out;
		}
		if (r == 0) {
			err_set(e, ERR_BAD_FRAME, ndigits == 0 ?
			    "no request: connection closed before a frame" :
			    "connection closed inside the frame length");
			goto out;
		}
		if (c == ':')
			break;
		if (c < '0' || c > '9') {
			err_set(e, ERR_BAD_FRAME, ndigits > 0 ?
			    "the frame length must be followed by ':'" :
			    c == 'P' || c == '\r' ?
			    "a PROXY protocol header is accepted only from a "
			    "trusted_proxy" :
			    "a frame starts with its length in decimal digits");
			goto out;
		}
		if (ndigits == 1 && len == 0) {
			err_set(e, ERR_BAD_FRAME,
			    "the frame length has a leading zero");
			goto out;
		}
		if (++ndigits > maxdigits) {
			err_set(e, ERR_TOO_LARGE,
			    "request larger than %zu bytes", max);
			goto out;
		}
		len = len * 10 + (size_t)(c - '0');
	}
	if (ndigits == 0) {
		err_set(e, ERR_BAD_FRAME, "the frame length is missing");
		goto out;
	}
	if (len == 0) {
		err_set(e, ERR_BAD_FRAME, "empty request (length 0)");
		goto out;
	}
	if (len > max) {
		err_set(e, ERR_TOO_LARGE, "request of %zu bytes is larger than "
		    "the limit of %zu bytes", len, max);
		goto out;
	}

	/* The payload, exactly, then the comma. */
	if ((p = malloc(len + 1)) == NULL) {
		err_set(e, ERR_INTERNAL, "malloc %zu: %s", len + 1,
		    strerror(errno));
		goto out;
	}
	while (off < len) {
		r = frame_readsome(fd, p + off, len - off, deadline, &code);
		if (r <= 0) {
			if (r == 0)
				code = ERR_BAD_FRAME;
			err_set(e, code, code == ERR_READ_TIMEOUT ?
			    "the request frame did not arrive in time" :
			    "connection closed after %zu of %zu payload bytes",
			    off, len);
			goto out;
		}
		off += (size_t)r;
	}
	p[len] = '\0';
	r = frame_readsome(fd, &c, 1, deadline, &code);
	if (r == -1) {
		err_set(e, code, code == ERR_READ_TIMEOUT ?
		    "the request frame did not arrive in time" :
		    "connection failed before the closing ','");
		goto out;
	}
	if (r == 0 || c != ',') {
		err_set(e, ERR_BAD_FRAME, "the payload must be followed by ','");
		goto out;
	}

	/* One request per connection: bytes already after it are an error. */
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN) &&
	    read(fd, &c, 1) == 1) {
		err_set(e, ERR_BAD_FRAME, "bytes after the request frame");
		goto out;
	}

	*payload = p;
	*lenp = len;
	p = NULL;
	ret = 0;
out:
	free(p);
	return ret;
}

/* Write some of p: send(2) without blocking on sockets, a page on pipes. */
static ssize_t
frame_writesome(int fd, const char *p, size_t n)
{
	ssize_t	r;

	r = send(fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (r >= 0 || errno != ENOTSOCK)
		return r;
	return write(fd, p, n < FRAME_PIPE_CHUNK ? n : FRAME_PIPE_CHUNK);
}

int
frame_writeall(int fd, const void *buf, size_t n, int64_t deadline)
{
	const char	*p = buf;
	ssize_t		 r;
	int		 w;

	while (n > 0) {
		if ((w = deadline_poll(fd, POLLOUT, deadline)) <= 0) {
			if (w == 0)
				errno = ETIMEDOUT;
			return -1;
		}
		r = frame_writesome(fd, p, n);
		if (r == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
frame_write(int fd, const char *payload, size_t len, int64_t deadline)
{
	char	head[32];
	int	n;

	n = snprintf(head, sizeof(head), "%zu:", len);
	if (frame_writeall(fd, head, (size_t)n, deadline) == -1 ||
	    frame_writeall(fd, payload, len, deadline) == -1 ||
	    frame_writeall(fd, ",", 1, deadline) == -1)
		return -1;
	return 0;
}

void
frame_drain(int fd, int64_t deadline, size_t max)
{
	char		buf[4096];
	enum err_code	code;
	ssize_t		r;

	while (max > 0) {
		r = frame_readsome(fd, buf, sizeof(buf), deadline, &code);
		if (r <= 0)
			return;
		max -= (size_t)r < max ? (size_t)r : max;
	}
}
