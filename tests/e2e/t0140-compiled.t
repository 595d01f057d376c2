#!/bin/sh
# The compiled languages (c, cpp, go, rust, java, typescript), each with
# programs of its own: hello world in non-ASCII text, stdin echoed back,
# args, an exit code, an uncaught error, the deadline, the memory limit,
# a line written just before the most immediate end, a compile error (its
# message in compile.stderr, the program never run), a program of two
# files, and the compile's own figures (docs/protocol.md, "compile").
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 79
e2e_config
e2e_start

# run LANGUAGE CODE [JSON-OBJECT]: the reply in $r.
run() {
	r=$(e2e_run "$@")
}

# The languages to check (all six unless E2E_COMPILED names fewer: make
# check's ASan pass checks c only, since runbox's part of a compiled run
# is the same in each, and the plain pass checks them all).
: "${E2E_COMPILED:=c cpp go rust java typescript}"

# check LANGUAGE: the cases, from the variables set before it.
check() {
	l=$1
	case " $E2E_COMPILED " in
	*" $l "*) ;;
	*)
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
			skip "$l is not in E2E_COMPILED ($E2E_COMPILED)"
		done
		return 0
		;;
	esac
	run "$l" "$hello"
	e2e_fields '[.status, .exitCode, .stdout, .language]' \
	    "[\"ok\", 0, \"héllo, wörld ✓\\n\", \"$l\"]" \
	    "$l: hello world in non-ASCII text comes back on stdout, status ok"
	e2e_fields '[.compile.status, .compile.exitCode, .compile.signal,
	    (.compile.durationMs | type), (.compile.cpuTimeMs | type),
	    (.compile.memoryPeakKb > 1000), .limits.compileTimeoutMs > 0]' \
	    '["ok", 0, null, "number", "number", true, true]' \
	    "$l: the reply's compile says ok, exit 0, with its time, CPU and peak memory"
	run "$l" "$echo" '{"input": "a\nb\n"}'
	is "$(e2e_field "$r" '.stdout | @json')" '"a\nb\n"' \
	    "$l: a program echoing stdin returns the input a, b"
	run "$l" "$args" '{"args": ["a b", "ünï ✓", "--x=1"]}'
	is "$(e2e_field "$r" '.stdout | @json')" '"a b\nünï ✓\n--x=1\n"' \
	    "$l: the program gets the args, one word each, in order"
	run "$l" "$exit3"
	e2e_fields '[.status, .exitCode, .isError, .compile.status]' \
	    '["runtime_error", 3, true, "ok"]' \
	    "$l: exit code 3 is a runtime_error with exitCode 3"
	run "$l" "$error"
	is "$(e2e_field "$r" .status)" runtime_error \
	    "$l: an uncaught error is a runtime_error"
	like "$(e2e_field "$r" .stderr)" "$error_re" \
	    "$l: an uncaught error's message is on stderr"
	run "$l" "$timeout" '{"timeoutMs": 1000}'
	e2e_fields '[.status, .timedOut, .stdout]' '["timeout", true, "started\n"]' \
	    "$l: an endless loop ends at the deadline, status timeout, with the line it wrote"
	run "$l" "$memory" "{\"memoryLimitMb\": ${memory_mb:-32}}"
	e2e_fields '[.status, .oomKilled, .stdout]' "$memory_want" \
	    "$l: allocating 200 MB past memoryLimitMb ${memory_mb:-32} is $memory_what, with the line written before"
	run "$l" "$immediate"
	is "$(e2e_field "$r" '.stdout | @json')" '"line\n"' \
	    "$l: a line written just before $immediate_what is returned"
	run "$l" "$bad"
	e2e_fields '[.status, .compile.status, .exitCode, .stdout, .cpuTimeMs,
	    (.compile.exitCode != 0)]' \
	    '["compile_error", "compile_error", null, "", null, true]' \
	    "$l: code that does not compile is compile_error, the program never run"
	like "$(e2e_field "$r" .compile.stderr)" "$bad_re" \
	    "$l: the compiler's message is in compile.stderr"
	run "$l" "$two" "$two_files"
	e2e_fields '[.status, .stdout]' '["ok", "42\n"]' \
	    "$l: a program of two files (files) compiles and runs"
}

memory_want='["memory", true, "allocating\n"]'
memory_what='status memory, oomKilled'

hello='#include <stdio.h>
int main(void) { puts("héllo, wörld ✓"); return 0; }'
echo='#include <stdio.h>
int main(void) { int c; while ((c = getchar()) != EOF) putchar(c); return 0; }'
args='#include <stdio.h>
int main(int n, char **v) { for (int i = 1; i < n; i++) puts(v[i]); return 0; }'
exit3='int main(void) { return 3; }'
error='#include <stdio.h>
#include <stdlib.h>
int main(void) { fprintf(stderr, "boom\n"); abort(); }'
error_re='^boom'
timeout='#include <stdio.h>
int main(void) { puts("started"); for (;;) ; }'
memory='#include <stdio.h>
#include <stdlib.h>
int main(void) {
	size_t n = (size_t)200 << 20;
	volatile char *p;
	puts("allocating");
	p = malloc(n);
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	return 0;
}'
immediate='#include <stdio.h>
#include <unistd.h>
int main(void) { printf("line\n"); _exit(0); }'
immediate_what='_exit(0) (stdout is line-buffered, as in a terminal)'
bad='int main(void) { return x; }'
bad_re="x. undeclared"
two='#include <stdio.h>
#include "lib/util.h"
int main(void) { printf("%d\n", twice(21)); return 0; }'
two_files='{"files": [{"name": "lib/util.h", "content": "int twice(int);\n"},
    {"name": "lib/util.c", "content": "int twice(int x) { return 2 * x; }\n"}]}'
check c

hello='#include <iostream>
int main() { std::cout << "héllo, wörld ✓" << std::endl; }'
echo='#include <iostream>
int main() { std::cout << std::cin.rdbuf(); }'
args='#include <iostream>
int main(int n, char **v) { for (int i = 1; i < n; i++) std::cout << v[i] << "\n"; }'
exit3='int main() { return 3; }'
error='#include <stdexcept>
int main() { throw std::runtime_error("boom"); }'
error_re='what\(\): +boom'
timeout='#include <iostream>
int main() { std::cout << "started\n"; for (volatile int i = 0;; i++) ; }'
memory='#include <iostream>
#include <vector>
int main() {
	std::cout << "allocating\n";
	std::vector<char> v((size_t)200 << 20, 1);
	return v.back() - 1;
}'
immediate='#include <iostream>
#include <unistd.h>
int main() { std::cout << "line\n"; _exit(0); }'
bad='int main() { return x; }'
bad_re="x. was not declared"
two='#include <iostream>
#include "util.hpp"
int main() { std::cout << twice(21) << "\n"; }'
two_files='{"files": [{"name": "util.hpp", "content": "int twice(int);\n"},
    {"name": "util.cpp", "content": "int twice(int x) { return 2 * x; }\n"}]}'
check cpp

hello='package main
import "fmt"
func main() { fmt.Println("héllo, wörld ✓") }'
echo='package main
import ("io"; "os")
func main() { io.Copy(os.Stdout, os.Stdin) }'
args='package main
import ("fmt"; "os")
func main() { for _, a := range os.Args[1:] { fmt.Println(a) } }'
exit3='package main
import "os"
func main() { os.Exit(3) }'
error='package main
func main() { panic("boom") }'
error_re='panic: boom'
timeout='package main
import "fmt"
func main() { fmt.Println("started"); for {} }'
memory='package main
import "fmt"
func main() {
	fmt.Println("allocating")
	b := make([]byte, 200<<20)
	for i := range b { b[i] = 1 }
	fmt.Println(b[len(b)-1])
}'
immediate='package main
import ("fmt"; "os")
func main() { fmt.Println("line"); os.Exit(0) }'
immediate_what='os.Exit(0)'
bad='package main
func main() { x := 1 }'
bad_re='declared (and|but) not used'
two='package main
import "fmt"
func main() { fmt.Println(twice(21)) }'
two_files='{"files": [{"name": "util.go",
    "content": "package main\nfunc twice(x int) int { return 2 * x }\n"}]}'
check go

hello='fn main() { println!("héllo, wörld ✓"); }'
echo='use std::io;
fn main() { io::copy(&mut io::stdin(), &mut io::stdout()).unwrap(); }'
args='fn main() { for a in std::env::args().skip(1) { println!("{}", a); } }'
exit3='fn main() { std::process::exit(3); }'
error='fn main() { panic!("boom"); }'
error_re="panicked at 'boom'|panicked at .*boom"
timeout='fn main() { println!("started"); loop { std::hint::spin_loop(); } }'
memory='fn main() {
    println!("allocating");
    let v = vec![1u8; 200 << 20];
    std::process::exit(v[v.len() - 1] as i32 - 1);
}'
immediate='fn main() { println!("line"); std::process::exit(0); }'
immediate_what='std::process::exit(0)'
bad='fn main() { let x: i32 = "a"; }'
bad_re='mismatched types'
two='mod util;
fn main() { println!("{}", util::twice(21)); }'
two_files='{"files": [{"name": "util.rs",
    "content": "pub fn twice(x: i32) -> i32 { 2 * x }\n"}]}'
check rust

hello='public class Main {
    public static void main(String[] a) { System.out.println("héllo, wörld ✓"); }
}'
echo='public class Main {
    public static void main(String[] a) throws Exception { System.in.transferTo(System.out); }
}'
args='public class Main {
    public static void main(String[] a) { for (String s : a) System.out.println(s); }
}'
exit3='public class Main {
    public static void main(String[] a) { System.exit(3); }
}'
error='public class Main {
    public static void main(String[] a) { throw new RuntimeException("boom"); }
}'
error_re='RuntimeException: boom'
timeout='public class Main {
    public static void main(String[] a) { System.out.println("started"); while (true) { } }
}'
# The JVM's own heap limit (a quarter of the container's memory) comes
# first: an OutOfMemoryError, not the kernel's kill.
memory='public class Main {
    public static void main(String[] a) {
        System.out.println("allocating");
        byte[] b = new byte[200 << 20];
        System.out.println(b.length);
    }
}'
memory_mb=128
memory_want='["runtime_error", false, "allocating\n"]'
memory_what='runtime_error (the JVM refuses it: OutOfMemoryError)'
immediate='public class Main {
    public static void main(String[] a) { System.out.println("line"); Runtime.getRuntime().halt(0); }
}'
immediate_what='Runtime.halt(0)'
bad='public class Main {
    public static void main(String[] a) { int x = "a"; }
}'
bad_re='incompatible types'
two='public class Main {
    public static void main(String[] a) { System.out.println(Util.twice(21)); }
}'
two_files='{"files": [{"name": "Util.java",
    "content": "class Util { static int twice(int x) { return 2 * x; } }\n"}]}'
check java
memory_mb=
memory_want='["memory", true, "allocating\n"]'
memory_what='status memory, oomKilled'

hello='const s: string = "héllo, wörld ✓";
console.log(s);'
echo='process.stdout.write(require("fs").readFileSync(0));'
args='for (const a of process.argv.slice(2)) console.log(a);'
exit3='process.exit(3);'
error='throw new Error("boom");'
error_re='Error: boom'
timeout='console.log("started");
for (;;) { }'
memory='console.log("allocating");
const b: Buffer = Buffer.alloc(200 * 1024 * 1024, 1);
console.log(b.length);'
memory_mb=64
immediate='console.log("line");
process.exit(0);'
immediate_what='process.exit(0)'
bad='const x: number = "a";'
bad_re='TS2322'
two='import { twice } from "./util";
console.log(twice(21));'
two_files='{"files": [{"name": "util.ts",
    "content": "export function twice(x: number): number { return 2 * x; }\n"}]}'
check typescript

e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
