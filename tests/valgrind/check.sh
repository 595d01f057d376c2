#!/bin/sh
# make check-valgrind: the end-to-end cases with runbox under valgrind,
# then every process's valgrind log must be empty (no invalid access, no
# definite or indirect leak; --quiet logs only problems).
set -eu
logs=$PWD/build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
# A wrapper with its paths written in: systemd-socket-activate starts
# runbox with an empty environment.
cat >"$logs/runbox" <<WRAP
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
    --errors-for-leak-kinds=definite,indirect \\
    --log-file="$logs/%p.log" "$PWD/build/runbox" "\$@"
WRAP
chmod +x "$logs/runbox"
export RUNBOX=$logs/runbox TOOLS=$PWD/build/tools E2E_CLEAN_WAIT=60
# The cases that exercise every path of one connection.  Those that time
# runbox itself (framing deadlines, rate refills, concurrent caps) are left
# to the plain and ASan runs: valgrind makes runbox many times slower.
prove tests/e2e/t01*.t tests/e2e/t02*.t tests/e2e/t03*.t tests/e2e/t04*.t \
    tests/e2e/t06*.t tests/e2e/t07*.t tests/e2e/t08[02]*.t \
    tests/e2e/t1000*.t tests/e2e/t1030*.t tests/e2e/t12*.t
n=$(find "$logs" -name '*.log' | wc -l)
bad=$(find "$logs" -name '*.log' -size +0 | wc -l)
echo "valgrind: $n runbox processes, $bad with findings"
if [ "$n" -eq 0 ] || [ "$bad" -ne 0 ]; then
	find "$logs" -name '*.log' -size +0 | head -n 3 | xargs -r cat
	exit 1
fi
