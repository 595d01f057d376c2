/* cidr.h: client addresses and the networks they are matched against. */
#ifndef RUNBOX_CIDR_H
#define RUNBOX_CIDR_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

/* Text of an address, a network ("2001:db8:1:2::/64") and the NUL. */
#define ADDR_TEXT_MAX	(46 + 4)

/* An address, IPv4-mapped IPv6 always stored as the IPv4 address. */
struct addr {
	int	family;		/* AF_INET or AF_INET6 */
	uint8_t	a[16];		/* network byte order; 4 bytes for AF_INET */
};

struct cidr {
	int	family;		/* AF_INET or AF_INET6 */
	uint8_t	addr[16];	/* network byte order; 4 bytes used for AF_INET */
	int	prefix;		/* 0..32 or 0..128 */
};

/*
 * Parse "A.B.C.D/N" or "X::Y/N" (no prefix means a host).  Host bits are
 * masked off; an IPv4-mapped network becomes the IPv4 one.  0 or -1.
 */
int	cidr_parse(struct cidr *, const char *);

/* 1 when a is inside c (same family, prefix bits equal), else 0. */
int	cidr_match(const struct cidr *, const struct addr *);

/* 1 when a is inside any of the n networks. */
int	cidr_match_any(const struct cidr *, size_t n, const struct addr *);

/* Text form of a network, "10.0.0.0/8". */
void	cidr_format(const struct cidr *, char *, size_t);

/*
 * From a socket address (AF_INET or AF_INET6, mapped IPv6 made IPv4).
 * Returns 0, or -1 for any other family.
 */
int	addr_from_sockaddr(struct addr *, const struct sockaddr *, socklen_t);

/* Parse an address in text (mapped IPv6 made IPv4).  0 or -1. */
int	addr_parse(struct addr *, const char *);

/* Text form: "192.0.2.7", "2001:db8::1". */
void	addr_format(const struct addr *, char *, size_t);

/*
 * The unit the limits count: the IPv4 address itself, or the /64 an IPv6
 * address is in ("2001:db8:1:2::/64").
 */
void	addr_limit_unit(const struct addr *, char *, size_t);

#endif
