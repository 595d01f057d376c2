/* cidr.c: addresses and networks: parsing, matching, printing. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"

static const uint8_t	cidr_mapped[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/*
 * Host bits beyond the prefix are masked off (10.1.2.3/8 is 10.0.0.0/8),
 * and an IPv4-mapped IPv6 network (::ffff:a.b.c.d/96 or longer) is stored
 * as the IPv4 network it names, since clients' mapped addresses count as
 * IPv4 (docs/admission.md).
 */
int
cidr_parse(struct cidr *c, const char *s)
{

	char			 addr[INET6_ADDRSTRLEN];
	const char		*slash, *errstr;
	struct cidr		 r;
	size_t			 alen;
	int			 bits, i;

	memset(&r, 0, sizeof(r));
	slash = strchr(s, '/');
	alen = slash != NULL ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr))
		return -1;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, r.addr) == 1) {
		r.family = AF_INET;
		bits = 32;
	} else if (inet_pton(AF_INET6, addr, r.addr) == 1) {
		r.family = AF_INET6;
		bits = 128;
	} else
		return -1;
	r.prefix = bits;
	if (slash != NULL) {
		if (slash[1] == '\0' || strlen(slash + 1) > 3 ||
		    strspn(slash + 1, "0123456789") != strlen(slash + 1))
			return -1;
		r.prefix = strtonum(slash + 1, 0, bits, &errstr);
		if (errstr != NULL)
			return -1;
	}
	if (r.family == AF_INET6 && r.prefix >= 96 &&
	    memcmp(r.addr, cidr_mapped, sizeof(cidr_mapped)) == 0) {
		memmove(r.addr, r.addr + 12, 4);
		memset(r.addr + 4, 0, 12);
		r.family = AF_INET;
		r.prefix -= 96;
		bits = 32;
	}
	for (i = r.prefix; i < bits; i++)
		r.addr[i / 8] &= ~(0x80 >> (i % 8));
	*c = r;
	return 0;
}

int
cidr_match(const struct cidr *c, const struct addr *a)
{
	int	full, rest;

	if (c->family != a->family)
		return 0;
	full = c->prefix / 8;
	rest = c->prefix % 8;
	if (memcmp(c->addr, a->a, (size_t)full) != 0)
		return 0;
	if (rest != 0 &&
	    ((c->addr[full] ^ a->a[full]) & (0xff00 >> rest) & 0xff) != 0)
		return 0;
	return 1;
}

int
cidr_match_any(const struct cidr *v, size_t n, const struct addr *a)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (cidr_match(&v[i], a))
			return 1;
	return 0;
}

void
cidr_format(const struct cidr *c, char *out, size_t size)
{
	char	text[INET6_ADDRSTRLEN];

	if (inet_ntop(c->family, c->addr, text, sizeof(text)) == NULL)
		strlcpy(text, "?", sizeof(text));
	snprintf(out, size, "%s/%d", text, c->prefix);
}

/* Store 16 bytes of IPv6, turning a mapped IPv4 address into IPv4. */
static void
addr_set6(struct addr *a, const uint8_t *b)
{
	memset(a, 0, sizeof(*a));
	if (memcmp(b, cidr_mapped, sizeof(cidr_mapped)) == 0) {
		a->family = AF_INET;
		memcpy(a->a, b + 12, 4);
	} else {
		a->family = AF_INET6;
		memcpy(a->a, b, 16);
	}
}

int
addr_from_sockaddr(struct addr *a, const struct sockaddr *sa, socklen_t len)
{
	const struct sockaddr_in	*s4 = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6	*s6 = (const struct sockaddr_in6 *)sa;

	if (sa->sa_family == AF_INET && len >= sizeof(*s4)) {
		memset(a, 0, sizeof(*a));
		a->family = AF_INET;
		memcpy(a->a, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(*s6)) {
		addr_set6(a, s6->sin6_addr.s6_addr);
		return 0;
	}
	return -1;
}

int
addr_parse(struct addr *a, const char *s)
{
	uint8_t	b[16];

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, b) == 1) {
		addr_set6(a, b);
		return 0;
	}
	return -1;
}

void
addr_format(const struct addr *a, char *out, size_t size)
{
	if (inet_ntop(a->family, a->a, out, (socklen_t)size) == NULL)
		strlcpy(out, "?", size);
}

void
addr_limit_unit(const struct addr *a, char *out, size_t size)
{
	struct cidr	c;

	if (a->family == AF_INET) {
		addr_format(a, out, size);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.family = AF_INET6;
	c.prefix = 64;
	memcpy(c.addr, a->a, 8);
	cidr_format(&c, out, size);
}
