/*
 * reap-t: the runbox.owner label (what a container records of the runbox
 * process that made it) and how runbox --reap judges that owner.
 */
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reap.h"
#include "tap.h"

static void	test_self(void);
static void	test_parse(void);
static void	test_judge(void);

static struct reap_owner	me;

static void
test_self(void)
{
	struct reap_owner	 back;
	struct err		 e;
	const char		*boot;
	char			 label[REAP_OWNER_MAX], want[REAP_OWNER_MAX];
	char			 link[64];
	ssize_t			 n;

	if (reap_owner_self(&me, &e) == -1)
		bail("reap_owner_self: %s", e.msg);
	ok(me.pid == getpid() && me.start == state_proc_start(getpid()),
	    "this process as an owner is its pid and start time");
	if (state_boot_id(&boot, &e) == -1)
		bail("no boot id: %s", e.msg);
	is_string(me.boot, boot, "and this boot's id");
	n = readlink("/proc/self/ns/pid", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "pid:[%llu]",
	    (unsigned long long)me.pidns);
	is_string(want, link, "and the inode of its pid namespace");

	ok(reap_owner_format(&me, label, sizeof(label)) == 0,
	    "the label fits REAP_OWNER_MAX");
	snprintf(want, sizeof(want), "%s:%llu:%ld:%llu", boot,
	    (unsigned long long)me.pidns, (long)getpid(),
	    (unsigned long long)me.start);
	is_string(label, want, "the label is BOOT:PIDNS:PID:START");
	ok(reap_owner_parse(label, &back) == 0 &&
	    memcmp(&back, &me, sizeof(me)) == 0,
	    "it parses back to the same owner");
	ok(reap_owner_format(&me, label, 20) == -1,
	    "a buffer too small is an error, not a cut label");
}

static void
test_parse(void)
{
	struct reap_owner	 o;
	const char		*bad[] = {
		"",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42:",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42:7:1",
		":4026531836:42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77::42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:0:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:-42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:+42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836: 42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42:0",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:2147483648:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42:"
		    "99999999999999999999",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:4026531836:42:7x",
		"6B1F0C2E-8D4A-4F8E-9A51-2F0C6A9D1E77:4026531836:42:7",
		"6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77-6b1f0c2e-8d4a:1:42:7",
		"boot:4026531836:42:7",
	};
	size_t			 i, nok = 0;

	ok(reap_owner_parse("6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77:"
	    "4026531836:42:123456", &o) == 0 &&
	    strcmp(o.boot, "6b1f0c2e-8d4a-4f8e-9a51-2f0c6a9d1e77") == 0 &&
	    o.pidns == 4026531836ULL && o.pid == 42 && o.start == 123456,
	    "a well-formed label parses into boot, pid namespace, pid and "
	    "start time");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (reap_owner_parse(bad[i], &o) == -1)
			nok++;
		else
			diag("accepted: \"%s\"", bad[i]);
	}
	is_int((long)nok, (long)(sizeof(bad) / sizeof(bad[0])),
	    "every malformed label (missing, empty, extra, signed, zero, "
	    "out-of-range fields, an odd boot id) is refused");
}

static void
test_judge(void)
{
	struct reap_owner	o;
	pid_t			pid;
	int			status, p[2];

	is_int(reap_owner_judge(&me, &me), REAP_OWNER_ALIVE,
	    "a running owner is alive");
	o = me;
	o.start++;
	is_int(reap_owner_judge(&o, &me), REAP_OWNER_GONE,
	    "its pid with another start time is gone (the pid was reused)");

	if (pipe(p) == -1)
		bail("pipe: %s", strerror(errno));
	if ((pid = fork()) == 0) {
		struct reap_owner	c;
		struct err		e;

		(void)close(p[0]);
		if (reap_owner_self(&c, &e) == 0)
			(void)write(p[1], &c, sizeof(c));
		_exit(0);
	}
	(void)close(p[1]);
	memset(&o, 0, sizeof(o));
	if (read(p[0], &o, sizeof(o)) != (ssize_t)sizeof(o))
		bail("the child did not tell its owner");
	(void)close(p[0]);
	waitpid(pid, &status, 0);
	is_int(reap_owner_judge(&o, &me), REAP_OWNER_GONE,
	    "a process that has exited is gone");

	o = me;
	o.start++;
	o.pidns++;
	is_int(reap_owner_judge(&o, &me), REAP_OWNER_FOREIGN,
	    "an owner of another pid namespace is not judged");
	o = me;
	o.start++;
	o.boot[0] = o.boot[0] == '0' ? '1' : '0';
	is_int(reap_owner_judge(&o, &me), REAP_OWNER_FOREIGN,
	    "nor one of another boot");
}

int
main(void)
{
	test_self();
	test_parse();
	test_judge();
	done_testing();
	return exit_status();
}
