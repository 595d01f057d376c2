/* fuzz-config: libFuzzer target for the configuration file parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 cfg;
	struct err	 e;
	FILE		*f, *null;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size, "r")) ==
	    NULL)
		return 0;
	config_defaults(&cfg);
	memset(&e, 0, sizeof(e));
	if (config_parse(&cfg, f, "fuzz.conf", &e) == 0) {
		/* What parsed prints back without trouble. */
		if ((null = fopen("/dev/null", "w")) != NULL) {
			config_print(&cfg, null);
			fclose(null);
		}
	}
	fclose(f);
	return 0;
}
