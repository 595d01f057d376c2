/*
 * playground.h: the playground page (docs/http.md, "The playground"): a
 * static page, its script and its style sheet, built into runbox, and
 * the Content-Security-Policy they are served with.
 */
#ifndef RUNBOX_PLAYGROUND_H
#define RUNBOX_PLAYGROUND_H

#include <stddef.h>

/* One file of the page: its path, its media type, its bytes. */
struct playground_asset {
	const char	*path;		/* "/", "/playground.js", "/playground.css" */
	const char	*content_type;	/* with its charset */
	const char	*body;		/* len bytes, static, not NUL-terminated */
	size_t		 len;
};

/*
 * The Content-Security-Policy header line ("Content-Security-Policy:
 * ..."; CSP Level 3, W3C) every file of the page is served with: nothing
 * but the page's own script and style sheet, fetches to its own origin,
 * no inline script or style, no eval, no frames, no forms posted
 * elsewhere.
 */
extern const char playground_csp[];

/*
 * The file of the page at path, the target's first n bytes (the caller
 * stops at '?' or '#'), or NULL when there is none.  The result is
 * static.
 */
const struct playground_asset *playground_find(const char *path, size_t n);

/*
 * Does an Accept field's value (RFC 9110, section 12.5.1; NULL when the
 * request had none) ask for text/html: a media range "text/html" (any
 * case, parameters allowed) whose weight is not 0?  The any-type range
 * alone does not: curl sends it, and a script is better answered in
 * JSON.
 */
int	playground_wants_html(const char *accept);

#endif
