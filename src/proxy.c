/* proxy.c: reading and parsing the PROXY protocol header (v1 and v2). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "deadline.h"
#include "frame.h"
#include "proxy.h"

#define PROXY_V1_PREFIX		"PROXY "
#define PROXY_V1_UNKNOWN	"UNKNOWN"
#define PROXY_V1_FIELDS		6	/* PROXY, family, 2 addresses, 2 ports */
#define PROXY_PORT_DIGITS	5

#define PROXY_V2_VERSION	0x20
#define PROXY_V2_CMD_LOCAL	0x00
#define PROXY_V2_CMD_PROXY	0x01
#define PROXY_V2_UNSPEC		0x00
#define PROXY_V2_TCP4		0x11
#define PROXY_V2_UDP4		0x12
#define PROXY_V2_TCP6		0x21
#define PROXY_V2_UDP6		0x22
#define PROXY_V2_UNIX_STREAM	0x31
#define PROXY_V2_UNIX_DGRAM	0x32
#define PROXY_V2_TCP4_LEN	12	/* 2 addresses, 2 ports */
#define PROXY_V2_TCP6_LEN	36
#define PROXY_V2_UNIX_LEN	216	/* 2 sun_path of 108 bytes */

static const uint8_t	proxy_v2_sig[12] = {
    0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a };

static int	proxy_port(const char *);
static void	proxy_set6(struct addr *, const uint8_t *);
static int	proxy_readn(int, void *, size_t, int64_t, struct err *);

/* 1 when s is a decimal port 0..65535 without sign or leading zero. */
static int
proxy_port(const char *s)
{
	const char	*errstr;
	size_t		 n;

	n = strlen(s);
	if (n == 0 || n > PROXY_PORT_DIGITS || strspn(s, "0123456789") != n)
		return 0;
	if (s[0] == '0' && n > 1)
		return 0;
	(void)strtonum(s, 0, 65535, &errstr);
	return errstr == NULL;
}

/* Store 16 bytes of IPv6, a mapped IPv4 address becoming IPv4. */
static void
proxy_set6(struct addr *a, const uint8_t *b)
{
	struct sockaddr_in6	sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	memcpy(sin6.sin6_addr.s6_addr, b, 16);
	(void)addr_from_sockaddr(a, (struct sockaddr *)&sin6, sizeof(sin6));
}

/*
 * The line is split on single spaces into exactly six fields; an empty
 * field (two spaces, or one at either end) is an error, so is any byte
 * that inet_pton or the port check does not accept.
 */
int
proxy_parse_v1(const char *p, size_t len, enum proxy_kind *kind,
    struct addr *src, struct err *e)
{
	char		 line[PROXY_V1_MAX + 1], *field[PROXY_V1_FIELDS];
	char		*s, *sp;
	uint8_t		 b[16];
	size_t		 n, plen = sizeof(PROXY_V1_PREFIX) - 1;
	size_t		 ulen = sizeof(PROXY_V1_UNKNOWN) - 1;
	int		 af, i;

	if (len > PROXY_V1_MAX)
		return err_set(e, ERR_BAD_FRAME, "PROXY v1 header too long");
	if (len < plen || memcmp(p, PROXY_V1_PREFIX, plen) != 0)
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v1 header does not start with \"PROXY \"");
	if (p[len - 2] != '\r' || p[len - 1] != '\n')
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v1 header does not end in CRLF");
	n = len - 2;
	if (memchr(p, '\0', n) != NULL || memchr(p, '\r', n) != NULL ||
	    memchr(p, '\n', n) != NULL)
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v1 header has a control byte inside the line");
	memcpy(line, p, n);
	line[n] = '\0';

	/* UNKNOWN: whatever follows up to the CRLF is ignored. */
	s = line + plen;
	if (strncmp(s, PROXY_V1_UNKNOWN, ulen) == 0 &&
	    (s[ulen] == '\0' || s[ulen] == ' ')) {
		*kind = PROXY_LOCAL;
		memset(src, 0, sizeof(*src));
		return 0;
	}

	s = line;
	for (i = 0; i < PROXY_V1_FIELDS; i++) {
		field[i] = s;
		sp = strchr(s, ' ');
		if (i < PROXY_V1_FIELDS - 1) {
			if (sp == NULL)
				return err_set(e, ERR_BAD_FRAME,
				    "PROXY v1 header has too few fields");
			*sp = '\0';
			s = sp + 1;
		} else if (sp != NULL)
			return err_set(e, ERR_BAD_FRAME,
			    "PROXY v1 header has too many fields");
		if (*field[i] == '\0')
			return err_set(e, ERR_BAD_FRAME,
			    "PROXY v1 header has an empty field");
	}

	if (strcmp(field[1], "TCP4") == 0)
		af = AF_INET;
	else if (strcmp(field[1], "TCP6") == 0)
		af = AF_INET6;
	else
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v1 header has an unknown protocol");
	if (inet_pton(af, field[2], b) != 1 || inet_pton(af, field[3], b) != 1)
		return err_set(e, ERR_BAD_FRAME, "PROXY v1 header has an "
		    "address that is not %s", af == AF_INET ? "IPv4" : "IPv6");
	if (!proxy_port(field[4]) || !proxy_port(field[5]))
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v1 header has a bad port");

	/* The source again: b holds the destination now. */
	(void)inet_pton(af, field[2], b);
	if (af == AF_INET) {
		memset(src, 0, sizeof(*src));
		src->family = AF_INET;
		memcpy(src->a, b, 4);
	} else
		proxy_set6(src, b);
	*kind = PROXY_CLIENT;
	return 0;
}

int
proxy_parse_v2(const uint8_t *p, size_t len, enum proxy_kind *kind,
    struct addr *src, struct err *e)
{
	size_t	body;
	uint8_t	cmd, fam;

	if (len < PROXY_V2_HEAD)
		return err_set(e, ERR_BAD_FRAME, "PROXY v2 header truncated");
	if (memcmp(p, proxy_v2_sig, sizeof(proxy_v2_sig)) != 0)
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v2 header has a wrong signature");
	if ((p[12] & 0xf0) != PROXY_V2_VERSION)
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v2 header has version %d, not 2", p[12] >> 4);
	cmd = p[12] & 0x0f;
	fam = p[13];
	body = (size_t)p[14] << 8 | p[15];
	if (body > PROXY_V2_MAX_BODY)
		return err_set(e, ERR_BAD_FRAME, "PROXY v2 header too long");
	if (len != PROXY_V2_HEAD + body)
		return err_set(e, ERR_BAD_FRAME, "PROXY v2 header of %zu bytes "
		    "declares %zu", len, PROXY_V2_HEAD + body);
	p += PROXY_V2_HEAD;

	memset(src, 0, sizeof(*src));
	if (cmd == PROXY_V2_CMD_LOCAL) {
		/* The proxy's own connection: the addresses mean nothing. */
		*kind = PROXY_LOCAL;
		return 0;
	}
	if (cmd != PROXY_V2_CMD_PROXY)
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v2 header has an unknown command %d", cmd);

	/* TLVs after the address block are skipped unread. */
	switch (fam) {
	case PROXY_V2_TCP4:
		if (body < PROXY_V2_TCP4_LEN)
			break;
		src->family = AF_INET;
		memcpy(src->a, p, 4);
		*kind = PROXY_CLIENT;
		return 0;
	case PROXY_V2_TCP6:
		if (body < PROXY_V2_TCP6_LEN)
			break;
		proxy_set6(src, p);
		*kind = PROXY_CLIENT;
		return 0;
	case PROXY_V2_UNSPEC:
		*kind = PROXY_LOCAL;
		return 0;
	case PROXY_V2_UNIX_STREAM:
		if (body < PROXY_V2_UNIX_LEN)
			break;
		/* A local client of the proxy: no address to count. */
		*kind = PROXY_LOCAL;
		return 0;
	case PROXY_V2_UDP4:
	case PROXY_V2_UDP6:
	case PROXY_V2_UNIX_DGRAM:
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v2 header names a datagram connection");
	default:
		return err_set(e, ERR_BAD_FRAME,
		    "PROXY v2 header has an unknown family 0x%02x", fam);
	}
	return err_set(e, ERR_BAD_FRAME,
	    "PROXY v2 header shorter than its address block");
}

/*
 * Read exactly n bytes before the deadline, never more, so that nothing
 * past the header leaves the socket.
 */
static int
proxy_readn(int fd, void *buf, size_t n, int64_t deadline, struct err *e)
{
	enum err_code	 code;
	uint8_t		*p = buf;
	size_t		 off = 0;
	ssize_t		 r;

	while (off < n) {
		r = frame_readsome(fd, p + off, n - off, deadline, &code);
		if (r == 0)
			return err_set(e, ERR_BAD_FRAME,
			    "connection closed inside the PROXY header");
		if (r == -1)
			return err_set(e, code, code == ERR_READ_TIMEOUT ?
			    "the PROXY header did not arrive in time" :
			    "connection failed inside the PROXY header");
		off += (size_t)r;
	}
	return 0;
}

/*
 * v1 is read a byte at a time up to its CRLF, the "PROXY " prefix being
 * checked as it arrives; v2 is read as its 16-byte head and then exactly
 * the body length it declares, bounded before the read.
 */
int
proxy_read(int fd, int64_t deadline, enum proxy_kind *kind, struct addr *src,
    struct err *e)
{
	uint8_t		buf[PROXY_V2_HEAD + PROXY_V2_MAX_BODY];
	size_t		n, body, plen = sizeof(PROXY_V1_PREFIX) - 1;

	if (proxy_readn(fd, buf, 1, deadline, e) == -1)
		return -1;

	if (buf[0] == (uint8_t)PROXY_V1_PREFIX[0]) {
		for (n = 1; n < PROXY_V1_MAX; n++) {
			if (proxy_readn(fd, buf + n, 1, deadline, e) == -1)
				return -1;
			if (n < plen && buf[n] != (uint8_t)PROXY_V1_PREFIX[n])
				break;
			if (buf[n] != '\n')
				continue;
			if (buf[n - 1] != '\r')
				return err_set(e, ERR_BAD_FRAME,
				    "PROXY v1 header ends in LF without CR");
			return proxy_parse_v1((char *)buf, n + 1, kind, src,
			    e);
		}
		if (n < plen)
			return err_set(e, ERR_BAD_FRAME, "expected a PROXY "
			    "protocol header from a trusted proxy");
		return err_set(e, ERR_BAD_FRAME, "PROXY v1 header too long");
	}

	if (buf[0] == proxy_v2_sig[0]) {
		if (proxy_readn(fd, buf + 1, PROXY_V2_HEAD - 1, deadline,
		    e) == -1)
			return -1;
		if (memcmp(buf, proxy_v2_sig, sizeof(proxy_v2_sig)) != 0)
			return err_set(e, ERR_BAD_FRAME,
			    "PROXY v2 header has a wrong signature");
		body = (size_t)buf[14] << 8 | buf[15];
		if (body > PROXY_V2_MAX_BODY)
			return err_set(e, ERR_BAD_FRAME,
			    "PROXY v2 header too long");
		if (proxy_readn(fd, buf + PROXY_V2_HEAD, body, deadline,
		    e) == -1)
			return -1;
		return proxy_parse_v2(buf, PROXY_V2_HEAD + body, kind, src, e);
	}

	return err_set(e, ERR_BAD_FRAME,
	    "expected a PROXY protocol header from a trusted proxy");
}
