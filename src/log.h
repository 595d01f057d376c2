/* log.h: the one line per connection on stderr (the journal). */
#ifndef RUNBOX_LOG_H
#define RUNBOX_LOG_H

#include <stddef.h>

#define LOG_FIELD_MAX	200	/* bytes of untrusted text kept per field */
#define LOG_MSG_MAX	400	/* bytes kept of a log_msg line (an engine's
				   answer after a path and a container id) */

struct logline {
	const char	*client;	/* address or --client NAME */
	const char	*key;		/* key NAME, or NULL */
	const char	*language;	/* NULL before the request is parsed */
	const char	*outcome;	/* result status or error word */
	const char	*message;	/* error detail, or NULL */
	long		 duration_ms;	/* start to exit, cleanup included */
	long		 reply_ms;	/* start to reply written, or -1 */
	const char	*container;	/* short id, or NULL */
	const char	*pool;		/* "hit", "miss", or NULL (no pool) */
	unsigned int	 api_calls;	/* Engine API calls, cleanup included */
	long		 cpu_us;	/* the process's own user+sys time */
	long		 maxrss_kb;	/* its peak resident set */
};

/*
 * Decide where the lines go: stderr (the journal under systemd, a
 * terminal, a file), or syslog(3) when stderr is the client's own
 * connection (inetd and xinetd hand the socket over as fd 0, 1 and 2),
 * where a log line would reach the client ahead of the reply.  In that
 * case stderr is pointed at /dev/null.  Call first thing in main.
 */
void	log_init(void);

/*
 * Escape src (len bytes) into dst (size bytes, always NUL-terminated):
 * printable ASCII except '"' and '\\' as is, everything else as \xNN, at
 * most LOG_FIELD_MAX source bytes, "..." appended when cut.
 */
void	log_escape(char *dst, size_t size, const char *src, size_t len);

/* Write the line to stderr: key=value pairs, values escaped. */
void	log_conn(const struct logline *);

/*
 * A line about the program itself (start-up errors, cleanup and pool
 * failures), printf-style: escaped like a field, at most LOG_MSG_MAX bytes
 * of it kept, "..." appended when cut.
 */
void	log_msg(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
