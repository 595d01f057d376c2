/*
 * docker.h: the Docker Engine API over its unix socket, with libcurl.
 * HTTP plumbing only: requests, status codes, the hijacked attach stream
 * and its demultiplexing.  The container calls are container.c's, what
 * to ask the engine for sandbox.c's and pool.c's.
 */
#ifndef RUNBOX_DOCKER_H
#define RUNBOX_DOCKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <cJSON.h>
#include <curl/curl.h>

#include "buf.h"
#include "err.h"

#define DOCKER_API		"/v1.41"
#define DOCKER_MAX_RESPONSE	((size_t)1024 * 1024)	/* JSON answers we read */

struct docker {
	CURL		*curl;		/* kept alive across calls */
	char		 socket[256];
	unsigned int	 ncalls;	/* Engine API calls made, attach included */
};

/* Attach stream frames: which stream a payload piece belongs to. */
#define DOCKER_STDOUT	1
#define DOCKER_STDERR	2

struct docker_stream {
	CURL		*curl;
	curl_socket_t	 fd;
	unsigned char	 hdr[8];	/* demultiplexing state */
	size_t		 hdr_have;
	int		 cur_stream;
	size_t		 cur_left;
	struct buf	 pending;	/* bytes read with the HTTP head */
};

/*
 * Open a handle for the engine at socket_path.  Nothing is connected
 * yet.  -1 (ERR_INTERNAL) only when libcurl cannot be set up.
 */
int	docker_open(struct docker *, const char *socket_path, struct err *);
void	docker_close(struct docker *);

/*
 * One API call: method, path below DOCKER_API (e.g. "/containers/create"),
 * optional JSON body.  Fills *status and resp (up to DOCKER_MAX_RESPONSE
 * bytes; the caller frees it).  Returns -1 with ERR_UNAVAILABLE when the
 * engine cannot be reached or does not answer before the deadline; an
 * HTTP error status is not an error here, the caller judges it.
 */
int	docker_call(struct docker *, const char *method, const char *path,
	    const char *body, int64_t deadline, long *status, struct buf *resp,
	    struct err *);

/*
 * GET path and parse a 200 answer as JSON.  Returns the tree (the caller
 * cJSON_Deletes it), or NULL when the engine could not be asked (*status
 * 0), answered another status, or sent no JSON.
 */
cJSON	*docker_get_json(struct docker *, const char *path, int64_t deadline,
	    long *status);

/*
 * The engine's {"message": ...} of an error answer into out (len bytes,
 * cut to fit), or "no message".
 */
void	docker_engine_msg(const struct buf *, char *out, size_t len);

/*
 * s percent-encoded for a URL (a query's filters), malloc'd: the caller
 * frees it.  NULL when out of memory.
 */
char	*docker_escape(struct docker *, const char *s);

/*
 * POST path over a connection of its own and ask the engine to hijack
 * it for a raw stream (Connection: Upgrade, Upgrade: tcp: how Engine API
 * v1.41 serves ContainerAttach), then read the answer's HTTP head and
 * fill *status with its code.  What follows the head belongs to the
 * stream (docker_stream_recv); the status is the caller's to judge.
 * what names the call in the detail of an error ("attach").  -1 with
 * ERR_UNAVAILABLE when the engine cannot be reached or gives no HTTP
 * head before the deadline.  s is the caller's to docker_stream_close,
 * whatever this returns.
 */
int	docker_hijack(struct docker *, struct docker_stream *, const char *what,
	    const char *path, int64_t deadline, long *status, struct err *);

/*
 * Send POST path over a connection of its own and return without waiting
 * for the answer: the engine acts on the request while the caller goes on
 * reading another stream (a SIGKILL kill does not answer until the
 * container stops, which it cannot while its output goes unread).  Keep s
 * open until the effect is seen, then docker_stream_close it.
 */
int	docker_post_nowait(struct docker *, struct docker_stream *,
	    const char *path, int64_t deadline, struct err *);

/* Send up to n bytes of stdin; returns the count, 0 when it would block. */
ssize_t	docker_stream_send(struct docker_stream *, const void *, size_t);

/*
 * Read what is available and hand each piece of payload to fn with its
 * stream (DOCKER_STDOUT or DOCKER_STDERR); fn returns 0 to go on, -1 to
 * stop reading.  Returns 0 when more may come, 1 at the end of the stream,
 * -1 on a read error or a malformed frame, -2 when fn stopped it.
 */
int	docker_stream_recv(struct docker_stream *,
	    int (*fn)(void *, int, const char *, size_t), void *);

void	docker_stream_close(struct docker_stream *);

#endif
