/*
 * runbox: serve one connection on stdin/stdout.  Read one netstring
 * request, admit it, run it in a fresh container, write one netstring
 * reply, remove the container, exit.  This file is wiring only.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "client.h"
#include "config.h"
#include "deadline.h"
#include "err.h"
#include "frame.h"
#include "keys.h"
#include "log.h"
#include "request.h"
#include "result.h"
#include "sandbox.h"

#define RUNBOX_VERSION	"0.1.0"
#define IN_FD		0
#define OUT_FD		1

enum mode { MODE_SERVE, MODE_CHECK_CONFIG, MODE_VERSION };

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: runbox [--config FILE] [--client NAME]\n"
	    "       runbox --check-config [--config FILE]\n"
	    "       runbox --version\n");
	exit(2);
}

static void
on_signal(int sig)
{
	(void)sig;
	sandbox_stop = 1;
}

static void
signals_init(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* No SA_RESTART: poll(2) returns so the run can stop and clean up. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * End the connection now, before the cleanup: the client sees EOF at
 * once.  stdin and stdout are the same socket, so both must go; /dev/null
 * takes their place so that no later descriptor lands on 0 or 1.
 */
static void
hangup(void)
{
	int	fd;

	(void)shutdown(OUT_FD, SHUT_RDWR);
	if ((fd = open("/dev/null", O_RDWR)) == -1) {
		(void)close(IN_FD);
		(void)close(OUT_FD);
		return;
	}
	(void)dup2(fd, IN_FD);
	(void)dup2(fd, OUT_FD);
	if (fd > OUT_FD)
		(void)close(fd);
}

/* Write the reply frame; 0 when the client got it. */
static int
reply(const struct config *cfg, const struct result *res, const struct err *e)
{
	struct buf	b = { 0 };
	int		ret = -1;

	if ((res != NULL ? result_json(res, &b) :
	    result_error_json(e, &b)) == 0)
		ret = frame_write(OUT_FD, b.data, b.len,
		    deadline_in(cfg->read_timeout_ms));
	buf_free(&b);
	return ret;
}

/* Read, admit and run one request; fills res or e.  Returns 0 when it ran. */
static int
serve(const struct config *cfg, const struct keys *keys, const char *forced,
    struct request *req, struct sandbox *sb, struct result *res,
    const char **keyname, struct err *e)
{
	char	*payload = NULL;
	size_t	 len;
	int	 ret = -1;

	if (frame_read(IN_FD, cfg->max_request_bytes,
	    deadline_in(cfg->read_timeout_ms), &payload, &len, e) == -1)
		goto out;
	if (request_parse(req, payload, len, cfg, e) == -1)
		goto out;
	if (forced == NULL && keys->n > 0) {
		if (req->key == NULL ||
		    (*keyname = keys_check(keys, req->key, req->key_len)) ==
		    NULL) {
			err_set(e, ERR_UNAUTHORIZED, "missing or wrong key");
			goto out;
		}
	}
	ret = sandbox_run(sb, cfg, req, res, e);
out:
	free(payload);
	return ret;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "client", required_argument, NULL, 'C' },
		{ "check-config", no_argument, NULL, 'k' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	 cfg;
	struct keys	 keys = { NULL, 0 };
	struct request	 req;
	struct result	 res;
	struct sandbox	 sb;
	struct err	 e = { ERR_NONE, 0, "", "" };
	struct logline	 l;
	enum mode	 mode = MODE_SERVE;
	const char	*path = CONFIG_DEFAULT_PATH, *forced = NULL;
	const char	*keyname = NULL;
	char		 client[CLIENT_NAME_MAX], shortid[13];
	int64_t		 t0 = deadline_now();
	int		 ch, ran, status = 1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'C':
			if (optarg[0] == '\0' || strlen(optarg) >=
			    CLIENT_NAME_MAX)
				usage();
			forced = optarg;
			break;
		case 'k':
			mode = MODE_CHECK_CONFIG;
			break;
		case 'V':
			mode = MODE_VERSION;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (mode == MODE_VERSION) {
		printf("runbox %s\n", RUNBOX_VERSION);
		return 0;
	}

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	memset(&sb, 0, sizeof(sb));
	config_defaults(&cfg);
	if (config_load(&cfg, path, &e) == -1 ||
	    (cfg.keys_file[0] != '\0' && keys_load(&keys, cfg.keys_file,
	    &e) == -1)) {
		log_msg("%s", e.msg);
		if (mode == MODE_SERVE) {
			/* The client still deserves an answer. */
			e.code = ERR_INTERNAL;
			status = reply(&cfg, NULL, &e) == 0 ? 0 : 1;
		}
		goto out;
	}
	if (mode == MODE_CHECK_CONFIG) {
		config_print(&cfg, stdout);
		status = 0;
		goto out;
	}

	signals_init();
	client_identify(IN_FD, forced, client, sizeof(client));
	ran = serve(&cfg, &keys, forced, &req, &sb, &res, &keyname, &e) == 0;
	status = reply(&cfg, ran ? &res : NULL, &e) == 0 ? 0 : 1;
	hangup();

	memset(&l, 0, sizeof(l));
	l.client = client;
	l.key = forced != NULL ? forced : keyname;
	l.language = req.language != NULL ? req.language->name : NULL;
	l.outcome = ran ? result_status_name(res.status) : err_name(e.code);
	if (!ran)
		l.message = e.detail[0] != '\0' ? e.detail : e.msg;
	if (sb.id[0] != '\0') {
		strlcpy(shortid, sb.id, sizeof(shortid));
		l.container = shortid;
	}
	if (status != 0 && ran)
		l.message = "client gone before the reply";
	/* The reply is out; the removal is off the client's path. */
	if (sandbox_remove(&sb, &e) == -1)
		log_msg("container %s left for the reaper: %s", shortid,
		    e.detail[0] != '\0' ? e.detail : e.msg);
	l.duration_ms = (long)(deadline_now() - t0);
	log_conn(&l);
out:
	request_free(&req);
	result_free(&res);
	keys_free(&keys);
	return status;
}
