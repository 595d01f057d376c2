/*
 * playground.c: the playground page's files, taken into the binary as
 * they are in src/playground/ (the assembler's .incbin), and the few
 * checks that decide who gets them (docs/http.md, "The playground").
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "playground.h"

/*
 * The files, byte for byte, in .rodata: make runs the compiler from the
 * top of the tree, where these paths lead (the Makefile remakes
 * playground.o when one of them changes).
 */
#define PG_INCBIN(sym, file)						\
	".pushsection .rodata\n"					\
	".balign 16\n"							\
	".hidden " #sym "\n"						\
	".globl " #sym "\n"						\
	#sym ":\n"							\
	".incbin \"" file "\"\n"					\
	#sym "_end:\n"							\
	".balign 8\n"							\
	".hidden " #sym "_len\n"					\
	".globl " #sym "_len\n"						\
	#sym "_len:\n"							\
	".quad " #sym "_end - " #sym "\n"				\
	".popsection\n"

__asm__(PG_INCBIN(playground_html, "src/playground/index.html")
    PG_INCBIN(playground_js, "src/playground/playground.js")
    PG_INCBIN(playground_css, "src/playground/playground.css"));

/* Each file's bytes and its length (the assembler's count, in bytes). */
extern const char playground_html[], playground_js[], playground_css[];
extern const unsigned long playground_html_len, playground_js_len,
	playground_css_len;

const char playground_csp[] = "Content-Security-Policy: default-src 'none'; "
    "script-src 'self'; style-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
    "require-trusted-types-for 'script'";

const struct playground_asset *
playground_find(const char *path, size_t n)
{
	static struct playground_asset	assets[3];
	size_t				i;

	if (assets[0].path == NULL) {
		assets[0] = (struct playground_asset){ "/",
		    "text/html; charset=utf-8", playground_html,
		    playground_html_len };
		assets[1] = (struct playground_asset){ "/playground.js",
		    "text/javascript; charset=utf-8", playground_js,
		    playground_js_len };
		assets[2] = (struct playground_asset){ "/playground.css",
		    "text/css; charset=utf-8", playground_css,
		    playground_css_len };
	}
	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strlen(assets[i].path) == n &&
		    memcmp(assets[i].path, path, n) == 0)
			return &assets[i];
	return NULL;
}

/* Is the parameter list p (after a media range, up to its end) "q=0"? */
static int
zero_weight(const char *p, const char *end)
{
	const char	*q;

	while (p < end) {
		p += strspn(p, " \t;");
		if (p >= end)
			break;
		if (end - p > 2 && strncasecmp(p, "q=", 2) == 0) {
			/* qvalue: "0" [ "." 0*3DIGIT ] (RFC 9110, 12.4.2) */
			q = p + 2;
			if (*q != '0')
				return 0;
			for (q++; q < end && (*q == '.' || *q == '0'); q++)
				;
			return q == end || *q == ' ' || *q == '\t' ||
			    *q == ';';
		}
		p += strcspn(p, ";");
	}
	return 0;
}

int
playground_wants_html(const char *accept)
{
	const char	*p = accept, *end, *type_end;
	size_t		 n;

	if (accept == NULL)
		return 0;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		end = p + strcspn(p, ",");
		n = strcspn(p, " \t;,");
		type_end = p + n;
		if (n == 9 && strncasecmp(p, "text/html", 9) == 0 &&
		    !zero_weight(type_end, end))
			return 1;
		p = end;
	}
	return 0;
}
