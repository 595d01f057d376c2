#!/bin/sh
# Hostile code after privilege: user 65534, no capabilities (CapDrop
# ALL), no-new-privileges (setuid binaries do nothing), the engine's
# seccomp profile (no unshare, no mount), and another process to ptrace.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/attack.sh"

plan 19
e2e_config
e2e_start

code='import ctypes, errno, json, os, pty, time
libc = ctypes.CDLL(None, use_errno=True)
def call(name, *args):
    if getattr(libc, name)(*args) != -1:
        return "ok"
    return errno.errorcode.get(ctypes.get_errno(), "?")
def status(pid="self"):
    return dict(l.split(":\t", 1) for l in
        open("/proc/%s/status" % pid).read().splitlines() if ":\t" in l)
st = status()
res = {k: st[k].strip() for k in ("Uid", "Gid", "Groups", "CapPrm", "CapEff",
    "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")}
res["unshare_user"] = call("unshare", 0x10000000)      # CLONE_NEWUSER
res["unshare_mnt"] = call("unshare", 0x00020000)       # CLONE_NEWNS
res["mount"] = call("mount", b"none", b"/tmp", b"tmpfs", 0, None)
res["chroot"] = call("chroot", b"/tmp")
try:
    os.setuid(0)
    res["setuid"] = "ok"
except OSError as e:
    res["setuid"] = errno.errorcode.get(e.errno, "?")
# setuid-root binaries of the image, held at their password prompt: with
# no-new-privileges their saved and effective uid stay 65534.
for b, args in (("/bin/su", ["root", "-c", "id"]), ("/usr/bin/passwd", [])):
    if not os.path.exists(b):
        res[b] = "absent"
        continue
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(b, [b] + args)
    time.sleep(0.4)
    res[b] = status(pid)["Uid"].split()
    os.kill(pid, 9)
    os.waitpid(pid, 0)
# The setuid mount(8) cannot mount either.
r = os.system("mount -t tmpfs none /tmp >/dev/null 2>&1")
res["mount_cmd"] = os.waitstatus_to_exitcode(r)
# ptrace: a child of our own (allowed, it is ours) and the init (pid 1).
child = os.fork()
if child == 0:
    time.sleep(30)
    os._exit(0)
res["ptrace_child"] = call("ptrace", 16, child, None, None)   # PTRACE_ATTACH
os.kill(child, 9)
res["ptrace_init"] = call("ptrace", 16, 1, None, None)
if res["ptrace_init"] == "ok":
    os.waitpid(1, 0x40000000)                                   # __WALL: its stop
    call("ptrace", 17, 1, None, None)                           # PTRACE_DETACH
print(json.dumps(res))'
atk_run "$code"
j=$(atk_out)
diag "privileges inside: $j"
is "$(atk_get .status)" ok "the privilege probe runs"
is "$(printf '%s' "$j" | jq -r '.Uid + " " + .Gid')" \
    "65534	65534	65534	65534 65534	65534	65534	65534" \
    "the program runs as uid and gid 65534 (real, effective, saved, fs), not root"
is "$(printf '%s' "$j" | jq -r '[.CapPrm,.CapEff,.CapBnd,.CapAmb]|join(" ")')" \
    "0000000000000000 0000000000000000 0000000000000000 0000000000000000" \
    "the program has no capabilities, not even in its bounding set"
is "$(printf '%s' "$j" | jq -r .NoNewPrivs)" 1 "no_new_privs is set"
is "$(printf '%s' "$j" | jq -r .Seccomp)" 2 "a seccomp filter is in force"
is "$(printf '%s' "$j" | jq -r .setuid)" EPERM "setuid(0) fails with EPERM"
is "$(printf '%s' "$j" | jq -c '.["/bin/su"]')" '["65534","65534","65534","65534"]' \
    "the setuid-root su runs with uid 65534 only (no-new-privileges ignores the bit)"
is "$(printf '%s' "$j" | jq -c '.["/usr/bin/passwd"]')" '["65534","65534","65534","65534"]' \
    "the setuid-root passwd runs with uid 65534 only"
[ "$(printf '%s' "$j" | jq .mount_cmd)" -ne 0 ]
ok $? "the setuid mount(8) cannot mount a file system"
is "$(printf '%s' "$j" | jq -r .unshare_user)" EPERM "unshare(CLONE_NEWUSER) fails with EPERM"
is "$(printf '%s' "$j" | jq -r .unshare_mnt)" EPERM "unshare(CLONE_NEWNS) fails with EPERM"
is "$(printf '%s' "$j" | jq -r .mount)" EPERM "mount(2) of a tmpfs fails with EPERM"
is "$(printf '%s' "$j" | jq -r .chroot)" EPERM "chroot(2) fails with EPERM"
is "$(printf '%s' "$j" | jq -r .ptrace_init)" EPERM \
    "ptrace(PTRACE_ATTACH) of the container's init (pid 1) fails with EPERM"
atk_next_ok "the privilege probe"

# Were the attach allowed (it was, with docker's init), its SIGSTOP would
# stop the init for good once the tracer exits, and only the deadline
# kill would end the container: the reply must still come in time.
atk_run 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
if libc.ptrace(16, 1, None, None) == 0:
    print("init attached", flush=True)' '{"timeoutMs":2000}'
diag "init attached and abandoned: $(atk_get '[.status,.stdout,.signal,.durationMs]|@json'), reply in $ATK_MS ms"
[ "$ATK_MS" -lt 4500 ]
ok $? "a program that leaves the container's init stopped still gets its reply by the deadline (took $ATK_MS ms)"
atk_next_ok "a stopped init"

atk_mine_gone "the privilege probe"
atk_finish_clean
finish
