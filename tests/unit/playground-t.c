/*
 * playground-t: the playground page's files as built in, and which
 * Accept field asks for the page (src/playground.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "playground.h"
#include "tap.h"

/* The file at path in the source tree, whole, malloc'd; NULL if not read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*b;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (b = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	return b;
}

static void
test_files(void)
{
	static const struct {
		const char	*path, *file, *type;
	} files[] = {
		{ "/", "src/playground/index.html", "text/html; charset=utf-8" },
		{ "/playground.js", "src/playground/playground.js",
		    "text/javascript; charset=utf-8" },
		{ "/playground.css", "src/playground/playground.css",
		    "text/css; charset=utf-8" },
	};
	const struct playground_asset	*a;
	char				*want;
	size_t				 i, len = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		a = playground_find(files[i].path, strlen(files[i].path));
		ok(a != NULL, "%s is a file of the page", files[i].path);
		if (a == NULL)
			continue;
		is_string(a->content_type, files[i].type, "%s: its type",
		    files[i].path);
		want = slurp(files[i].file, &len);
		ok(want != NULL && a->len == len &&
		    memcmp(a->body, want, len) == 0,
		    "%s is %s byte for byte (%zu bytes)", files[i].path,
		    files[i].file, len);
		free(want);
	}
	ok(playground_find("/playground.jsx", 15) == NULL,
	    "/playground.jsx is no file");
	ok(playground_find("/playground.js", 13) == NULL,
	    "a prefix of a path is no file");
	ok(playground_find("", 0) == NULL, "the empty path is no file");
	ok(strncmp(playground_csp, "Content-Security-Policy: default-src "
	    "'none'; ", 45) == 0, "the policy starts from nothing allowed");
	ok(strstr(playground_csp, "unsafe") == NULL,
	    "the policy allows no unsafe-inline or unsafe-eval");
}

static void
test_accept(void)
{
	static const struct {
		const char	*accept;
		int		 want;
	} cases[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "*/*", 0 },
		{ "text/*", 0 },
		{ "application/json", 0 },
		{ "text/html", 1 },
		{ "TEXT/HTML", 1 },
		{ "text/html;charset=utf-8", 1 },
		{ "text/htmlx", 0 },
		{ "text/html5", 0 },
		{ "xtext/html", 0 },
		{ "application/json, text/html", 1 },
		{ "application/json,text/html;q=0.1", 1 },
		/* Chromium's and Firefox's navigation Accept. */
		{ "text/html,application/xhtml+xml,application/xml;q=0.9,"
		    "image/avif,image/webp,*/*;q=0.8", 1 },
		{ "text/html;q=0", 0 },
		{ "text/html; q=0.000", 0 },
		{ "text/html;Q=0.0", 0 },
		{ "text/html;q=0.001", 1 },
		{ "text/html;q=1", 1 },
		{ "text/html;level=1;q=0", 0 },
		{ "text/html;q=0, text/html", 1 },
		{ " , ,text/html", 1 },
		{ "text/html;q=", 1 },
		{ "text/html;q=0.5x", 1 },
	};
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(playground_wants_html(cases[i].accept), cases[i].want,
		    "Accept: %s", cases[i].accept == NULL ? "(none)" :
		    cases[i].accept);
}

int
main(void)
{
	test_files();
	test_accept();
	done_testing();
	return exit_status();
}
