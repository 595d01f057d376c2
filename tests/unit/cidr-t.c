/* cidr-t: client addresses, networks, matching and the limit unit. */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "tap.h"

#define FFFF_UNIT_ADDR	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"

struct match {
	const char	*net;
	const char	*addr;
	int		 want;
	const char	*what;
};

static const struct match matches[] = {
	{ "10.0.0.0/8", "10.1.2.3", 1, "10.1.2.3 is inside 10.0.0.0/8" },
	{ "10.0.0.0/8", "11.0.0.1", 0, "11.0.0.1 is outside 10.0.0.0/8" },
	{ "10.0.0.0/8", "9.255.255.255", 0,
	  "9.255.255.255 is outside 10.0.0.0/8" },
	{ "0.0.0.0/0", "203.0.113.9", 1, "/0 holds every IPv4 address" },
	{ "0.0.0.0/0", "255.255.255.255", 1, "/0 holds 255.255.255.255" },
	{ "0.0.0.0/0", "2001:db8::1", 0, "an IPv4 /0 holds no IPv6 address" },
	{ "192.0.2.7/32", "192.0.2.7", 1, "a /32 holds its own address" },
	{ "192.0.2.7/32", "192.0.2.6", 0, "a /32 holds no other address" },
	{ "192.0.2.7", "192.0.2.7", 1, "an address without prefix is a host" },
	{ "192.0.2.7", "192.0.2.8", 0,
	  "an address without prefix holds no other address" },
	{ "10.8.0.0/13", "10.8.0.0", 1, "10.8.0.0 is inside 10.8.0.0/13" },
	{ "10.8.0.0/13", "10.15.255.255", 1,
	  "10.15.255.255 is inside 10.8.0.0/13" },
	{ "10.8.0.0/13", "10.16.0.0", 0, "10.16.0.0 is outside 10.8.0.0/13" },
	{ "10.8.0.0/13", "10.7.255.255", 0,
	  "10.7.255.255 is outside 10.8.0.0/13" },
	{ "10.9.9.9/13", "10.12.0.1", 1,
	  "host bits in the network are ignored" },
	{ "2001:db8::/32", "2001:db8:ffff::1", 1,
	  "2001:db8:ffff::1 is inside 2001:db8::/32" },
	{ "2001:db8::/32", "2001:db9::1", 0,
	  "2001:db9::1 is outside 2001:db8::/32" },
	{ "::/0", "2001:db8::1", 1, "::/0 holds every IPv6 address" },
	{ "::/0", "10.1.2.3", 0, "::/0 holds no IPv4 address" },
	{ "::/0", "::ffff:10.1.2.3", 0,
	  "::/0 holds no mapped address, which counts as IPv4" },
	{ "2001:db8::1/128", "2001:db8::1", 1,
	  "a /128 holds its own address" },
	{ "2001:db8::1/128", "2001:db8::2", 0,
	  "a /128 holds no other address" },
	{ "2001:db8::/67", "2001:db8::1fff:ffff:ffff:ffff", 1,
	  "the last address of 2001:db8::/67 is inside it" },
	{ "2001:db8::/67", "2001:db8::2000:0:0:0", 0,
	  "the next address after 2001:db8::/67 is outside it" },
	{ "2001:db8::/67", "2001:db8:0:1::", 0,
	  "2001:db8:0:1:: is outside 2001:db8::/67" },
	{ "10.0.0.0/8", "2001:db8::1", 0,
	  "an IPv4 network never holds an IPv6 address" },
	{ "2001:db8::/32", "32.1.13.184", 0,
	  "an IPv6 network never holds an IPv4 address of the same bits" },
	{ "10.0.0.0/8", "::ffff:10.1.2.3", 1,
	  "a mapped client address matches an IPv4 network" },
	{ "10.0.0.0/8", "::ffff:11.1.2.3", 0,
	  "a mapped client address outside an IPv4 network does not match" },
	{ "::ffff:10.0.0.0/104", "10.1.2.3", 1,
	  "a mapped network matches the IPv4 address it names" },
};

static void
test_match(void)
{
	const struct match	*t;
	struct cidr		 c;
	struct addr		 a;
	size_t			 i;

	for (i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		t = &matches[i];
		if (cidr_parse(&c, t->net) == -1)
			bail("cidr_parse %s failed", t->net);
		if (addr_parse(&a, t->addr) == -1)
			bail("addr_parse %s failed", t->addr);
		is_int(cidr_match(&c, &a), t->want, "match: %s", t->what);
	}
}

static void
test_parse(void)
{
	static const char	*bad[] = {
		"", "10.0.0.0/33", "::/129", "/8", "10.0.0.0/", "10.0.0.0/-1",
		"10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/a", "10.0.0/8",
		"example.org/8", "10.0.0.0 /8", "2001:db8::/1280",
	};
	struct cidr		 c;
	struct addr		 a;
	char			 text[ADDR_TEXT_MAX];
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(cidr_parse(&c, bad[i]), -1,
		    "parse: the network \"%s\" is refused", bad[i]);
	is_int(addr_parse(&a, "10.1.2"), -1,
	    "parse: a three-part IPv4 address is refused");
	is_int(addr_parse(&a, "example.org"), -1,
	    "parse: a host name is refused");
	is_int(addr_parse(&a, "10.1.2.3/8"), -1,
	    "parse: a network is not an address");

	cidr_parse(&c, "10.1.2.3/8");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "10.0.0.0/8", "format: host bits are masked off");
	cidr_parse(&c, "10.15.255.255/13");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "10.8.0.0/13", "format: an odd IPv4 prefix is masked");
	cidr_parse(&c, "192.0.2.7");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "192.0.2.7/32", "format: a host is a /32");
	cidr_parse(&c, "2001:db8::1");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "2001:db8::1/128", "format: an IPv6 host is a /128");
	cidr_parse(&c, "2001:db8:1:2:ffff:ffff:ffff:ffff/67");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "2001:db8:1:2:e000::/67",
	    "format: an odd IPv6 prefix is masked");
	cidr_parse(&c, "::/0");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "::/0", "format: the IPv6 /0 is ::/0");
	cidr_parse(&c, "::ffff:10.0.0.0/104");
	cidr_format(&c, text, sizeof(text));
	is_string(text, "10.0.0.0/8",
	    "format: a mapped network is its IPv4 network");
	is_int(c.family, AF_INET, "parse: a mapped network is AF_INET");

	addr_parse(&a, "::ffff:10.1.2.3");
	is_int(a.family, AF_INET, "parse: a mapped address is AF_INET");
	addr_format(&a, text, sizeof(text));
	is_string(text, "10.1.2.3", "format: a mapped address prints as IPv4");
	addr_parse(&a, "192.0.2.7");
	addr_format(&a, text, sizeof(text));
	is_string(text, "192.0.2.7", "format: an IPv4 address");
	addr_parse(&a, "2001:0db8:0000::0001");
	addr_format(&a, text, sizeof(text));
	is_string(text, "2001:db8::1", "format: an IPv6 address is compressed");
}

static void
test_any(void)
{
	static const char	*nets[] = {
		"10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32" };
	struct cidr		 v[3];
	struct addr		 a;
	size_t			 i;

	for (i = 0; i < 3; i++)
		if (cidr_parse(&v[i], nets[i]) == -1)
			bail("cidr_parse %s failed", nets[i]);
	addr_parse(&a, "10.9.9.9");
	is_int(cidr_match_any(v, 3, &a), 1,
	    "any: an address in the first network matches");
	addr_parse(&a, "192.168.44.1");
	is_int(cidr_match_any(v, 3, &a), 1,
	    "any: an address in the second network matches");
	addr_parse(&a, "2001:db8:5::5");
	is_int(cidr_match_any(v, 3, &a), 1,
	    "any: an address in the last network matches");
	addr_parse(&a, "172.16.0.1");
	is_int(cidr_match_any(v, 3, &a), 0,
	    "any: an address in none of the networks does not match");
	addr_parse(&a, "::ffff:192.168.1.1");
	is_int(cidr_match_any(v, 3, &a), 1,
	    "any: a mapped address matches its IPv4 network");
	addr_parse(&a, "10.9.9.9");
	is_int(cidr_match_any(v, 0, &a), 0,
	    "any: an empty list matches nothing");
}

static void
test_sockaddr(void)
{
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
	struct sockaddr_un	sun;
	struct addr		a;
	char			text[ADDR_TEXT_MAX];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(4242);
	inet_pton(AF_INET, "198.51.100.9", &sin.sin_addr);
	is_int(addr_from_sockaddr(&a, (struct sockaddr *)&sin, sizeof(sin)),
	    0, "sockaddr: a sockaddr_in is accepted");
	addr_format(&a, text, sizeof(text));
	is_string(text, "198.51.100.9", "sockaddr: the IPv4 address is kept");
	is_int(a.family, AF_INET, "sockaddr: a sockaddr_in is AF_INET");

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::42", &sin6.sin6_addr);
	is_int(addr_from_sockaddr(&a, (struct sockaddr *)&sin6, sizeof(sin6)),
	    0, "sockaddr: a sockaddr_in6 is accepted");
	addr_format(&a, text, sizeof(text));
	is_string(text, "2001:db8::42", "sockaddr: the IPv6 address is kept");
	is_int(a.family, AF_INET6, "sockaddr: a sockaddr_in6 is AF_INET6");

	inet_pton(AF_INET6, "::ffff:203.0.113.5", &sin6.sin6_addr);
	is_int(addr_from_sockaddr(&a, (struct sockaddr *)&sin6, sizeof(sin6)),
	    0, "sockaddr: a mapped sockaddr_in6 is accepted");
	addr_format(&a, text, sizeof(text));
	is_string(text, "203.0.113.5",
	    "sockaddr: a mapped IPv6 peer becomes IPv4");
	is_int(a.family, AF_INET, "sockaddr: a mapped peer is AF_INET");

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, "/run/runbox.sock", sizeof(sun.sun_path));
	is_int(addr_from_sockaddr(&a, (struct sockaddr *)&sun, sizeof(sun)),
	    -1, "sockaddr: an AF_UNIX peer has no address");
	is_int(addr_from_sockaddr(&a, (struct sockaddr *)&sin, 4), -1,
	    "sockaddr: a truncated sockaddr_in is refused");
}

static void
test_unit(void)
{
	struct addr	a, b;
	char		ua[ADDR_TEXT_MAX], ub[ADDR_TEXT_MAX];

	addr_parse(&a, "192.0.2.7");
	addr_limit_unit(&a, ua, sizeof(ua));
	is_string(ua, "192.0.2.7", "unit: an IPv4 client is its address");
	addr_parse(&a, "::ffff:192.0.2.7");
	addr_limit_unit(&a, ua, sizeof(ua));
	is_string(ua, "192.0.2.7", "unit: a mapped client is its IPv4 address");
	addr_parse(&a, "2001:db8:1:2:3:4:5:6");
	addr_limit_unit(&a, ua, sizeof(ua));
	is_string(ua, "2001:db8:1:2::/64", "unit: an IPv6 client is its /64");

	addr_parse(&b, "2001:db8:1:2:ffff::1");
	addr_limit_unit(&b, ub, sizeof(ub));
	is_string(ub, ua, "unit: two addresses in one /64 share a unit");
	addr_parse(&b, "2001:db8:1:3:3:4:5:6");
	addr_limit_unit(&b, ub, sizeof(ub));
	ok(strcmp(ua, ub) != 0,
	    "unit: addresses in neighbouring /64s have different units");
	addr_parse(&b, "2001:db8::1");
	addr_limit_unit(&b, ub, sizeof(ub));
	is_string(ub, "2001:db8::/64", "unit: a /64 of zeros is compressed");
	addr_parse(&a, FFFF_UNIT_ADDR);
	addr_limit_unit(&a, ua, sizeof(ua));
	is_string(ua, "ffff:ffff:ffff:ffff::/64",
	    "unit: the longest /64 text fits ADDR_TEXT_MAX");
}

int
main(void)
{
	test_match();
	test_parse();
	test_any();
	test_sockaddr();
	test_unit();
	done_testing();
	return exit_status();
}
