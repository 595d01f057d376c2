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

int
main(void)
{
	char	name[CLIENT_NAME_MAX];
	int	fd, sv[2];

	unsetenv("SSH_CONNECTION");
	unsetenv("SSH_CLIENT");
	client_identify(0, "alice", name, sizeof(name));
	is_string(name, "alice", "--client NAME is the client's name");

	if ((fd = accepted(AF_INET, "127.0.0.1")) == -1)
		bail("loopback IPv4 socket");
	client_identify(fd, NULL, name, sizeof(name));
	is_string(name, "127.0.0.1", "a TCP peer is named by its address");
	close(fd);

	if ((fd = accepted(AF_INET6, "::1")) == -1)
		diag("no IPv6 loopback here");
	else {
		client_identify(fd, NULL, name, sizeof(name));
		is_string(name, "::1", "an IPv6 peer is named by its address");
		close(fd);
	}
	/* An IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d. */
	if ((fd = accepted(AF_INET6, "::ffff:127.0.0.1")) == -1)
		diag("no v4-mapped listener here");
	else {
		client_identify(fd, NULL, name, sizeof(name));
		is_string(name, "127.0.0.1",
		    "an IPv4-mapped IPv6 peer counts as IPv4");
		close(fd);
	}

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		bail("socketpair");
	client_identify(sv[0], NULL, name, sizeof(name));
	is_string(name, "local", "a unix socket without SSH is local");
	setenv("SSH_CONNECTION", "198.51.100.9 50000 10.0.0.1 22", 1);
	client_identify(sv[0], NULL, name, sizeof(name));
	is_string(name, "198.51.100.9", "SSH_CONNECTION names an SSH client");
	unsetenv("SSH_CONNECTION");
	setenv("SSH_CLIENT", "2001:db8::5 50000 22", 1);
	client_identify(sv[0], NULL, name, sizeof(name));
	is_string(name, "2001:db8::5", "SSH_CLIENT is used when it is alone");
	setenv("SSH_CLIENT", "not-an-address 1 2", 1);
	client_identify(sv[0], NULL, name, sizeof(name));
	is_string(name, "local", "a malformed SSH_CLIENT is ignored");
	close(sv[0]);
	close(sv[1]);
	done_testing();
	return exit_status();
}
