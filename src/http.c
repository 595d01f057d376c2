/*
 * http.c: reading one HTTP/1.1 request with http-parser and writing one
 * response (RFC 9112), with a deadline and bounded memory.
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <http_parser.h>

#include "buf.h"
#include "deadline.h"
#include "frame.h"
#include "http.h"

#define HTTP_PEEK_MAX	1024	/* header bytes looked at per MSG_PEEK */
#define HTTP_NAME_MAX	32	/* a longer header name is none we keep */
#define HTTP_VALUE_MIN	128	/* first allocation of a kept value */
#define HTTP_COALESCE_MAX ((size_t)64 * 1024)	/* a body sent with its head */
#define HTTP_CONTINUE	"HTTP/1.1 100 Continue\r\n\r\n"

/* The header fields http_read looks at; the others are only checked. */
enum http_field {
	HTTP_F_OTHER,
	HTTP_F_API_KEY,
	HTTP_F_AUTHORIZATION,
	HTTP_F_CONTENT_TYPE,
	HTTP_F_ACCEPT,
	HTTP_F_EXPECT,
	HTTP_F_TRANSFER_ENCODING,
	HTTP_F_HOST
};

static const struct {
	const char	*name;	/* lower case */
	enum http_field	 field;
} http_fields[] = {
	{ "x-api-key", HTTP_F_API_KEY },
	{ "authorization", HTTP_F_AUTHORIZATION },
	{ "content-type", HTTP_F_CONTENT_TYPE },
	{ "accept", HTTP_F_ACCEPT },
	{ "expect", HTTP_F_EXPECT },
	{ "transfer-encoding", HTTP_F_TRANSFER_ENCODING },
	{ "host", HTTP_F_HOST }
};

/* RFC 9110, section 15; 429 and 431 from RFC 6585. */
static const struct {
	int		 status;
	const char	*reason;
} http_reasons[] = {
	{ 100, "Continue" }, { 101, "Switching Protocols" },
	{ 200, "OK" }, { 201, "Created" }, { 202, "Accepted" },
	{ 203, "Non-Authoritative Information" }, { 204, "No Content" },
	{ 205, "Reset Content" }, { 206, "Partial Content" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 305, "Use Proxy" }, { 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 402, "Payment Required" }, { 403, "Forbidden" },
	{ 404, "Not Found" }, { 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" }, { 407, "Proxy Authentication Required" },
	{ 408, "Request Timeout" }, { 409, "Conflict" }, { 410, "Gone" },
	{ 411, "Length Required" }, { 412, "Precondition Failed" },
	{ 413, "Content Too Large" }, { 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" }, { 416, "Range Not Satisfiable" },
	{ 417, "Expectation Failed" }, { 421, "Misdirected Request" },
	{ 422, "Unprocessable Content" }, { 426, "Upgrade Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" }
};

/* What the callbacks gather while the header section goes by. */
struct http_ctx {
	struct http_request	*req;
	struct err		*e;
	int			 status;	/* a refusal, or 0 */
	size_t			 max_header;
	size_t			 nheader;	/* header section bytes fed */
	char			 prev;		/* the byte fed before */
	struct buf		 target;
	char			 name[HTTP_NAME_MAX];	/* lower case */
	size_t			 namelen;	/* may pass HTTP_NAME_MAX */
	int			 in_value;
	enum http_field		 field;
	char			*val;		/* a kept field's value so far */
	size_t			 vallen, valcap;
	int			 hosts, te, expect_continue, expect_other;
	int			 done;		/* the header section is in */
	unsigned int		 method, major, minor;
	int			 has_length;
	uint64_t		 length;
};

static int	http_tchar(unsigned char);
static int	http_too_long(struct http_ctx *);
static int	http_keep(struct http_ctx *, const char *, size_t);
static int	http_set_once(struct http_ctx *, char **, const char *,
		    const char *, size_t);
static int	http_field_end(struct http_ctx *);
static int	http_on_url(http_parser *, const char *, size_t);
static int	http_on_field(http_parser *, const char *, size_t);
static int	http_on_value(http_parser *, const char *, size_t);
static int	http_on_headers(http_parser *);
static int	http_feed(struct http_ctx *, http_parser *,
		    const http_parser_settings *, const char *, size_t,
		    size_t *);
static ssize_t	http_peek(int, char *, size_t, int64_t, int *,
		    enum err_code *);
static int	http_consume(int, char *, size_t, int64_t, enum err_code *);
static int	http_header(struct http_ctx *, int, const char *, size_t,
		    int64_t, size_t *);
static int	http_check(struct http_ctx *, size_t);
static int	http_body(struct http_ctx *, int, int, const char *, size_t,
		    int64_t);
static int	http_waiting(int);
static int	http_line_ok(const char *);
static int	http_head(struct buf *, int, const char *, const char *const [],
		    size_t);

/*
 * Record a refusal: the status to answer, then err_set's code and
 * message.  Worth -1 like err_set, which also stops http-parser when a
 * callback returns it.
 */
#define http_refuse(c, st, ...)	__extension__ ({		\
	(c)->status = (st);					\
	err_set((c)->e, __VA_ARGS__);				\
})

/* tchar (RFC 9110, 5.6.2): what a header name is made of. */
static int
http_tchar(unsigned char ch)
{
	if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z'))
		return 1;
	return ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

static int
http_too_long(struct http_ctx *c)
{
	return http_refuse(c, 431, ERR_TOO_LARGE, "the request line and "
	    "header fields are longer than %zu bytes", c->max_header);
}

/*
 * Append to the value being kept, bounded by max_header.  The old buffer
 * is wiped when it moves: it may hold a key.
 */
static int
http_keep(struct http_ctx *c, const char *at, size_t n)
{
	size_t	 ncap;
	char	*nv;

	if (n > c->max_header - c->vallen)
		return http_refuse(c, 431, ERR_TOO_LARGE,
		    "a header field is longer than %zu bytes", c->max_header);
	if (c->vallen + n + 1 > c->valcap) {
		ncap = c->valcap < HTTP_VALUE_MIN ? HTTP_VALUE_MIN : c->valcap;
		while (ncap < c->vallen + n + 1)
			ncap *= 2;
		if ((nv = malloc(ncap)) == NULL)
			return http_refuse(c, 500, ERR_INTERNAL,
			    "out of memory for a header field");
		if (c->val != NULL) {
			memcpy(nv, c->val, c->vallen);
			explicit_bzero(c->val, c->valcap);
			free(c->val);
		}
		c->val = nv;
		c->valcap = ncap;
	}
	memcpy(c->val + c->vallen, at, n);
	c->vallen += n;
	return 0;
}

/* Set *dst to a copy of the n bytes at p, unless the field came before. */
static int
http_set_once(struct http_ctx *c, char **dst, const char *what,
    const char *p, size_t n)
{
	if (*dst != NULL)
		return http_refuse(c, 400, ERR_BAD_FRAME,
		    "the %s header field is given twice", what);
	if ((*dst = strndup(p, n)) == NULL)
		return http_refuse(c, 500, ERR_INTERNAL,
		    "out of memory for a header field");
	return 0;
}

/* A header field line is over: keep or note what it said, then wipe it. */
static int
http_field_end(struct http_ctx *c)
{
	struct http_request	*req = c->req;
	const char		*p = c->val != NULL ? c->val : "";
	size_t			 n = c->vallen, old;
	char			*joined;
	int			 ret = 0;

	/* RFC 9110, 5.5: whitespace around a value is not part of it. */
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;

	switch (c->field) {
	case HTTP_F_API_KEY:
		ret = http_set_once(c, &req->api_key, "X-API-Key", p, n);
		break;
	case HTTP_F_AUTHORIZATION:
		ret = http_set_once(c, &req->authorization, "Authorization",
		    p, n);
		break;
	case HTTP_F_CONTENT_TYPE:
		ret = http_set_once(c, &req->content_type, "Content-Type",
		    p, n);
		break;
	case HTTP_F_ACCEPT:
		/* A list field: its lines join with commas (RFC 9110, 5.3). */
		if (req->accept == NULL) {
			ret = http_set_once(c, &req->accept, "Accept", p, n);
			break;
		}
		old = strlen(req->accept);
		if ((joined = malloc(old + 2 + n + 1)) == NULL) {
			ret = http_refuse(c, 500, ERR_INTERNAL,
			    "out of memory for a header field");
			break;
		}
		memcpy(joined, req->accept, old);
		memcpy(joined + old, ", ", 2);
		memcpy(joined + old + 2, p, n);
		joined[old + 2 + n] = '\0';
		free(req->accept);
		req->accept = joined;
		break;
	case HTTP_F_EXPECT:
		if (n == sizeof("100-continue") - 1 &&
		    strncasecmp(p, "100-continue", n) == 0)
			c->expect_continue = 1;
		else
			c->expect_other = 1;
		break;
	case HTTP_F_TRANSFER_ENCODING:
		c->te = 1;
		break;
	case HTTP_F_HOST:
		c->hosts++;
		break;
	case HTTP_F_OTHER:
		break;
	}
	if (c->val != NULL)
		explicit_bzero(c->val, c->vallen);
	c->vallen = 0;
	c->namelen = 0;
	c->in_value = 0;
	c->field = HTTP_F_OTHER;
	return ret;
}

static int
http_on_url(http_parser *p, const char *at, size_t n)
{
	struct http_ctx	*c = p->data;
	size_t		 i;

	/* Non-strict http-parser lets a tab and a form feed through. */
	for (i = 0; i < n; i++)
		if ((unsigned char)at[i] < 0x20 || at[i] == 0x7f)
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "a control character in the request-target");
	if (buf_append(&c->target, at, n) == -1)
		return http_refuse(c, 500, ERR_INTERNAL,
		    "out of memory for the request-target");
	return 0;
}

/* A name arrives in pieces; a piece after a value starts a new field. */
static int
http_on_field(http_parser *p, const char *at, size_t n)
{
	struct http_ctx	*c = p->data;
	size_t		 i;
	char		 ch;

	if (c->in_value && http_field_end(c) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		ch = at[i];
		/* Non-strict http-parser takes spaces into a name. */
		if (!http_tchar((unsigned char)ch))
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "a header name holds a character that is not "
			    "in a token (whitespace before the colon?)");
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (c->namelen < sizeof(c->name))
			c->name[c->namelen] = ch;
		c->namelen++;
	}
	return 0;
}

/* The first piece of a value ends the name: find out which field it is. */
static int
http_on_value(http_parser *p, const char *at, size_t n)
{
	struct http_ctx	*c = p->data;
	size_t		 i;

	if (!c->in_value) {
		c->in_value = 1;
		c->field = HTTP_F_OTHER;
		for (i = 0; i < sizeof(http_fields) / sizeof(http_fields[0]);
		    i++)
			if (c->namelen == strlen(http_fields[i].name) &&
			    memcmp(c->name, http_fields[i].name,
			    c->namelen) == 0)
				c->field = http_fields[i].field;
	}
	switch (c->field) {
	case HTTP_F_API_KEY:
	case HTTP_F_AUTHORIZATION:
	case HTTP_F_CONTENT_TYPE:
	case HTTP_F_ACCEPT:
	case HTTP_F_EXPECT:
		return http_keep(c, at, n);
	default:
		return 0;
	}
}

/* The header section is in: note what the parser found, then stop it. */
static int
http_on_headers(http_parser *p)
{
	struct http_ctx	*c = p->data;

	if (c->in_value && http_field_end(c) == -1)
		return -1;
	c->method = p->method;
	c->major = p->http_major;
	c->minor = p->http_minor;
	c->has_length = (p->flags & F_CONTENTLENGTH) != 0;
	c->length = c->has_length ? p->content_length : 0;
	c->done = 1;
	/* The body is ours to read: the parser sees no byte of it. */
	http_parser_pause(p, 1);
	return 0;
}

/*
 * Feed up to n bytes of the header section to the parser one at a time,
 * counting them against max_header, until the section ends.  *used is how
 * many were fed.  Returns 1 when the section is in, 0 when more is
 * needed, -1 on a refusal.
 */
static int
http_feed(struct http_ctx *c, http_parser *p, const http_parser_settings *s,
    const char *buf, size_t n, size_t *used)
{
	enum http_errno	he;
	size_t		i;
	char		ch;

	for (i = 0; i < n; i++) {
		ch = buf[i];
		if (c->nheader == c->max_header) {
			*used = i;
			return http_too_long(c);
		}
		/*
		 * RFC 9112, 2.2 and 5.2: a bare CR, and a line that starts
		 * with whitespace (obs-fold), which http-parser would take
		 * ("\r" then any byte ends its header section; a fold is
		 * joined to the value before it).
		 */
		if (c->prev == '\r' && ch != '\n') {
			*used = i;
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "a CR not followed by LF in the header section");
		}
		if (c->prev == '\n' && (ch == ' ' || ch == '\t')) {
			*used = i;
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "a header line starts with whitespace (obsolete "
			    "line folding)");
		}
		(void)http_parser_execute(p, s, &ch, 1);
		c->nheader++;
		c->prev = ch;
		*used = i + 1;
		if (c->status != 0)
			return -1;
		if (c->done)
			return 1;
		if ((he = HTTP_PARSER_ERRNO(p)) != HPE_OK) {
			if (he == HPE_HEADER_OVERFLOW)
				return http_refuse(c, 431, ERR_TOO_LARGE,
				    "the header section is longer than "
				    "http-parser allows");
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "malformed request: %s",
			    http_errno_description(he));
		}
	}
	*used = n;
	return 0;
}

/*
 * Bring header bytes into buf before the deadline, without consuming
 * them where the fd allows: a socket is peeked at, up to n bytes, and
 * *sock becomes 1 (the caller consumes what it used); a pipe cannot be,
 * so it gives one byte, consumed, and *sock becomes 0.  *sock is -1 until
 * known.  Returns the count, 0 at EOF, or -1 with *code.
 */
static ssize_t
http_peek(int fd, char *buf, size_t n, int64_t deadline, int *sock,
    enum err_code *code)
{
	ssize_t	r;
	int	w;

	for (;;) {
		if ((w = deadline_poll(fd, POLLIN, deadline)) <= 0) {
			*code = w == 0 ? ERR_READ_TIMEOUT : ERR_INTERNAL;
			return -1;
		}
		r = -1;
		errno = ENOTSOCK;
		if (*sock != 0)
			r = recv(fd, buf, n, MSG_PEEK | MSG_DONTWAIT);
		if (r == -1 && errno == ENOTSOCK) {
			*sock = 0;
			r = read(fd, buf, 1);
		} else if (r >= 0) {
			*sock = 1;
		}
		if (r >= 0)
			return r;
		if (errno != EINTR && errno != EAGAIN) {
			/* A reset connection is a client that went away. */
			*code = ERR_BAD_FRAME;
			return -1;
		}
	}
}

/* Consume the n bytes a peek showed (they are there: no wait). */
static int
http_consume(int fd, char *buf, size_t n, int64_t deadline,
    enum err_code *code)
{
	ssize_t	r;
	size_t	off = 0;

	while (off < n) {
		r = frame_readsome(fd, buf + off, n - off, deadline, code);
		if (r <= 0) {
			if (r == 0)
				*code = ERR_BAD_FRAME;
			return -1;
		}
		off += (size_t)r;
	}
	return 0;
}

/*
 * The header section: first's bytes, then the fd's.  *npending is how
 * many of first's bytes are left after the section (the body's start).
 */
static int
http_header(struct http_ctx *c, int fd, const char *first, size_t nfirst,
    int64_t deadline, size_t *npending)
{
	http_parser_settings	s;
	http_parser		p;
	enum err_code		code;
	char			chunk[HTTP_PEEK_MAX];
	size_t			used, want;
	ssize_t			r;
	int			sock = -1, fr, ret = -1;

	http_parser_settings_init(&s);
	s.on_url = http_on_url;
	s.on_header_field = http_on_field;
	s.on_header_value = http_on_value;
	s.on_headers_complete = http_on_headers;
	http_parser_init(&p, HTTP_REQUEST);
	p.data = c;

	*npending = 0;
	if ((fr = http_feed(c, &p, &s, first, nfirst, &used)) == -1)
		goto out;
	*npending = nfirst - used;
	while (fr == 0) {
		want = c->max_header - c->nheader;
		if (want > sizeof(chunk))
			want = sizeof(chunk);
		if (want == 0) {
			/* max_header bytes and no end yet. */
			(void)http_too_long(c);
			goto out;
		}
		r = http_peek(fd, chunk, want, deadline, &sock, &code);
		if (r == -1) {
			(void)http_refuse(c, code == ERR_READ_TIMEOUT ? 408 :
			    code == ERR_INTERNAL ? 500 : 400, code,
			    code == ERR_READ_TIMEOUT ?
			    "the request header did not arrive in time" :
			    "the connection failed inside the request header");
			goto out;
		}
		if (r == 0) {
			(void)http_refuse(c, 400, ERR_BAD_FRAME,
			    c->nheader == 0 ? "no request: the connection "
			    "closed before a byte" : "the connection closed "
			    "inside the request header");
			goto out;
		}
		fr = http_feed(c, &p, &s, chunk, (size_t)r, &used);
		if (fr == -1)
			goto out;
		if (sock == 1 && http_consume(fd, chunk, used, deadline,
		    &code) == -1) {
			(void)http_refuse(c, code == ERR_READ_TIMEOUT ? 408 :
			    400, code, "the connection failed inside the "
			    "request header");
			goto out;
		}
	}
	ret = 0;
out:
	/* The chunk may hold a key. */
	explicit_bzero(chunk, sizeof(chunk));
	return ret;
}

/* What the header section said, checked in the order of the contract. */
static int
http_check(struct http_ctx *c, size_t max_body)
{
	if (c->major != 1 || c->minor > 1)
		return http_refuse(c, 505, ERR_BAD_FRAME,
		    "HTTP/%u.%u is not supported: send HTTP/1.1 or HTTP/1.0",
		    c->major, c->minor);
	if (c->hosts > 1)
		return http_refuse(c, 400, ERR_BAD_FRAME,
		    "the Host header field is given twice");
	if (c->hosts == 0 && c->minor == 1)
		return http_refuse(c, 400, ERR_BAD_FRAME,
		    "an HTTP/1.1 request without a Host header field");
	if (c->te)
		return http_refuse(c, 411, ERR_BAD_FRAME,
		    "Transfer-Encoding is not accepted: send the body with "
		    "Content-Length");
	if (c->expect_other)
		return http_refuse(c, 417, ERR_BAD_FRAME,
		    "the only expectation met is 100-continue");
	if (c->method == HTTP_POST && !c->has_length)
		return http_refuse(c, 411, ERR_BAD_FRAME,
		    "a POST needs Content-Length");
	if (c->length > max_body || c->length >= SIZE_MAX)
		return http_refuse(c, 413, ERR_TOO_LARGE,
		    "a body of %llu bytes is larger than the limit of %zu "
		    "bytes", (unsigned long long)c->length, max_body);
	return 0;
}

/*
 * The body: exactly Content-Length bytes, of which the first npending
 * came in first.  A 100 Continue goes out before the fd is read.
 */
static int
http_body(struct http_ctx *c, int fd, int out_fd, const char *pending,
    size_t npending, int64_t deadline)
{
	struct http_request	*req = c->req;
	enum err_code		 code;
	size_t			 len = (size_t)c->length, off;
	ssize_t			 r;

	if (npending > len)
		return http_refuse(c, 400, ERR_BAD_FRAME,
		    "bytes after the request (one request per connection)");
	if (len == 0)
		return 0;
	/* HTTP/1.0 knows no 100 (RFC 9110, 10.1.1). */
	if (c->expect_continue && c->minor == 1 && npending < len &&
	    frame_writeall(out_fd, HTTP_CONTINUE, sizeof(HTTP_CONTINUE) - 1,
	    deadline) == -1)
		return http_refuse(c, errno == ETIMEDOUT ? 408 : 400,
		    errno == ETIMEDOUT ? ERR_READ_TIMEOUT : ERR_BAD_FRAME,
		    "cannot write 100 Continue: %s", strerror(errno));
	if ((req->body = malloc(len + 1)) == NULL)
		return http_refuse(c, 500, ERR_INTERNAL,
		    "out of memory for a body of %zu bytes", len);
	if (npending > 0)
		memcpy(req->body, pending, npending);
	for (off = npending; off < len; off += (size_t)r) {
		r = frame_readsome(fd, req->body + off, len - off, deadline,
		    &code);
		if (r == -1 && code == ERR_READ_TIMEOUT)
			return http_refuse(c, 408, code,
			    "the request body did not arrive in time");
		if (r == -1 && code == ERR_INTERNAL)
			return http_refuse(c, 500, code,
			    "cannot read the request body: %s",
			    strerror(errno));
		if (r <= 0)
			return http_refuse(c, 400, ERR_BAD_FRAME,
			    "the connection closed after %zu of %zu body "
			    "bytes", off, len);
	}
	req->body[len] = '\0';
	req->body_len = len;
	return 0;
}

/* Whether a byte is already waiting on fd (it is read). */
static int
http_waiting(int fd)
{
	struct pollfd	pfd;
	char		ch;

	pfd.fd = fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN) &&
	    read(fd, &ch, 1) == 1;
}

int
http_read(int fd, int out_fd, const char *first, size_t nfirst,
    size_t max_header, size_t max_body, int64_t deadline,
    struct http_request *req, int *status, struct err *e)
{
	struct http_ctx	 c;
	const char	*pending;
	size_t		 npending;
	int		 ret = -1;

	memset(req, 0, sizeof(*req));
	memset(&c, 0, sizeof(c));
	*status = 0;
	c.req = req;
	c.e = e;
	c.max_header = max_header;

	if (http_header(&c, fd, first, nfirst, deadline, &npending) == -1 ||
	    http_check(&c, max_body) == -1)
		goto out;
	/* What came in first past the header section starts the body. */
	pending = npending > 0 ? first + nfirst - npending : "";
	if (http_body(&c, fd, out_fd, pending, npending, deadline) == -1)
		goto out;
	if (http_waiting(fd)) {
		(void)http_refuse(&c, 400, ERR_BAD_FRAME,
		    "bytes after the request (one request per connection)");
		goto out;
	}
	if (strlcpy(req->method, http_method_str(c.method),
	    sizeof(req->method)) >= sizeof(req->method)) {
		(void)http_refuse(&c, 500, ERR_INTERNAL,
		    "a method name longer than %d bytes", HTTP_METHOD_MAX);
		goto out;
	}
	if (c.target.data == NULL) {
		(void)http_refuse(&c, 400, ERR_BAD_FRAME,
		    "no request-target");
		goto out;
	}
	req->target = c.target.data;
	c.target.data = NULL;
	req->http_minor = (int)c.minor;
	ret = 0;
out:
	if (ret == -1) {
		*status = c.status != 0 ? c.status : 500;
		http_request_free(req);
	}
	buf_free(&c.target);
	if (c.val != NULL)
		explicit_bzero(c.val, c.valcap);
	free(c.val);
	return ret;
}

void
http_request_free(struct http_request *req)
{
	if (req->api_key != NULL)
		explicit_bzero(req->api_key, strlen(req->api_key));
	if (req->authorization != NULL)
		explicit_bzero(req->authorization,
		    strlen(req->authorization));
	free(req->target);
	free(req->api_key);
	free(req->authorization);
	free(req->content_type);
	free(req->accept);
	free(req->body);
	memset(req, 0, sizeof(*req));
}

/* A header line of ours: not empty, no CR or LF to split the response. */
static int
http_line_ok(const char *s)
{
	return s[0] != '\0' && strpbrk(s, "\r\n") == NULL;
}

/* The status line and the header section, blank line included. */
static int
http_head(struct buf *b, int status, const char *content_type,
    const char *const extra[], size_t len)
{
	size_t	i;

	if (buf_appendf(b, "HTTP/1.1 %d %s\r\n", status,
	    http_reason(status)) == -1 ||
	    (content_type != NULL &&
	    buf_appendf(b, "Content-Type: %s\r\n", content_type) == -1) ||
	    buf_appendf(b, "Content-Length: %zu\r\n"
	    "Connection: close\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n", len) == -1)
		return -1;
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		if (buf_appendf(b, "%s\r\n", extra[i]) == -1)
			return -1;
	return buf_append(b, "\r\n", 2);
}

int
http_write(int fd, int status, const char *content_type,
    const char *const extra[], const char *body, size_t len, int head_only,
    int64_t deadline)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;
	int		ret = -1, saved, apart;

	if (status < 100 || status > 599 ||
	    (content_type != NULL && !http_line_ok(content_type)) ||
	    (!head_only && body == NULL && len > 0)) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		if (!http_line_ok(extra[i])) {
			errno = EINVAL;
			return -1;
		}

	/* A small answer in one buffer: one segment, no Nagle wait. */
	apart = !head_only && len > HTTP_COALESCE_MAX;
	if (http_head(&b, status, content_type, extra, len) == -1 ||
	    (!head_only && !apart && len > 0 &&
	    buf_append(&b, body, len) == -1)) {
		errno = ENOMEM;
		goto out;
	}
	if (frame_writeall(fd, b.data, b.len, deadline) == -1 ||
	    (apart && frame_writeall(fd, body, len, deadline) == -1))
		goto out;
	ret = 0;
out:
	saved = errno;
	buf_free(&b);
	errno = saved;
	return ret;
}

const char *
http_reason(int status)
{
	size_t	i;

	for (i = 0; i < sizeof(http_reasons) / sizeof(http_reasons[0]); i++)
		if (http_reasons[i].status == status)
			return http_reasons[i].reason;
	return "Unknown";
}
