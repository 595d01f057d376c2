/*
 * container.h: the Docker Engine API's container calls (Engine API
 * v1.41).  Every "/containers/..." path runbox asks for is built here,
 * and every answer's status is judged here, once.  The HTTP plumbing is
 * docker.c's; which container to make, and when to kill or remove it,
 * is the callers' (sandbox.c, pool.c, reap.c).
 *
 * Each call takes an open engine handle (docker_open), adds to its
 * ncalls, and waits no later than deadline (deadline.h: ms on the
 * monotonic clock).  A container is named by its id or its name, which
 * goes into the URL as it is: runbox's are hex ids and "runbox-" names.
 * On failure a call returns -1 with e filled: when the engine could not
 * be asked, as docker_call says (ERR_UNAVAILABLE "container engine
 * unavailable", the socket and the cause in the detail); when it
 * answered with a status the call does not take, as the call says; when
 * the name makes too long a path, ERR_INTERNAL "container name too
 * long".  Nothing a call returns needs freeing.
 */
#ifndef RUNBOX_CONTAINER_H
#define RUNBOX_CONTAINER_H

#include <stddef.h>
#include <stdint.h>

#include "docker.h"
#include "err.h"

#define CONTAINER_ID_MAX	80	/* 64 hex digits, NUL; room to spare */
#define CONTAINER_IMAGE_MAX	80	/* "sha256:" and 64 hex digits, NUL */
#define CONTAINER_LABEL_MAX	128	/* a label's value, NUL included */

/*
 * What an inspect tells of a container (Engine API v1.41
 * ContainerInspect), copied out of the engine's answer.
 */
struct container_info {
	char	id[CONTAINER_ID_MAX];	/* Id; "" unless hex that fits */
	char	image[CONTAINER_IMAGE_MAX];	/* Image (an id); "" unless
						   it fits */
	int	running;		/* State.Running is true */
	int	paused;			/* State.Paused is true */
	int	oom_killed;		/* State.OOMKilled is true */
	int	has_label;		/* Config.Labels holds the label asked
					   for, a string */
	char	label[CONTAINER_LABEL_MAX];	/* its value; "" unless it
						   fits */
};

/*
 * One container of a list (Engine API v1.41 ContainerList), for the
 * length of a callback only: its strings point into the engine's answer.
 */
struct container_entry {
	const char	*id;		/* Id, or NULL when it has none */
	const char	*name;		/* Names[0] without its '/', or NULL */
	const void	*labels;	/* for container_label only */
};

/*
 * Create a container from body, the JSON of Engine API v1.41
 * ContainerCreate (sandbox_body's), named name (NULL: the engine picks a
 * name): POST /containers/create?name=NAME.  201 is success, and the new
 * container's id (lowercase hex) goes into id (len bytes).  404 (no such
 * image): ERR_UNAVAILABLE "image IMAGE is not on this host", image being
 * the one body names (for this message only).  Any other status:
 * ERR_UNAVAILABLE "container could not be created", the detail "engine
 * answered STATUS: MESSAGE" (the engine's own message).  A 201 without
 * an Id of hex digits that fits id: ERR_INTERNAL.  id is "" on failure.
 */
int	container_create(struct docker *, const char *name, const char *image,
	    const char *body, int64_t deadline, char *id, size_t len,
	    struct err *);

/*
 * Start the created container: POST /containers/{id}/start (Engine API
 * v1.41 ContainerStart).  204, or 304 (already started), is success.
 * Any other status: ERR_UNAVAILABLE "container could not start", the
 * detail "engine answered STATUS: MESSAGE".
 */
int	container_start(struct docker *, const char *container,
	    int64_t deadline, struct err *);

/*
 * Attach to the container's stdin, stdout and stderr over s, a
 * connection of its own: POST /containers/{id}/attach?stream=1&stdin=1&
 * stdout=1&stderr=1, hijacked (Engine API v1.41 ContainerAttach).  Call
 * it before the start, so that no output is missed.  101 (or 200) is
 * success; then s carries the stream (docker_stream_send, _recv).  Any
 * other status: ERR_UNAVAILABLE "container engine unavailable", the
 * detail "attach: engine answered STATUS".  s is the caller's to
 * docker_stream_close, whatever this returns.
 */
int	container_attach(struct docker *, struct docker_stream *,
	    const char *container, int64_t deadline, struct err *);

/*
 * Wait until the container exits: POST /containers/{id}/wait (Engine
 * API v1.41 ContainerWait), no later than deadline (then docker_call's
 * ERR_UNAVAILABLE, "no time left" or curl's timeout in the detail).
 * 200 with a StatusCode is success: the container's exit status goes
 * into *code.  Any other answer: ERR_UNAVAILABLE "container engine
 * unavailable", the detail "engine answered STATUS to wait".
 */
int	container_wait(struct docker *, const char *container,
	    int64_t deadline, int *code, struct err *);

/*
 * Kill the container with SIGKILL: POST /containers/{id}/kill?signal=KILL
 * (Engine API v1.41 ContainerKill).  The engine answers once the
 * container has stopped, which it cannot do while its output goes
 * unread: see container_kill_nowait.  204 is success, and so is 409
 * (not running: it ended on its own).  Any other status: ERR_UNAVAILABLE
 * "container engine refused", the detail "kill ID: engine answered
 * STATUS: MESSAGE".
 */
int	container_kill(struct docker *, const char *container,
	    int64_t deadline, struct err *);

/*
 * Send the same kill over s, a connection of its own, and return without
 * waiting for the answer (docker_post_nowait), so that the caller can
 * drain the container's output meanwhile.  The answer is never judged.
 * -1 when the request could not be sent, as docker_post_nowait says.
 * s is the caller's to docker_stream_close once the container is seen
 * to end, whatever this returns.
 */
int	container_kill_nowait(struct docker *, struct docker_stream *,
	    const char *container, int64_t deadline, struct err *);

/*
 * Inspect the container: GET /containers/{id}/json (Engine API v1.41
 * ContainerInspect), and fill info; label names the one label of
 * Config.Labels to look up (NULL: none).  200 with a JSON object is
 * success: 0.  404: 1, no such container, with e filled as for any other
 * status (for a caller to whom that is a failure).  Any other status, or
 * a 200 without a JSON object: ERR_UNAVAILABLE "container engine
 * refused", the detail "inspect NAME: engine answered STATUS: MESSAGE".
 * info is all zero unless this returns 0.
 */
int	container_inspect(struct docker *, const char *container,
	    const char *label, int64_t deadline, struct container_info *,
	    struct err *);

/*
 * List every container, running or not, that carries label (a key, or
 * "KEY=VALUE"): GET /containers/json?all=1&filters={"label":[LABEL]}
 * (Engine API v1.41 ContainerList), and call fn(arg, entry) for each, in
 * the engine's order; fn may make calls of its own on the same handle.
 * 200 with a JSON array is success.  Any other answer: ERR_UNAVAILABLE
 * "container engine unavailable", the detail "engine answered STATUS to
 * the container list"; ERR_INTERNAL when memory runs out.
 */
int	container_list(struct docker *, const char *label, int64_t deadline,
	    void (*fn)(void *, const struct container_entry *), void *arg,
	    struct err *);

/*
 * The value of the label key of a listed container, or NULL when it has
 * no such label or its value is not a string.  Valid as long as entry.
 */
const char *container_label(const struct container_entry *, const char *key);

/*
 * Set the container's memory limit to memory_mb MiB, swap none:
 * POST /containers/{id}/update with Memory = MemorySwap (Engine API
 * v1.41 ContainerUpdate), running or not.  200 is success.  -1 with
 * ERR_UNAVAILABLE when the engine could not be asked, or when it refused
 * (*refused then set, "container engine refused", the detail "update
 * ID: engine answered STATUS: MESSAGE": a limit below what the
 * container uses now is refused).
 */
int	container_update_memory(struct docker *, const char *container,
	    int memory_mb, int64_t deadline, int *refused, struct err *);

/*
 * Remove the container with its volumes, running or not: DELETE
 * /containers/{id}?force=1&v=1 (Engine API v1.41 ContainerDelete).  204
 * is success, and so is 404 (already gone).  A removal that races the
 * container's own exit is refused by the engine (20.10 answers 500
 * "Could not kill running container ..., cannot remove - Container ... is
 * not running"), one that meets another removal with 409: either is
 * asked again every CONTAINER_RETRY_MS until the deadline.  -1 when the
 * engine could not be asked (ERR_UNAVAILABLE: worth asking again), or
 * when it refused (ERR_INTERNAL "remove NAME: engine answered STATUS",
 * the detail with the engine's own message, for the log).
 */
int	container_remove(struct docker *, const char *container,
	    int64_t deadline, struct err *);

#endif
