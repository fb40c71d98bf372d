#!/usr/bin/env bash
# Run the memory layer's tests under valgrind's memcheck: the vm crate's unit tests, and
# the pyrs binary (system allocator, PYTHONMALLOC=malloc, so that memcheck sees every
# block) on every tests/py/mem_*.py program. Fails on any invalid read or write, use
# after free, uninitialised use, or block definitely lost.
#
#   tools/valgrind_mem.sh              # everything
#   tools/valgrind_mem.sh mem_gc_      # only the programs whose name starts so
#
# Environment: CARGO_TARGET_DIR as for cargo (default target/); JOBS (default 2)
# programs at a time. Logs of failing runs are kept in $LOGDIR (default a temp dir).
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
JOBS=${JOBS:-2}
LOGDIR=${LOGDIR:-$(mktemp -d /tmp/valgrind_mem.XXXXXX)}
mkdir -p "$LOGDIR" || { echo "cannot make the log folder $LOGDIR"; exit 2; }
PREFIX=${1:-mem_}
SUPP=$ROOT/crates/vm/tests/valgrind.supp
VG=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --suppressions="$SUPP" --quiet)

command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)"; exit 2; }

echo "building pyrs and the vm crate's tests (debug)..."
cargo build -q -p pyrs || exit 2
# The vm crate's unit tests and its memory-layer integration tests (tests/memory_layer.rs).
TEST_BINS=$(cargo test -q -p pyrs-vm --lib --test memory_layer --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')
PYRS=$TARGET/debug/pyrs
[ -x "$PYRS" ] && [ -n "$TEST_BINS" ] || { echo "build products not found"; exit 2; }

failures=0
for bin in $TEST_BINS; do
    name=$(basename "$bin")
    echo "test binary $name"
    if "${VG[@]}" --log-file="$LOGDIR/$name.log" "$bin" -q --test-threads=1 >"$LOGDIR/$name.out" 2>&1; then
        echo "  ok: $(grep -h '^test result' "$LOGDIR/$name.out" | tail -1)"
        rm -f "$LOGDIR/$name.log"
    else
        echo "  FAILED: $LOGDIR/$name.log"
        failures=$((failures + 1))
    fi
done

run_one() {
    local file=$1 name log
    name=$(basename "$file" .py)
    log=$LOGDIR/$name.log
    (cd "$ROOT/tests/py" && PYTHONMALLOC=malloc PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 \
        "${VG[@]}" --log-file="$log" "$PYRS" "$name.py" </dev/null >/dev/null 2>&1)
    local status=$?
    # memcheck makes its log file even when it has nothing to say (--quiet): no file means
    # it did not run or could not write, a failure and never a pass.
    if [ ! -f "$log" ]; then
        echo "FAIL $name (no memcheck log)"
    elif [ $status -eq 99 ] || grep -q "ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|Invalid \|uninitialised" "$log"; then
        echo "FAIL $name ($log)"
    else
        rm -f "$log"
        echo "ok   $name"
    fi
}
export -f run_one
export ROOT LOGDIR PYRS
export VG_STR="${VG[*]}"

programs=$(ls tests/py/${PREFIX}*.py 2>/dev/null)
count=$(echo "$programs" | grep -c .)
echo "$count programs under memcheck ($JOBS at a time)..."
results=$(echo "$programs" | xargs -P "$JOBS" -I{} bash -c 'VG=($VG_STR); run_one "$@"' _ {})
echo "$results" | grep "^FAIL" || true
bad=$(echo "$results" | grep -c "^FAIL")
failures=$((failures + bad))
echo "programs: $count, failing under memcheck: $bad; test binaries: $([ $failures -eq $bad ] && echo clean || echo errors)"
echo "logs: $LOGDIR"
[ $failures -eq 0 ]
