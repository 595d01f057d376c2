/*
 * http-t: the HTTP/1.1 request reader and the response writer, on real
 * socket pairs and pipes.  Linked with -Wl,--wrap=free (Makefile), so
 * that it can look into every block runbox's objects give back for a key.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "deadline.h"
#include "http.h"
#include "tap.h"

#define MAXH		512	/* max_header of most reads */
#define MAXB		4096	/* max_body of most reads */
#define SLOW_MS		200	/* the deadline of the timeout tests */
#define PATIENT_MS	5000	/* a deadline no passing test should reach */
#define CONTINUE	"HTTP/1.1 100 Continue\r\n\r\n"
#define KEY		"rbk_0123456789abcdef-secret"
#define TOKEN		"Bearer tok-9876543210-secret"

/* One http_read and what it left behind. */
struct rd {
	struct http_request	req;
	struct err		e;
	int			ret, status;
	char			out[256];	/* written to out_fd */
	size_t			nout;
	char			rest[8192];	/* left unread on fd */
	size_t			nrest;
};

struct bad {
	const char	*bytes;
	size_t		 len;		/* 0: strlen(bytes) */
	int		 close_after;	/* half-close the writer after sending */
	int		 status;
	enum err_code	 code;
	const char	*what;
};

#define H	"Host: h\r\n"
#define S(s)	s, sizeof(s) - 1	/* a literal with its NULs */

static const struct bad bad[] = {
	/* Line ends and folding. */
	{ "GET / HTTP/1.1\r\n" H "X-API-Key: a\r\n b\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "an obs-folded header line is 400" },
	{ "GET / HTTP/1.1\r\n" H "Accept: a\r\n\tb\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "a fold with a tab is 400" },
	{ "GET / HTTP/1.1\r\n X: y\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "whitespace before the first header line is 400" },
	{ "GET / HTTP/1.1\r\n" H "\rZ", 0, 1, 400, ERR_BAD_FRAME,
	  "a bare CR ending the header section is 400 (http-parser takes it)" },
	{ "GET / HTTP/1.1\r\n" H "X: a\rb\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a bare CR inside a value is 400" },
	{ "GET / HTTP/1.1\r\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a bare CR after the request line is 400" },
	/* Framing of the body. */
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 1\r\nContent-Length: 1\r\n"
	  "\r\nx", 0, 1, 400, ERR_BAD_FRAME,
	  "two equal Content-Length fields are 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 1\r\ncontent-length: 2\r\n"
	  "\r\nxy", 0, 1, 400, ERR_BAD_FRAME,
	  "two different Content-Length fields are 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 5\r\n"
	  "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "Content-Length then Transfer-Encoding is 400" },
	{ "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n"
	  "Content-Length: 5\r\n\r\n0\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "Transfer-Encoding then Content-Length is 400" },
	{ "POST / HTTP/1.1\r\n" H "Transfer-Encoding: gzip\r\n"
	  "Content-Length: 5\r\n\r\nhello", 0, 1, 400, ERR_BAD_FRAME,
	  "a non-chunked Transfer-Encoding with Content-Length is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length : 5\r\n\r\nhello", 0, 1,
	  400, ERR_BAD_FRAME,
	  "whitespace before the colon is 400 (http-parser reads a length)" },
	{ "POST / HTTP/1.1\r\n" H "Transfer-Encoding : chunked\r\n\r\n"
	  "0\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "whitespace before the colon of Transfer-Encoding is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: +5\r\n\r\nhello", 0, 1,
	  400, ERR_BAD_FRAME, "a signed Content-Length is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 1, 1\r\n\r\nx", 0, 1, 400,
	  ERR_BAD_FRAME, "a list in Content-Length is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 18446744073709551615\r\n"
	  "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a Content-Length of 2^64 - 1 is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 99999999999999999999\r\n"
	  "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a Content-Length past 64 bits is 400" },
	{ "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n"
	  "5\r\nhello\r\n0\r\n\r\n", 0, 1, 411, ERR_BAD_FRAME,
	  "a chunked body is 411" },
	{ "POST / HTTP/1.1\r\n" H "Transfer-Encoding: gzip\r\n\r\n", 0, 1,
	  411, ERR_BAD_FRAME, "any other Transfer-Encoding is 411" },
	{ "POST / HTTP/1.1\r\n" H "transfer-encoding: chunked, gzip\r\n\r\n",
	  0, 1, 411, ERR_BAD_FRAME,
	  "a Transfer-Encoding list, in lower case, is 411" },
	{ "POST /run HTTP/1.1\r\n" H "\r\n", 0, 1, 411, ERR_BAD_FRAME,
	  "a POST without Content-Length is 411" },
	{ "POST /run HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nabc", 0, 1,
	  400, ERR_BAD_FRAME,
	  "a body longer than declared is 400 (bytes after the request)" },
	{ "GET / HTTP/1.1\r\n" H "\r\nGET / HTTP/1.1\r\n" H "\r\n", 0, 1,
	  400, ERR_BAD_FRAME, "a pipelined second request is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 3\r\n\r\nabc"
	  "POST / HTTP/1.1\r\n" H "Content-Length: 3\r\n\r\nabc", 0, 0, 400,
	  ERR_BAD_FRAME, "a request after a body is 400" },
	/* Expectations. */
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 2\r\nExpect: x\r\n\r\nab",
	  0, 1, 417, ERR_BAD_FRAME, "an unknown expectation is 417" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 2\r\n"
	  "Expect: 100-continue, x\r\n\r\nab", 0, 1, 417, ERR_BAD_FRAME,
	  "100-continue in a list with another is 417" },
	/* Bytes. */
	{ S("GET / HTTP/1.1\r\n" H "X: a\0b\r\n\r\n"), 1, 400, ERR_BAD_FRAME,
	  "a NUL in a header value is 400" },
	{ S("GET / HTTP/1.1\r\n" H "X\0Y: z\r\n\r\n"), 1, 400, ERR_BAD_FRAME,
	  "a NUL in a header name is 400" },
	{ S("GET /\0 HTTP/1.1\r\n" H "\r\n"), 1, 400, ERR_BAD_FRAME,
	  "a NUL in the request-target is 400" },
	{ "GET /a\tb HTTP/1.1\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a tab in the request-target is 400 (non-strict http-parser "
	  "takes it)" },
	{ "GET /a\fb HTTP/1.1\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a form feed in the request-target is 400" },
	{ "GET / HTTP/1.1\r\n" H "X: a\x7f" "b\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "a DEL in a header value is 400" },
	{ "GET / HTTP/1.1\r\n" H "X: a\x01" "b\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "a control character in a header value is 400" },
	{ "GET / HTTP/1.1\r\n" H "X-API Key: k\r\n\r\n", 0, 1, 400,
	  ERR_BAD_FRAME, "a space inside a header name is 400" },
	{ "GET / HTTP/1.1\r\n" H ": v\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "an empty header name is 400" },
	{ "GET / HTTP/1.1\r\n" H "NoColon\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a header line without a colon is 400" },
	/* Request line. */
	{ "FOO / HTTP/1.1\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a method unknown to http-parser is 400" },
	{ "get / HTTP/1.1\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a method in lower case is 400" },
	{ "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "the HTTP/2 preface is 400 (PRI is no method to http-parser)" },
	{ "GET / HTTP/2.0\r\n" H "\r\n", 0, 1, 505, ERR_BAD_FRAME,
	  "HTTP/2.0 is 505" },
	{ "GET / HTTP/1.9\r\n" H "\r\n", 0, 1, 505, ERR_BAD_FRAME,
	  "HTTP/1.9 is 505" },
	{ "GET / HTTP/0.9\r\n\r\n", 0, 1, 505, ERR_BAD_FRAME,
	  "HTTP/0.9 is 505" },
	{ "GET /\r\n\r\n", 0, 1, 505, ERR_BAD_FRAME,
	  "a request line without a version (HTTP/0.9) is 505" },
	{ "GET / HTTP/10.0\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a version of two digits is 400" },
	{ "GET / HTTP/1.1 \r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a space after the version is 400" },
	{ "GET /a b HTTP/1.1\r\n" H "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "a space inside the request-target is 400" },
	/* Fields runbox reads. */
	{ "GET / HTTP/1.1\r\n" H "X-API-Key: a\r\nx-api-key: a\r\n\r\n", 0, 1,
	  400, ERR_BAD_FRAME, "X-API-Key given twice is 400" },
	{ "GET / HTTP/1.1\r\n" H "Authorization: a\r\nAUTHORIZATION: b\r\n"
	  "\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "Authorization given twice is 400" },
	{ "GET / HTTP/1.1\r\n" H "Content-Type: a\r\nContent-type: a\r\n\r\n",
	  0, 1, 400, ERR_BAD_FRAME, "Content-Type given twice is 400" },
	{ "GET / HTTP/1.1\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "an HTTP/1.1 request without Host is 400" },
	{ "GET / HTTP/1.1\r\n" H "host: i\r\n\r\n", 0, 1, 400, ERR_BAD_FRAME,
	  "two Host fields are 400" },
	/* The connection. */
	{ "", 0, 1, 400, ERR_BAD_FRAME, "EOF before a byte is 400" },
	{ "GET / HTTP/1.1\r\n" H, 0, 1, 400, ERR_BAD_FRAME,
	  "EOF inside the header section is 400" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\nab", 0, 1, 400,
	  ERR_BAD_FRAME, "EOF inside the body is 400" },
	{ "", 0, 0, 408, ERR_READ_TIMEOUT, "a silent client is 408" },
	{ "GET / HTTP/1.1\r\nHo", 0, 0, 408, ERR_READ_TIMEOUT,
	  "a header section that stops is 408" },
	{ "POST / HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\nab", 0, 0, 408,
	  ERR_READ_TIMEOUT, "a body that stops is 408" },
};

static const char	*watch;		/* a secret to look for in freed blocks */
static int		 seen;		/* blocks freed with it inside */

void	__real_free(void *);
void	__wrap_free(void *);

/* Every free(3) of runbox's objects, and of this file, comes here. */
void
__wrap_free(void *p)
{
	if (watch != NULL && p != NULL &&
	    memmem(p, malloc_usable_size(p), watch, strlen(watch)) != NULL)
		seen++;
	__real_free(p);
}

static void
sockpair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		bail("socketpair: %s", strerror(errno));
}

/* Read what is left on fd without waiting. */
static size_t
drain(int fd, char *buf, size_t n)
{
	size_t	off = 0;
	ssize_t	r;
	int	fl;

	fl = fcntl(fd, F_GETFL);
	(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (off < n && (r = read(fd, buf + off, n - off)) > 0)
		off += (size_t)r;
	(void)fcntl(fd, F_SETFL, fl);
	return off;
}

/*
 * http_read of bytes sent at once on a socket pair (on a pipe with
 * use_pipe), of which the first nfirst are passed as first; out_fd is a
 * pipe whose content lands in r->out.
 */
static void
rd_full(struct rd *r, const char *bytes, size_t n, size_t nfirst,
    int close_after, int use_pipe, size_t maxh, size_t maxb, int ms)
{
	int	io[2], out[2], rfd, wfd;

	memset(r, 0, sizeof(*r));
	if (use_pipe) {
		if (pipe(io) == -1)
			bail("pipe: %s", strerror(errno));
		rfd = io[0];
		wfd = io[1];
	} else {
		sockpair(io);
		rfd = io[0];
		wfd = io[1];
	}
	if (pipe(out) == -1)
		bail("pipe: %s", strerror(errno));
	if (nfirst > n)
		nfirst = n;
	if (n > nfirst && write(wfd, bytes + nfirst, n - nfirst) !=
	    (ssize_t)(n - nfirst))
		bail("write: %s", strerror(errno));
	if (close_after) {
		if (use_pipe) {
			close(wfd);
			wfd = -1;
		} else {
			shutdown(wfd, SHUT_WR);
		}
	}
	r->ret = http_read(rfd, out[1], bytes, nfirst, maxh, maxb,
	    deadline_in(ms), &r->req, &r->status, &r->e);
	r->nout = drain(out[0], r->out, sizeof(r->out));
	r->nrest = drain(rfd, r->rest, sizeof(r->rest));
	close(rfd);
	if (wfd != -1)
		close(wfd);
	close(out[0]);
	close(out[1]);
}

static void
rd(struct rd *r, const char *bytes, size_t n)
{
	rd_full(r, bytes, n, 0, 1, 0, MAXH, MAXB, PATIENT_MS);
}

static void
rd_str(struct rd *r, const char *s)
{
	rd(r, s, strlen(s));
}

static void
test_good(void)
{
	static const char	body[] = "a\0b\0\0c\0";
	const char		*get = "GET /run?x=1 HTTP/1.1\r\n"
	    "host: runbox\r\n"
	    "x-api-KEY:   " KEY " \t\r\n"
	    "AUTHORIZATION:" TOKEN "\r\n"
	    "Content-type: application/json \r\n"
	    "ACCEPT: text/plain\r\n"
	    "User-Agent: t\r\n\r\n";
	char			 req[256];
	struct rd		 r;
	int			 n;

	rd_str(&r, get);
	ok(r.ret == 0 && r.status == 0, "a GET with headers is read");
	is_string(r.req.method, "GET", "its method is GET");
	is_string(r.req.target, "/run?x=1", "its target is as sent");
	is_string(r.req.api_key, KEY,
	    "x-api-KEY is X-API-Key, its value trimmed of spaces and tabs");
	is_string(r.req.authorization, TOKEN,
	    "AUTHORIZATION is Authorization, without a space after the colon");
	is_string(r.req.content_type, "application/json",
	    "Content-type is Content-Type, its trailing space trimmed");
	is_string(r.req.accept, "text/plain", "ACCEPT is Accept");
	ok(r.req.body == NULL && r.req.body_len == 0,
	    "a GET without Content-Length has no body");
	is_int(r.req.http_minor, 1, "HTTP/1.1 is minor 1");
	is_int((long long)r.nout, 0, "nothing is written to out_fd");
	http_request_free(&r.req);
	ok(r.req.target == NULL && r.req.api_key == NULL &&
	    r.req.method[0] == '\0', "http_request_free zeroes the request");
	http_request_free(&r.req);
	ok(r.req.target == NULL, "http_request_free twice is harmless");

	n = snprintf(req, sizeof(req), "POST /run HTTP/1.1\r\n" H
	    "Content-Length: %zu\r\n\r\n", sizeof(body) - 1);
	memcpy(req + n, body, sizeof(body) - 1);
	rd(&r, req, (size_t)n + sizeof(body) - 1);
	ok(r.ret == 0, "a POST with Content-Length is read");
	is_string(r.req.method, "POST", "its method is POST");
	is_bytes(r.req.body, r.req.body_len, body, sizeof(body) - 1,
	    "its body is exactly Content-Length bytes, NULs included");
	ok(r.req.body != NULL && r.req.body[r.req.body_len] == '\0',
	    "a NUL follows the body");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.0\r\n\r\n");
	ok(r.ret == 0 && r.req.http_minor == 0,
	    "HTTP/1.0 without Host is read, minor 0");
	http_request_free(&r.req);

	rd_str(&r, "POST /run HTTP/1.1\nHost: h\nContent-Length: 2\n\nok");
	ok(r.ret == 0 && r.req.body_len == 2,
	    "bare LF line ends are accepted (RFC 9112, 2.2)");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.1\r\nHost: h\n\r\n");
	ok(r.ret == 0, "CRLF and bare LF mixed are accepted");
	http_request_free(&r.req);

	rd_str(&r, "\r\n\r\nGET / HTTP/1.1\r\n" H "\r\n");
	ok(r.ret == 0, "empty lines before the request line are skipped");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.1\r\n" H "X-API-Key:\r\nAuthorization: \t\r\n"
	    "\r\n");
	ok(r.ret == 0 && r.req.api_key != NULL && r.req.api_key[0] == '\0' &&
	    r.req.authorization != NULL && r.req.authorization[0] == '\0',
	    "a field given with an empty value is \"\", not NULL");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.1\r\n" H "Accept: a/b\r\naccept:  c/d \r\n"
	    "\r\n");
	is_string(r.req.accept, "a/b, c/d", "Accept given twice is joined");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 0\r\n\r\n");
	ok(r.ret == 0 && r.req.body == NULL && r.req.body_len == 0,
	    "Content-Length: 0 is no body (NULL)");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 007\r\n\r\n"
	    "1234567");
	ok(r.ret == 0 && r.req.body_len == 7,
	    "Content-Length with leading zeros is read as decimal");
	http_request_free(&r.req);

	rd_str(&r, "GET http://runbox.example:7000/run?x=1 HTTP/1.1\r\n" H
	    "\r\n");
	is_string(r.req.target, "http://runbox.example:7000/run?x=1",
	    "an absolute-form target is kept as sent");
	http_request_free(&r.req);

	rd_str(&r, "GET /r%C3%A9/\xc3\xa9 HTTP/1.1\r\n" H "\r\n");
	is_string(r.req.target, "/r%C3%A9/\xc3\xa9",
	    "bytes over 0x7f in the target pass as sent");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.1\r\n" H "X-API-Key: caf\xc3\xa9\r\n\r\n");
	is_string(r.req.api_key, "caf\xc3\xa9",
	    "obs-text in a value is kept as bytes");
	http_request_free(&r.req);

	rd_str(&r, "GET / HTTP/1.1\r\n" H "Upgrade: h2c\r\n"
	    "Connection: Upgrade, HTTP2-Settings\r\n"
	    "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
	ok(r.ret == 0 && r.nout == 0,
	    "an Upgrade to h2c is read as a plain request and ignored");
	http_request_free(&r.req);

	rd_str(&r, "GET /x HTTP/1.1\r\n" H "Content-Length: 3\r\n\r\nabc");
	ok(r.ret == 0 && r.req.body_len == 3,
	    "a GET with Content-Length has its body read");
	http_request_free(&r.req);
}

/* Every method http-parser knows is read; routing answers 405. */
static void
test_methods(void)
{
	static const char *const m[] = { "PUT", "DELETE", "HEAD", "PATCH",
	    "OPTIONS", "TRACE", "PROPFIND", "M-SEARCH", "MKCALENDAR",
	    "UNSUBSCRIBE" };
	char		req[128];
	struct rd	r;
	size_t		i;
	int		good = 1;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		snprintf(req, sizeof(req), "%s /x HTTP/1.1\r\n" H "\r\n", m[i]);
		rd_str(&r, req);
		if (r.ret != 0 || strcmp(r.req.method, m[i]) != 0) {
			diag("%s: %d, %s", m[i], r.status, r.e.msg);
			good = 0;
		}
		http_request_free(&r.req);
	}
	ok(good, "PUT, DELETE, HEAD, PATCH, OPTIONS, ... and UNSUBSCRIBE "
	    "are read with their names");

	rd_str(&r, "OPTIONS * HTTP/1.1\r\n" H "\r\n");
	is_string(r.req.target, "*", "OPTIONS * has the target \"*\"");
	http_request_free(&r.req);

	rd_str(&r, "CONNECT runbox.example:443 HTTP/1.1\r\n"
	    "Host: runbox.example:443\r\n\r\n");
	ok(r.ret == 0 && strcmp(r.req.method, "CONNECT") == 0 &&
	    strcmp(r.req.target, "runbox.example:443") == 0,
	    "CONNECT is read with its authority-form target");
	http_request_free(&r.req);
}

static void
test_bad(void)
{
	struct rd	r;
	size_t		i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = bad[i].len != 0 ? bad[i].len : strlen(bad[i].bytes);
		rd_full(&r, bad[i].bytes, len, 0, bad[i].close_after, 0, MAXH,
		    MAXB, bad[i].close_after ? PATIENT_MS : SLOW_MS);
		if (!ok(r.ret == -1 && r.status == bad[i].status &&
		    r.e.code == bad[i].code && r.req.target == NULL &&
		    r.req.body == NULL && r.req.api_key == NULL &&
		    r.nout == 0, "%s", bad[i].what))
			diag("got %d, status %d, %s (%s)", r.ret, r.status,
			    err_name(r.e.code), r.e.msg);
		http_request_free(&r.req);
	}
}

/* Build a GET of exactly n bytes (n >= 40) padded by an X-Pad field. */
static size_t
padded(char *buf, size_t n)
{
	const char	*head = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ";
	size_t		 hl = strlen(head);

	memcpy(buf, head, hl);
	memset(buf + hl, 'p', n - hl - 4);
	memcpy(buf + n - 4, "\r\n\r\n", 4);
	return n;
}

static void
test_limits(void)
{
	char		buf[MAXH + 64], line[MAXH + 64];
	struct rd	r;
	size_t		n, i;

	n = padded(buf, MAXH);
	rd(&r, buf, n);
	ok(r.ret == 0, "a header section of exactly max_header bytes is "
	    "read (socket)");
	http_request_free(&r.req);
	rd_full(&r, buf, n, 0, 1, 1, MAXH, MAXB, PATIENT_MS);
	ok(r.ret == 0, "and from a pipe");
	http_request_free(&r.req);

	n = padded(buf, MAXH + 1);
	rd(&r, buf, n);
	ok(r.ret == -1 && r.status == 431 && r.e.code == ERR_TOO_LARGE,
	    "one byte more is 431 (socket)");
	rd_full(&r, buf, n, 0, 1, 1, MAXH, MAXB, PATIENT_MS);
	ok(r.ret == -1 && r.status == 431, "and from a pipe");
	is_int((long long)r.nrest, 1,
	    "a pipe is read no further than max_header bytes");

	/* No end of the header section in sight: 431, not a wait. */
	n = padded(buf, MAXH + 8);
	rd_full(&r, buf, n - 4, 0, 0, 0, MAXH, MAXB, PATIENT_MS);
	ok(r.ret == -1 && r.status == 431,
	    "max_header bytes without an end are 431 at once, no 408");

	/* A flood of small fields. */
	n = 0;
	n += (size_t)snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n" H);
	for (i = 0; n + 6 < sizeof(buf) - 2; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "A: b\r\n");
	memcpy(buf + n, "\r\n", 2);
	rd(&r, buf, n + 2);
	ok(r.ret == -1 && r.status == 431,
	    "a flood of %zu small header fields is 431", i);

	/* A request line alone longer than max_header. */
	memcpy(line, "GET /", 5);
	memset(line + 5, 'a', MAXH);
	memcpy(line + 5 + MAXH, " HTTP/1.1\r\n\r\n", 13);
	rd(&r, line, 5 + MAXH + 13);
	ok(r.ret == -1 && r.status == 431,
	    "an overlong request line is 431 (not 414)");

	rd_full(&r, "GET / HTTP/1.1\r\n" H "\r\n", 25, 0, 1, 0, 0, MAXB,
	    PATIENT_MS);
	ok(r.ret == -1 && r.status == 431, "max_header 0 refuses all");
}

/*
 * http-parser's own limit (80 KiB as Debian built it) is 431 too, when
 * max_header is larger.  A child writes: the socket buffer may not hold
 * it all.
 */
static void
test_parser_limit(void)
{
	size_t	 n = 100 * 1024;
	char	*big;
	struct rd r;
	pid_t	 pid;
	int	 sv[2];

	if ((big = malloc(n)) == NULL)
		bail("malloc");
	padded(big, n);
	sockpair(sv);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		(void)write(sv[1], big, n);
		_exit(0);
	}
	close(sv[1]);
	memset(&r, 0, sizeof(r));
	r.ret = http_read(sv[0], -1, NULL, 0, 2 * n, MAXB,
	    deadline_in(PATIENT_MS), &r.req, &r.status, &r.e);
	ok(r.ret == -1 && r.status == 431,
	    "http-parser's own 80 KiB limit is 431 when max_header is above "
	    "it");
	close(sv[0]);
	waitpid(pid, NULL, 0);
	free(big);
}

/* The body is refused before a byte of it is read. */
static void
test_too_large(void)
{
	char		req[256], body[100];
	struct rd	r;
	int		n;

	memset(body, 'b', sizeof(body));
	n = snprintf(req, sizeof(req), "POST /run HTTP/1.1\r\n" H
	    "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", MAXB + 1);
	memcpy(req + n, body, sizeof(body));
	rd_full(&r, req, (size_t)n + sizeof(body), 0, 0, 0, MAXH, MAXB,
	    PATIENT_MS);
	ok(r.ret == -1 && r.status == 413 && r.e.code == ERR_TOO_LARGE,
	    "Content-Length over max_body is 413");
	is_bytes(r.rest, r.nrest, body, sizeof(body),
	    "every byte of the body is still unread on the socket");
	is_int((long long)r.nout, 0, "and no 100 Continue was written");

	rd_full(&r, req, (size_t)n + sizeof(body), 0, 0, 1, MAXH, MAXB,
	    PATIENT_MS);
	ok(r.ret == -1 && r.status == 413 && r.nrest == sizeof(body),
	    "from a pipe too, with the body unread");

	n = snprintf(req, sizeof(req), "POST /run HTTP/1.1\r\n" H
	    "Content-Length: %d\r\n\r\n", MAXB);
	rd_full(&r, req, (size_t)n, 0, 0, 0, MAXH, MAXB, SLOW_MS);
	ok(r.ret == -1 && r.status == 408,
	    "Content-Length of exactly max_body is accepted (and waited for)");
}

/* A child writes msg one byte at a time, gap_ms apart. */
static pid_t
slow_writer(int fd, int other, const char *msg, size_t n, long gap_ms)
{
	struct timespec	ts = { gap_ms / 1000, (gap_ms % 1000) * 1000000 };
	size_t		i;
	pid_t		pid;

	if ((pid = fork()) == -1)
		bail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(other);
		for (i = 0; i < n; i++) {
			if (write(fd, msg + i, 1) != 1)
				_exit(1);
			nanosleep(&ts, NULL);
		}
		_exit(0);
	}
	return pid;
}

static void
test_split(void)
{
	static const char msg[] = "POST /run HTTP/1.1\r\nHost: h\r\n"
	    "X-API-Key: k\r\nContent-Length: 5\r\n\r\nhe\0lo";
	struct http_request	req;
	struct err		e;
	pid_t			pid;
	int64_t			t;
	int			fds[2], status, r, p;

	for (p = 0; p < 2; p++) {
		if (p == 0)
			sockpair(fds);
		else if (pipe(fds) == -1)
			bail("pipe");
		pid = slow_writer(fds[1], fds[0], msg, sizeof(msg) - 1, 1);
		close(fds[1]);
		r = http_read(fds[0], -1, NULL, 0, MAXH, MAXB,
		    deadline_in(PATIENT_MS), &req, &status, &e);
		ok(r == 0 && req.body_len == 5 &&
		    memcmp(req.body, "he\0lo", 5) == 0 &&
		    strcmp(req.api_key, "k") == 0,
		    "a request written a byte at a time is read whole (%s)",
		    p == 0 ? "socket" : "pipe");
		if (r == -1)
			diag("%d %s", status, e.msg);
		http_request_free(&req);
		waitpid(pid, NULL, 0);
		close(fds[0]);
	}

	/* The same request, too slowly for its deadline. */
	sockpair(fds);
	pid = slow_writer(fds[1], fds[0], msg, sizeof(msg) - 1, 40);
	close(fds[1]);
	t = deadline_now();
	r = http_read(fds[0], -1, NULL, 0, MAXH, MAXB, deadline_in(300), &req,
	    &status, &e);
	t = deadline_now() - t;
	ok(r == -1 && status == 408 && e.code == ERR_READ_TIMEOUT,
	    "slow headers are 408: the whole section must come by the "
	    "deadline, not each byte");
	ok(t >= 250 && t < 2000, "and the reader gives up at the deadline "
	    "(%lld ms)", (long long)t);
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The bytes the caller read first to tell HTTP from a netstring. */
static void
test_first(void)
{
	const char	*msg = "POST /run HTTP/1.1\r\n" H
	    "Content-Length: 3\r\n\r\nabc";
	struct rd	 r;
	size_t		 k;
	int		 good = 1;

	for (k = 0; k <= 8; k++) {
		rd_full(&r, msg, strlen(msg), k, 0, 0, MAXH, MAXB, PATIENT_MS);
		if (r.ret != 0 || strcmp(r.req.method, "POST") != 0 ||
		    strcmp(r.req.target, "/run") != 0 || r.req.body_len != 3) {
			diag("nfirst %zu: %d %s", k, r.status, r.e.msg);
			good = 0;
		}
		http_request_free(&r.req);
	}
	ok(good, "0 to 8 first bytes are the start of the request");

	rd_full(&r, msg, strlen(msg), 4, 0, 1, MAXH, MAXB, PATIENT_MS);
	ok(r.ret == 0 && r.req.body_len == 3, "and so from a pipe");
	http_request_free(&r.req);

	rd_full(&r, "GET /\n\nX", 8, 8, 1, 0, MAXH, MAXB, PATIENT_MS);
	ok(r.ret == -1 && r.status == 505,
	    "a whole header section within the first bytes is checked");

	rd_full(&r, "GET / HTTP/1.1\r\n" H "\r\n", 25, 8, 1, 0, 4, MAXB,
	    PATIENT_MS);
	ok(r.ret == -1 && r.status == 431,
	    "the first bytes count against max_header");
}

/*
 * Expect: 100-continue on one socket for both directions, as under
 * systemd: the child sends the header section, waits for the 100 and only
 * then sends the body.  It exits 0 when the 100 came, exactly.
 */
static void
test_continue(void)
{
	const char	*head = "POST /run HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 4\r\nExpect: 100-Continue\r\n\r\n";
	char		 got[64];
	struct rd	 r;
	pid_t		 pid;
	size_t		 n = 0;
	ssize_t		 k;
	int		 sv[2], st;

	sockpair(sv);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		if (write(sv[1], head, strlen(head)) != (ssize_t)strlen(head))
			_exit(2);
		while (n < strlen(CONTINUE) &&
		    deadline_poll(sv[1], POLLIN, deadline_in(PATIENT_MS)) == 1 &&
		    (k = read(sv[1], got + n, strlen(CONTINUE) - n)) > 0)
			n += (size_t)k;
		if (n != strlen(CONTINUE) || memcmp(got, CONTINUE, n) != 0)
			_exit(1);
		(void)write(sv[1], "body", 4);
		_exit(0);
	}
	close(sv[1]);
	memset(&r, 0, sizeof(r));
	r.ret = http_read(sv[0], sv[0], NULL, 0, MAXH, MAXB,
	    deadline_in(PATIENT_MS), &r.req, &r.status, &r.e);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "Expect: 100-continue gets exactly \"HTTP/1.1 100 Continue\" "
	    "before the body is read");
	ok(r.ret == 0 && r.req.body_len == 4 &&
	    memcmp(r.req.body, "body", 4) == 0,
	    "and the body sent after it is read");
	http_request_free(&r.req);
	close(sv[0]);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 2\r\n"
	    "expect: 100-continue\r\n\r\nab");
	is_bytes(r.out, r.nout, CONTINUE, strlen(CONTINUE),
	    "the 100 goes to out_fd, not to fd");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 2\r\n\r\nab");
	ok(r.ret == 0 && r.nout == 0, "no Expect, no 100");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 0\r\n"
	    "Expect: 100-continue\r\n\r\n");
	ok(r.ret == 0 && r.nout == 0, "no body, no 100");
	http_request_free(&r.req);

	rd_str(&r, "PUT / HTTP/1.1\r\n" H "Expect: 100-continue\r\n\r\n");
	ok(r.ret == 0 && r.nout == 0, "no Content-Length, no 100");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.0\r\nContent-Length: 2\r\n"
	    "Expect: 100-continue\r\n\r\nab");
	ok(r.ret == 0 && r.nout == 0,
	    "HTTP/1.0 ignores 100-continue (RFC 9110, 10.1.1)");
	http_request_free(&r.req);

	rd_str(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 2\r\n"
	    "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\nab");
	ok(r.ret == -1 && r.nout == 0, "a request refused (400) gets no 100");
	rd_str(&r, "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n"
	    "Expect: 100-continue\r\n\r\n2\r\nab\r\n0\r\n\r\n");
	ok(r.ret == -1 && r.status == 411 && r.nout == 0,
	    "nor one refused with 411");
	rd_str(&r, "POST / HTTP/1.1\r\nContent-Length: 2\r\n"
	    "Expect: 100-continue\r\n\r\nab");
	ok(r.ret == -1 && r.status == 400 && r.nout == 0,
	    "nor one refused for a missing Host");
}

/* No block given back during a read, good or refused, holds the key. */
static void
test_wipe(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct rd	 r;

	/* A block runbox's code frees without wiping (buf.c). */
	watch = "wrap-check-secret";
	seen = 0;
	if (buf_append(&b, "a wrap-check-secret here", 24) == -1)
		bail("buf_append");
	buf_free(&b);
	if (!ok(seen == 1, "the free(3) wrapper sees a secret that runbox's "
	    "code frees"))
		bail("the free wrapper does not work: is -Wl,--wrap=free on?");

	watch = KEY;
	seen = 0;
	rd_str(&r, "GET / HTTP/1.1\r\n" H "X-API-Key: " KEY "\r\n\r\n");
	ok(r.ret == 0 && strcmp(r.req.api_key, KEY) == 0,
	    "a key is read (for the wipe test)");
	http_request_free(&r.req);
	is_int(seen, 0, "http_read and http_request_free leave the key in "
	    "no freed block");

	watch = TOKEN;
	seen = 0;
	rd_str(&r, "GET / HTTP/1.1\r\n" H "Authorization: " TOKEN "\r\n"
	    "X-Long: " "0123456789012345678901234567890123456789"
	    "0123456789012345678901234567890123456789\r\n"
	    "Authorization: " TOKEN "\r\n\r\n");
	ok(r.ret == -1 && r.status == 400, "a second Authorization is 400");
	http_request_free(&r.req);
	is_int(seen, 0, "and the first, freed on the way out, was wiped");

	/* A value that grows the buffer it is gathered in, several times. */
	{
		char	 big[400], req[512];
		size_t	 i;

		for (i = 0; i < sizeof(big) - 1; i++)
			big[i] = (char)('a' + i % 26);
		big[sizeof(big) - 1] = '\0';
		/* In the first 128 bytes: in every buffer it moves from. */
		memcpy(big + 20, "-Q9-grown-secret-Q9-", 20);
		watch = "-Q9-grown-secret-Q9-";
		seen = 0;
		snprintf(req, sizeof(req), "GET / HTTP/1.1\r\n" H
		    "X-API-Key: %s\r\n\r\n", big);
		rd_str(&r, req);
		ok(r.ret == 0 && strlen(r.req.api_key) == sizeof(big) - 1,
		    "a 399-byte key is read");
		http_request_free(&r.req);
		is_int(seen, 0, "and the buffer it grew in was wiped at each "
		    "move and at the end");
	}
	watch = NULL;
}

static void
test_write(void)
{
	const char *const	 extra[] = { "Retry-After: 2",
	    "Content-Security-Policy: default-src 'none'", NULL };
	const char *const	 bad_extra[] = { "X: a\r\nSet-Cookie: b",
	    NULL };
	const char *const	 empty_extra[] = { "", NULL };
	char			 got[1024], *big, *all;
	size_t			 bigsz = 8 * 1024 * 1024, n, hl;
	ssize_t			 k;
	int64_t			 t;
	int			 sv[2], fds[2], r;

	sockpair(sv);
	ok(http_write(sv[0], 200, "application/json", NULL, "{\"a\":1}", 7, 0,
	    deadline_in(PATIENT_MS)) == 0, "a response is written");
	n = drain(sv[1], got, sizeof(got) - 1);
	got[n] = '\0';
	is_string(got, "HTTP/1.1 200 OK\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: 7\r\n"
	    "Connection: close\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "\r\n"
	    "{\"a\":1}", "its bytes are the status line, the headers, a blank "
	    "line and the body");

	ok(http_write(sv[0], 429, "text/plain", extra, "slow down\n", 10, 0,
	    deadline_in(PATIENT_MS)) == 0, "a response with extra lines");
	n = drain(sv[1], got, sizeof(got) - 1);
	got[n] = '\0';
	is_string(got, "HTTP/1.1 429 Too Many Requests\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 10\r\n"
	    "Connection: close\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "Retry-After: 2\r\n"
	    "Content-Security-Policy: default-src 'none'\r\n"
	    "\r\n"
	    "slow down\n", "extra lines come after the fixed ones, in order");

	ok(http_write(sv[0], 404, "text/plain", NULL, "not here", 8, 1,
	    deadline_in(PATIENT_MS)) == 0, "a HEAD response");
	n = drain(sv[1], got, sizeof(got) - 1);
	got[n] = '\0';
	is_string(got, "HTTP/1.1 404 Not Found\r\n"
	    "Content-Type: text/plain\r\n"
	    "Content-Length: 8\r\n"
	    "Connection: close\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "\r\n", "head_only: the body's length, not the body");

	ok(http_write(sv[0], 431, NULL, NULL, NULL, 0, 0,
	    deadline_in(PATIENT_MS)) == 0, "a response without a body");
	n = drain(sv[1], got, sizeof(got) - 1);
	got[n] = '\0';
	is_string(got, "HTTP/1.1 431 Request Header Fields Too Large\r\n"
	    "Content-Length: 0\r\n"
	    "Connection: close\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "\r\n", "content_type NULL leaves Content-Type out");

	errno = 0;
	ok(http_write(sv[0], 200, "text/plain", bad_extra, "x", 1, 0,
	    deadline_in(PATIENT_MS)) == -1 && errno == EINVAL,
	    "a CRLF in an extra line is EINVAL (no response splitting)");
	errno = 0;
	ok(http_write(sv[0], 200, "text/plain\r\nX: y", NULL, "x", 1, 0,
	    deadline_in(PATIENT_MS)) == -1 && errno == EINVAL,
	    "a CRLF in the content type is EINVAL");
	errno = 0;
	ok(http_write(sv[0], 200, "text/plain", empty_extra, "x", 1, 0,
	    deadline_in(PATIENT_MS)) == -1 && errno == EINVAL,
	    "an empty extra line is EINVAL");
	errno = 0;
	ok(http_write(sv[0], 99, "text/plain", NULL, "x", 1, 0,
	    deadline_in(PATIENT_MS)) == -1 && errno == EINVAL,
	    "a status below 100 is EINVAL");
	is_int((long long)drain(sv[1], got, sizeof(got)), 0,
	    "and none of them wrote a byte");

	close(sv[1]);
	errno = 0;
	ok(http_write(sv[0], 200, "text/plain", NULL, "x", 1, 0,
	    deadline_in(PATIENT_MS)) == -1 && errno == EPIPE,
	    "writing to a closed peer fails without SIGPIPE");
	close(sv[0]);

	/* A body over 64 KiB goes in a second write, read by a child. */
	if ((big = malloc(bigsz)) == NULL || (all = malloc(bigsz + 1024)) ==
	    NULL)
		bail("malloc");
	for (n = 0; n < bigsz; n++)
		big[n] = (char)(n * 7);
	if (pipe(fds) == -1)
		bail("pipe");
	if (fork() == 0) {
		close(fds[0]);
		_exit(http_write(fds[1], 200, "application/octet-stream",
		    NULL, big, 200 * 1024, 0, deadline_in(PATIENT_MS)) == 0 ?
		    0 : 1);
	}
	close(fds[1]);
	n = 0;
	while ((k = read(fds[0], all + n, bigsz + 1024 - n)) > 0)
		n += (size_t)k;
	close(fds[0]);
	wait(&r);
	hl = n >= 200 * 1024 ? n - 200 * 1024 : 0;
	ok(WIFEXITED(r) && WEXITSTATUS(r) == 0 && hl > 0 &&
	    memcmp(all + hl - 4, "\r\n\r\n", 4) == 0 &&
	    memcmp(all + hl, big, 200 * 1024) == 0,
	    "a 200 KiB body follows its head exactly, through a pipe");
	free(all);

	/* A client that never reads: the write gives up at its deadline. */
	sockpair(sv);
	t = deadline_now();
	r = http_write(sv[0], 200, "text/plain", NULL, big, bigsz, 0,
	    deadline_in(300));
	t = deadline_now() - t;
	ok(r == -1 && errno == ETIMEDOUT && t >= 250 && t < 2000,
	    "a response the client never reads fails with ETIMEDOUT at the "
	    "deadline (%lld ms)", (long long)t);
	close(sv[0]);
	close(sv[1]);
	free(big);
}

static void
test_reason(void)
{
	is_string(http_reason(200), "OK", "200 is OK");
	is_string(http_reason(404), "Not Found", "404 is Not Found");
	is_string(http_reason(413), "Content Too Large",
	    "413 is Content Too Large (RFC 9110's name)");
	is_string(http_reason(422), "Unprocessable Content",
	    "422 is Unprocessable Content");
	is_string(http_reason(503), "Service Unavailable",
	    "503 is Service Unavailable");
	is_string(http_reason(299), "Unknown", "299 is Unknown");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_good();
	test_methods();
	test_bad();
	test_limits();
	test_parser_limit();
	test_too_large();
	test_split();
	test_first();
	test_continue();
	test_wipe();
	test_write();
	test_reason();
	done_testing();
	return exit_status();
}
