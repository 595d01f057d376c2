/*
 * catalog-t.c: the languages of a listing and their images' versions
 * (catalog.c), against a fake engine: a child that answers each image
 * lookup on a unix socket from a table, one connection per request.  And
 * with nothing listening, where the listing is unavailable.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "config.h"
#include "err.h"
#include "tap.h"

static char	dir[] = "/tmp/catalog-t.XXXXXX";
static char	sockpath[128], nosock[128];

/* What the fake engine answers for an image's inspect path. */
static const struct {
	const char	*path;
	int		 status;
	const char	*body;
} answers[] = {
	{ "/v1.41/images/img-labelled/json", 200,
	    "{\"Id\":\"sha256:1\",\"Config\":{\"Labels\":{\"runbox.handoff\":"
	    "\"4\",\"runbox.version\":\"Python 3.11.2 \\\"x\\\"\"}}}" },
	{ "/v1.41/images/img-unlabelled/json", 200,
	    "{\"Id\":\"sha256:2\",\"Config\":{\"Labels\":{\"runbox.handoff\":"
	    "\"4\"}}}" },
	{ "/v1.41/images/img-nolabels/json", 200,
	    "{\"Id\":\"sha256:3\",\"Config\":{\"Labels\":null}}" },
	{ "/v1.41/images/img-empty/json", 200,
	    "{\"Config\":{\"Labels\":{\"runbox.version\":\"\"}}}" },
	{ "/v1.41/images/img-number/json", 200,
	    "{\"Config\":{\"Labels\":{\"runbox.version\":3}}}" },
	{ "/v1.41/images/img-long/json", 200, NULL },	/* made in main */
	{ "/v1.41/images/img-broken/json", 500,
	    "{\"message\":\"disk on fire\"}" },
};
#define NANSWERS	(sizeof(answers) / sizeof(answers[0]))

static char	longbody[512];

static void	serve(int);
static void	answer(int);
static void	test_catalog(void);
static void	test_no_engine(void);

/* Read one request head from fd and answer it, closing the connection. */
static void
answer(int fd)
{
	char		 req[4096], path[1024], head[256];
	const char	*body = "{\"message\":\"No such image\"}";
	size_t		 have = 0, i;
	ssize_t		 n;
	int		 status = 404;

	while (have < sizeof(req) - 1) {
		if ((n = read(fd, req + have, sizeof(req) - 1 - have)) <= 0)
			return;
		have += (size_t)n;
		req[have] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	if (sscanf(req, "GET %1023s HTTP/1.1", path) != 1)
		return;
	for (i = 0; i < NANSWERS; i++) {
		if (strcmp(path, answers[i].path) == 0) {
			status = answers[i].status;
			body = answers[i].body != NULL ? answers[i].body :
			    longbody;
		}
	}
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close"
	    "\r\n\r\n", status, strlen(body));
	if (write(fd, head, (size_t)n) != n ||
	    write(fd, body, strlen(body)) != (ssize_t)strlen(body))
		return;
}

static void
serve(int lfd)
{
	int	fd;

	for (;;) {
		if ((fd = accept(lfd, NULL, NULL)) == -1)
			_exit(1);
		answer(fd);
		close(fd);
	}
}

static void
test_catalog(void)
{
	static const char *const images[] = {
		"img-labelled", "img-unlabelled", "img-nolabels", "img-empty",
		"img-number", "img-long", "img-broken", "img-missing"
	};
	struct config	cfg;
	struct catalog	cat;
	struct err	e;
	size_t		i;

	config_defaults(&cfg);
	(void)strlcpy(cfg.docker_socket, sockpath, sizeof(cfg.docker_socket));
	for (i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		snprintf(cfg.languages[i].name, sizeof(cfg.languages[i].name),
		    "l%zu", i);
		(void)strlcpy(cfg.languages[i].image, images[i],
		    sizeof(cfg.languages[i].image));
		(void)strlcpy(cfg.languages[i].file, "main",
		    sizeof(cfg.languages[i].file));
		(void)strlcpy(cfg.languages[i].command[0], "sh",
		    sizeof(cfg.languages[i].command[0]));
		cfg.languages[i].ncommand = 1;
	}
	cfg.nlanguages = i;

	memset(&e, 0, sizeof(e));
	if (!ok(catalog_read(&cat, &cfg, &e) == 0,
	    "catalog_read lists the languages of a fake engine"))
		diag("%s: %s", e.msg, e.detail);
	is_int(cat.n, 8, "one entry per configured language");
	is_int(cat.ncalls, 8, "one Engine API call per language");
	ok(cat.entries[0].language == &cfg.languages[0] &&
	    cat.entries[7].language == &cfg.languages[7],
	    "entries point at the config's languages, in its order");
	is_string(cat.entries[0].version, "Python 3.11.2 \"x\"",
	    "an image's runbox.version label is its version");
	is_string(cat.entries[0].note, "", "and leaves no note");
	is_string(cat.entries[1].version, "",
	    "an image without the label has no version");
	is_string(cat.entries[1].note, "", "and that is no note for the log");
	ok(cat.entries[2].version[0] == '\0' && cat.entries[2].note[0] == '\0',
	    "an image with no labels at all has no version, and no note");
	ok(cat.entries[3].version[0] == '\0' && cat.entries[3].note[0] == '\0',
	    "an empty label is no version");
	ok(cat.entries[4].version[0] == '\0',
	    "a label that is not a string is no version");
	ok(cat.entries[5].version[0] == '\0' &&
	    strstr(cat.entries[5].note, "label runbox.version longer than "
	    "127 bytes") != NULL,
	    "a label too long is no version, with a note");
	ok(cat.entries[6].version[0] == '\0' &&
	    strstr(cat.entries[6].note, "language l6: inspect image "
	    "img-broken: engine answered 500: disk on fire") != NULL,
	    "an engine error is no version, noted with the engine's answer");
	ok(cat.entries[7].version[0] == '\0' &&
	    strcmp(cat.entries[7].note, "language l7: image img-missing is "
	    "not on this host (hint: make images)") == 0,
	    "a missing image is no version, noted for the log");

	memset(&e, 0, sizeof(e));
	ok(catalog_read_one(&cat, &cfg, &cfg.languages[0], &e) == 0,
	    "catalog_read_one reads one language's image");
	ok(cat.n == 1 && cat.entries[0].language == &cfg.languages[0],
	    "its one entry is that language");
	is_string(cat.entries[0].version, "Python 3.11.2 \"x\"",
	    "with its image's version label");
	is_int(cat.ncalls, 1, "in one Engine API call");
	ok(catalog_read_one(&cat, &cfg, &cfg.languages[7], &e) == 0 &&
	    cat.entries[0].version[0] == '\0' &&
	    strstr(cat.entries[0].note, "img-missing is not on this host") !=
	    NULL, "one language whose image is missing: no version, a note");
}

static void
test_no_engine(void)
{
	struct config	cfg;
	struct catalog	cat;
	struct err	e;

	config_defaults(&cfg);
	(void)strlcpy(cfg.docker_socket, nosock, sizeof(cfg.docker_socket));
	memset(&e, 0, sizeof(e));
	ok(catalog_read(&cat, &cfg, &e) == -1 && e.code == ERR_UNAVAILABLE &&
	    strcmp(e.msg, "container engine unavailable") == 0,
	    "with no engine, the listing is unavailable");
	ok(strstr(e.detail, nosock) != NULL &&
	    strstr(e.detail, "GET /images/runbox-python/json") != NULL,
	    "the detail for the log names the socket and the call");
	is_int(cat.ncalls, 1, "it gave up at the first call");
	ok(catalog_read_one(&cat, &cfg, &cfg.languages[0], &e) == -1 &&
	    e.code == ERR_UNAVAILABLE, "with no engine, one language's "
	    "version is unavailable too");
}

int
main(void)
{
	struct sockaddr_un	sun;
	pid_t			pid;
	int			lfd;

	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	snprintf(sockpath, sizeof(sockpath), "%s/engine.sock", dir);
	snprintf(nosock, sizeof(nosock), "%s/no-engine.sock", dir);
	snprintf(longbody, sizeof(longbody), "{\"Config\":{\"Labels\":"
	    "{\"runbox.version\":\"%0128d\"}}}", 0);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	(void)strlcpy(sun.sun_path, sockpath, sizeof(sun.sun_path));
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(lfd, 16) == -1)
		bail("cannot listen on %s", sockpath);
	if ((pid = fork()) == -1)
		bail("fork");
	if (pid == 0)
		serve(lfd);
	close(lfd);

	test_catalog();
	test_no_engine();

	kill(pid, SIGTERM);
	(void)waitpid(pid, NULL, 0);
	(void)unlink(sockpath);
	(void)rmdir(dir);
	done_testing();
	return exit_status();
}
