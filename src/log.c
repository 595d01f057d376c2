/* log.c: one escaped, bounded line per connection on stderr. */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static int	log_syslog;	/* stderr is the client: use syslog */

void
log_init(void)
{
	struct stat	in, err;
	int		fd;

	if (fstat(0, &in) == -1 || fstat(2, &err) == -1 ||
	    !S_ISSOCK(err.st_mode) || in.st_dev != err.st_dev ||
	    in.st_ino != err.st_ino)
		return;
	log_syslog = 1;
	openlog("runbox", LOG_PID, LOG_DAEMON);
	if ((fd = open("/dev/null", O_WRONLY)) != -1) {
		(void)dup2(fd, 2);
		if (fd != 2)
			(void)close(fd);
	}
}

/* One finished line to stderr or syslog. */
static void
log_out(const char *line)
{
	if (log_syslog)
		syslog(LOG_INFO, "%s", line);
	else {
		fprintf(stderr, "%s\n", line);
		fflush(stderr);
	}
}

#define LOG_LINE_MAX	2048
#define LOG_ESC_MAX	(LOG_FIELD_MAX * 4 + 8)
#define LOG_MSG_ESC_MAX	(LOG_MSG_MAX * 4 + 8)

static void	log_escape_max(char *, size_t, const char *, size_t, size_t);

void
log_escape(char *dst, size_t size, const char *src, size_t len)
{
	log_escape_max(dst, size, src, len, LOG_FIELD_MAX);
}

/* log_escape, keeping at most max source bytes. */
static void
log_escape_max(char *dst, size_t size, const char *src, size_t len,
    size_t max)
{
	static const char	hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 i, o = 0, n;

	if (size == 0)
		return;
	n = len < max ? len : max;
	/* cppcheck-suppress knownConditionTrueFalse ; false positive */
	for (i = 0; i < n; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
		    s[i] != '\\') {
			if (o + 1 >= size)
				break;
			dst[o++] = (char)s[i];
		} else {
			if (o + 4 >= size)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[s[i] >> 4];
			dst[o++] = hex[s[i] & 0xf];
		}
	}
	if (i < len && o + 3 < size) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static void
log_field(char *line, size_t size, const char *name, const char *v)
{
	char	esc[LOG_ESC_MAX];
	size_t	len = strlen(line);

	if (v == NULL)
		return;
	log_escape(esc, sizeof(esc), v, strlen(v));
	snprintf(line + len, size - len, " %s=\"%s\"", name, esc);
}

void
log_conn(const struct logline *l)
{
	char	line[LOG_LINE_MAX];
	size_t	len;

	strlcpy(line, "runbox:", sizeof(line));
	log_field(line, sizeof(line), "client", l->client);
	log_field(line, sizeof(line), "key", l->key);
	log_field(line, sizeof(line), "language", l->language);
	log_field(line, sizeof(line), "outcome", l->outcome);
	len = strlen(line);
	snprintf(line + len, sizeof(line) - len, " duration_ms=%ld",
	    l->duration_ms);
	if (l->reply_ms >= 0) {
		len = strlen(line);
		snprintf(line + len, sizeof(line) - len, " reply_ms=%ld",
		    l->reply_ms);
	}
	log_field(line, sizeof(line), "container", l->container);
	log_field(line, sizeof(line), "pool", l->pool);
	len = strlen(line);
	snprintf(line + len, sizeof(line) - len, " api_calls=%u cpu_us=%ld "
	    "maxrss_kb=%ld", l->api_calls, l->cpu_us, l->maxrss_kb);
	log_field(line, sizeof(line), "message", l->message);
	log_out(line);
}

void
log_msg(const char *fmt, ...)
{
	char	msg[LOG_MSG_ESC_MAX + 16], esc[LOG_MSG_ESC_MAX];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_escape_max(esc, sizeof(esc), msg, strlen(msg), LOG_MSG_MAX);
	snprintf(msg, sizeof(msg), "runbox: %s", esc);
	log_out(msg);
}
