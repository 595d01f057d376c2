/* client-t: naming the client from the socket, SSH or --client. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "tap.h"

/* Connect to a listener on addr and return the accepted end. */
static int
accepted(int family, const char *addr)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	int			 l, c, a;

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	if (family == AF_INET)
		inet_pton(AF_INET, addr, &s4->sin_addr);
	else
		inet_pton(AF_INET6, addr, &s6->sin6_addr);
	len = family == AF_INET ? sizeof(*s4) : sizeof(*s6);
	if ((l = socket(family, SOCK_STREAM, 0)) == -1 ||
	    bind(l, (struct sockaddr *)&ss, len) == -1 || listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if ((c = socket(family, SOCK_STREAM, 0)) == -1 ||
	    connect(c, (struct sockaddr *)&ss, len) == -1 ||
	    (a = accept(l, NULL, NULL)) == -1)
		return -1;
	close(l);
	close(c);
	return a;
}

static struct client	c;

static const char *
name_of(int fd, const char *forced)
{
	client_from_transport(&c, fd, forced);
	return c.name;
}

int
main(void)
{
	int	fd, sv[2];

	unsetenv("SSH_CONNECTION");
	unsetenv("SSH_CLIENT");
	ok(client_name_ok("alice") && client_name_ok("ci.bot@example-1"),
	    "plain --client names are accepted");
	ok(!client_name_ok("") && !client_name_ok("a b") &&
	    !client_name_ok("a\nb") && !client_name_ok("x\"y"),
	    "empty names and names with spaces, quotes or newlines are not");
	ok(!client_name_ok("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    "a --client name over 48 bytes is refused");

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		bail("socketpair");
	is_string(name_of(sv[0], "alice"), "alice",
	    "--client NAME is the client's name");
	is_string(c.unit, "name:alice", "and the limits count NAME");
	ok(!c.has_addr, "a unix socket gives no address");

	if ((fd = accepted(AF_INET, "127.0.0.1")) == -1)
		bail("loopback IPv4 socket");
	is_string(name_of(fd, NULL), "127.0.0.1",
	    "a TCP peer is named by its address");
	is_string(c.unit, "ip:127.0.0.1", "an IPv4 address is its own unit");
	ok(c.has_addr && c.has_peer, "its address is kept for the allow-list");
	is_string(name_of(fd, "bob"), "bob",
	    "--client NAME wins over the peer address");
	ok(c.has_addr, "but the address is still known to the allow-list");
	close(fd);

	if ((fd = accepted(AF_INET6, "::1")) == -1)
		bail("no IPv6 loopback here: the IPv6 cases need one");
	is_string(name_of(fd, NULL), "::1",
	    "an IPv6 peer is named by its address");
	is_string(c.unit, "ip:::/64", "an IPv6 address counts by its /64");
	close(fd);
	/* An IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d. */
	if ((fd = accepted(AF_INET6, "::ffff:127.0.0.1")) == -1)
		bail("no v4-mapped listener here");
	is_string(name_of(fd, NULL), "127.0.0.1",
	    "an IPv4-mapped IPv6 peer counts as IPv4");
	is_string(c.unit, "ip:127.0.0.1", "and is limited as IPv4");
	close(fd);

	is_string(name_of(sv[0], NULL), "local",
	    "a unix socket without SSH is local");
	is_string(c.unit, "local", "and is counted as local");
	setenv("SSH_CONNECTION", "198.51.100.9 50000 10.0.0.1 22", 1);
	is_string(name_of(sv[0], NULL), "198.51.100.9",
	    "SSH_CONNECTION names an SSH client");
	ok(c.has_addr && !c.has_peer,
	    "an SSH client's address is known but it is no socket peer");
	unsetenv("SSH_CONNECTION");
	setenv("SSH_CLIENT", "2001:db8:0:7:1::5 50000 22", 1);
	is_string(name_of(sv[0], NULL), "2001:db8:0:7:1::5",
	    "SSH_CLIENT is used when it is alone");
	is_string(c.unit, "ip:2001:db8:0:7::/64", "counted by its /64");
	setenv("SSH_CLIENT", "not-an-address 1 2", 1);
	is_string(name_of(sv[0], NULL), "local",
	    "a malformed SSH_CLIENT is ignored");
	unsetenv("SSH_CLIENT");
	close(sv[0]);
	close(sv[1]);
	done_testing();
	return exit_status();
}
