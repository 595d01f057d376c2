#!/bin/sh
# Several files (docs/protocol.md, "files"): written beside the code, in
# the directories their names hold, before the program runs, in every
# language; names that could leave the working directory, and files that
# collide, are bad_request naming the file.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/e2e.sh"

plan 10
e2e_config
e2e_start

# run LANGUAGE CODE FILES-JSON: the reply.
run() { e2e_run "$1" "$2" "{\"files\": $3}"; }

r=$(run python 'import util
from lib.deep import helper
print(util.greet("wörld"), helper.TWO, open("data/in.txt").read(), end="")' \
    '[{"name": "util.py", "content": "def greet(w):\n    return \"héllo, \" + w\n"},
      {"name": "lib/__init__.py", "content": ""},
      {"name": "lib/deep/__init__.py", "content": ""},
      {"name": "lib/deep/helper.py", "content": "TWO = 2\n"},
      {"name": "data/in.txt", "content": "ok\n"}]')
is "$(e2e_field "$r" '[.status, .stdout] | @json')" '["ok","héllo, wörld 2 ok\n"]' \
    "python imports modules and reads data from the files beside it, in subdirectories too"

r=$(run javascript 'const m = require("./lib/m.js"); console.log(m.twice(21))' \
    '[{"name": "lib/m.js", "content": "exports.twice = (x) => 2 * x;\n"}]')
is "$(e2e_field "$r" '[.status, .stdout] | @json')" '["ok","42\n"]' \
    "node requires a module from a file beside it"

r=$(run ruby 'require_relative "lib/m"; puts M.name' \
    '[{"name": "lib/m.rb", "content": "module M; def self.name = \"m\"; end\n"}]')
is "$(e2e_field "$r" '[.status, .stdout] | @json')" '["ok","m\n"]' \
    "ruby loads a file beside it with require_relative"

r=$(run python 'import os
print(sorted(os.listdir(".")), oct(os.stat("a/b.txt").st_mode & 0o777))' \
    '[{"name": "a/b.txt", "content": "x"}]')
is "$(e2e_field "$r" .stdout)" "['a', 'main.py'] 0o644" \
    "the working directory holds the code and the files, nothing else; files are 0644"

# refused NAME WANT: a file called NAME is bad_request with WANT.
refused() {
	r=$(run python 'print(1)' "$(jq -nc --arg n "$1" '[{name: $n, content: "x"}]')")
	is "$(e2e_field "$r" '[.error, (.message | contains($ENV.WANT))] | @json')" \
	    '["bad_request",true]' "a file named '$1' is refused: $2"
}
export WANT='field "files[0]": bad name'
refused ../escape.py "it would leave the working directory"
refused /etc/passwd "an absolute path"
refused 'a/./b' "a . segment"
export WANT='"main.py" is the code'"'"'s own file'
refused main.py "the code's own file"
r=$(run python 'print(1)' '[{"name": "a", "content": ""}, {"name": "a/b", "content": ""}]')
like "$(e2e_field "$r" .message)" 'is a file and a directory at once' \
    "a file that another file's name makes a directory is refused"
e2e_wait_clean
is "$(e2e_leftovers)" 0 "no runbox container is left"
finish
