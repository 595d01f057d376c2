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

#endif
