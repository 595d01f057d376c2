#!/bin/sh
# The interpreted languages served besides python, javascript and ruby
# (pypy, bash, perl, php, lua), each with programs of its own: hello
# world in non-ASCII text, stdin echoed back, args, an exit code, an
# uncaught error, the deadline, the memory limit, and a line written just
# before the runtime's most immediate end (docs/protocol.md, "What a
# program can rely on": output a runtime still buffers is lost, so each
# language's command writes through).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 46
e2e_config
e2e_start

# run LANGUAGE CODE [JSON-OBJECT]: the reply in $r.
run() {
	r=$(e2e_run "$@")
}

# check LANGUAGE: the cases, from the variables set before it.
check() {
	l=$1
	run "$l" "$hello"
	e2e_fields '[.status, .exitCode, .stdout, .language]' \
	    "[\"ok\", 0, \"héllo, wörld ✓\\n\", \"$l\"]" \
	    "$l: hello world in non-ASCII text comes back on stdout, status ok"
	run "$l" "$echo" '{"input": "a\nb\n"}'
	is "$(e2e_field "$r" '.stdout | @json')" '"a\nb\n"' \
	    "$l: a program echoing stdin returns the input a, b"
	run "$l" "$args" '{"args": ["a b", "ünï ✓", "--x=1"]}'
	is "$(e2e_field "$r" '.stdout | @json')" '"a b\nünï ✓\n--x=1\n"' \
	    "$l: the program gets the args, one word each, in order"
	run "$l" "$exit3"
	e2e_fields '[.status, .exitCode, .isError]' '["runtime_error", 3, true]' \
	    "$l: exit code 3 is a runtime_error with exitCode 3"
	run "$l" "$error"
	is "$(e2e_field "$r" .status)" runtime_error \
	    "$l: an uncaught error is a runtime_error"
	like "$(e2e_field "$r" .stderr)" "$error_re" \
	    "$l: an uncaught error's message is on stderr"
	run "$l" "$timeout" '{"timeoutMs": 1000}'
	e2e_fields '[.status, .timedOut, .stdout]' '["timeout", true, "started\n"]' \
	    "$l: an endless loop ends at the deadline, status timeout, with the line it wrote"
	run "$l" "$memory" '{"memoryLimitMb": 32}'
	e2e_fields '[.status, .oomKilled, .stdout]' '["memory", true, "allocating\n"]' \
	    "$l: allocating past memoryLimitMb 32 is status memory, oomKilled, with the line written before"
	run "$l" "$immediate"
	is "$(e2e_field "$r" '.stdout | @json')" '"line\n"' \
	    "$l: a line written just before $immediate_what is returned"
}

hello='print("héllo, wörld ✓")'
echo='import sys
sys.stdout.write(sys.stdin.read())'
args='import sys
print("\n".join(sys.argv[1:]))'
exit3='import sys
sys.exit(3)'
error='raise ValueError("boom")'
error_re='ValueError: boom'
timeout='print("started")
while True:
    pass'
memory='print("allocating")
n = 200 * 1024 * 1024
b = b"x" * n'
immediate='import os
print("line")
os._exit(0)'
immediate_what='os._exit(0)'
check pypy

hello='echo "héllo, wörld ✓"'
echo='while IFS= read -r l; do printf "%s\n" "$l"; done'
args='printf "%s\n" "$@"'
exit3='exit 3'
error='no_such_command_here'
error_re='no_such_command_here: command not found'
timeout='echo started
while :; do :; done'
memory='echo allocating
s=x
while :; do s=$s$s; done'
immediate='echo line
kill -KILL $$'
immediate_what='kill -KILL $$'
check bash

hello='print "héllo, wörld ✓\n";'
echo='print while <STDIN>;'
args='print "$_\n" for @ARGV;'
exit3='exit 3;'
error='die "boom\n";'
error_re='^boom'
timeout='print "started\n";
1 while 1;'
memory='print "allocating\n";
my $n = 200 * 1024 * 1024;
my $s = "x" x $n;'
immediate='use POSIX ();
print "line\n";
POSIX::_exit(0);'
immediate_what='POSIX::_exit(0)'
check perl

hello='<?php echo "héllo, wörld ✓\n";'
echo='<?php echo stream_get_contents(STDIN);'
args='<?php foreach (array_slice($argv, 1) as $a) echo $a, "\n";'
exit3='<?php exit(3);'
error='<?php throw new Exception("boom");'
error_re='Uncaught Exception: boom'
timeout='<?php echo "started\n"; for (;;) {}'
memory='<?php echo "allocating\n";
$a = [];
for (;;) $a[] = str_repeat("x", 1 << 20);'
immediate='<?php echo "line\n"; posix_kill(posix_getpid(), 9);'
immediate_what='posix_kill of itself with SIGKILL'
check php

hello='print("héllo, wörld ✓")'
echo='io.write(io.read("a"))'
args='for i = 1, #arg do print(arg[i]) end'
exit3='os.exit(3)'
error='error("boom")'
error_re='main.lua:1: boom'
timeout='io.write("started\n")
while true do end'
memory='io.write("allocating\n")
local s = string.rep("x", 200 * 1024 * 1024)'
# Lua has no _exit: the nearest is a SIGKILL from a child it waits for.
immediate='io.write("line\n")
os.execute("kill -KILL $PPID")'
immediate_what='a SIGKILL'
check lua

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
