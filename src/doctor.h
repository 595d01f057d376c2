/* doctor.h: runbox --doctor, checks of the host runbox runs on. */
#ifndef RUNBOX_DOCTOR_H
#define RUNBOX_DOCTOR_H

#include <stdio.h>

#include "config.h"

/*
 * Check the engine (reachable, its API version), each language's image,
 * the OCI runtime (known to the engine; for crun, a cgroup layout crun
 * accepts), the cgroup version, swap accounting, the keys file and
 * the state file, writing one line per check to out: "OK   what: detail"
 * or "FAIL what: problem (hint: ...)".  Returns the number of failures.
 */
int	doctor_run(const struct config *, FILE *out);

#endif
