/*
 * fuzz-config: libFuzzer target for the configuration file parser.  What
 * parses prints back, and what config_print prints parses back to the
 * same languages (their compile lines, overrides and limits included),
 * aliases (the order of the aliases included) and HTTP directives.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 cfg, again;
	struct err	 e;
	FILE		*f, *out;
	char		*text = NULL;
	size_t		 len = 0;

	if (size == 0 || (f = fmemopen((void *)(uintptr_t)data, size, "r")) ==
	    NULL)
		return 0;
	config_defaults(&cfg);
	memset(&e, 0, sizeof(e));
	if (config_parse(&cfg, f, "fuzz.conf", &e) == 0) {
		if ((out = open_memstream(&text, &len)) != NULL) {
			config_print(&cfg, out);
			fclose(out);
			if ((out = fmemopen(text, len, "r")) == NULL ||
			    config_parse(&again, out, "fuzz.conf", &e) == -1 ||
			    again.nlanguages != cfg.nlanguages ||
			    memcmp(again.languages, cfg.languages,
			    sizeof(cfg.languages)) != 0 ||
			    again.http != cfg.http ||
			    again.http_playground != cfg.http_playground ||
			    again.max_header_bytes != cfg.max_header_bytes ||
			    again.naliases != cfg.naliases ||
			    memcmp(again.aliases, cfg.aliases,
			    sizeof(cfg.aliases)) != 0)
				__builtin_trap();
			fclose(out);
			free(text);
		}
	}
	fclose(f);
	return 0;
}
