#!/usr/bin/env bash
# TAP test: dt-harness passes on the program's exit status and leaves nothing behind —
# no service process, no temp dir — after a normal exit, a signal, or a failed start.
#
#   test-harness-cleanup.sh PATH/TO/dt-harness
set -uo pipefail

harness=${1:?usage: $0 PATH/TO/dt-harness}
work=$(mktemp -d "${TMPDIR:-/tmp}/dt-harness-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0
failed=0

echo "1..7"

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}

not_ok() {
    n=$((n + 1))
    failed=1
    echo "not ok $n - $1"
    shift
    local line
    for line in "$@"; do echo "# $line"; done
}

now_ms() {
    local t=${EPOCHREALTIME//[.,]/}
    echo $((10#$t / 1000))
}

is_running() {
    local line rest
    read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    rest=${line##*) }
    [ "${rest%% *}" != Z ]
}

# wait_for_file FILE: polls until FILE is non-empty, for at most 20 s.
wait_for_file() {
    local deadline=$(( $(now_ms) + 20000 ))
    until [ -s "$1" ]; do
        [ "$(now_ms)" -lt $deadline ] || return 1
        sleep 0.02
    done
}

# survivors PIDS_FILE: prints "name:pid" for every recorded process still running.
survivors() {
    local entry pid
    for entry in $(cat "$1"); do
        pid=${entry##*:}
        if is_running "$pid"; then echo "$entry"; fi
    done
}

# procs_mentioning TEXT: prints the PIDs whose command line contains TEXT.
procs_mentioning() {
    local f cmd
    for f in /proc/[0-9]*/cmdline; do
        cmd=$(tr '\0' ' ' 2>/dev/null <"$f") || continue
        case $cmd in *"$1"*) f=${f#/proc/}; echo "${f%/cmdline}" ;; esac
    done
}

all_flags=(--x11 --pulse --keyring --notifications)

# 1. The exit status is the program's.
"$harness" -- sh -c 'exit 7' </dev/null >/dev/null 2>&1
rc=$?
if [ $rc = 7 ]; then ok "exit status passes through"; else not_ok "exit status passes through" "got $rc, want 7"; fi

# 2. After a normal exit no service is left and the temp dir is gone.
out=$work/normal
"$harness" "${all_flags[@]}" -- sh -c \
    'echo "$DT_HARNESS_DIR" >"$0.dir"; echo "$DT_HARNESS_PIDS program:$$" >"$0.pids"' "$out" \
    </dev/null >"$out.log" 2>&1
rc=$?
if [ $rc != 0 ] || [ ! -s "$out.pids" ]; then
    not_ok "all services start and stop" "harness exit $rc" "$(cat "$out.log")"
else
    left=$(survivors "$out.pids")
    count=$(wc -w <"$out.pids")
    if [ -n "$left" ]; then
        not_ok "all services start and stop" "still running: $left"
    elif [ "$count" != 9 ]; then
        not_ok "all services start and stop" "expected 8 services (3 of them PulseAudio keepers) and the program, got: $(cat "$out.pids")"
    else
        ok "all services start and stop"
    fi
fi
if [ -s "$out.dir" ] && [ ! -e "$(cat "$out.dir")" ]; then
    ok "temp dir removed after a normal exit"
else
    not_ok "temp dir removed after a normal exit" "dir: $(cat "$out.dir" 2>/dev/null)"
fi

# 3. SIGTERM to the harness while the program runs: everything stops, status 128+15.
out=$work/signal
"$harness" "${all_flags[@]}" -- sh -c \
    'echo "$DT_HARNESS_DIR" >"$0.dir"; echo "$DT_HARNESS_PIDS program:$$" >"$0.pids"; exec sleep 300' \
    "$out" </dev/null >"$out.log" 2>&1 &
hpid=$!
if ! wait_for_file "$out.pids"; then
    kill -KILL $hpid 2>/dev/null
    wait $hpid
    not_ok "SIGTERM stops the program and every service" "the program never started" "$(cat "$out.log")"
else
    start=$(now_ms)
    kill -TERM $hpid
    wait $hpid
    rc=$?
    took=$(( $(now_ms) - start ))
    left=$(survivors "$out.pids")
    if [ $rc != 143 ]; then
        not_ok "SIGTERM stops the program and every service" "exit $rc, want 143" "$(cat "$out.log")"
    elif [ -n "$left" ]; then
        not_ok "SIGTERM stops the program and every service" "still running: $left"
    elif [ -e "$(cat "$out.dir")" ]; then
        not_ok "SIGTERM stops the program and every service" "temp dir left: $(cat "$out.dir")"
    else
        ok "SIGTERM stops the program and every service (${took} ms)"
    fi
fi

# 4. A service that fails to start: hard error (99), the bus started before it is gone.
out=$work/broken
mkdir -p "$out.bin" "$out.tmp"
printf '#!/bin/sh\necho "fake Xvfb refuses to start" >&2\nexit 1\n' >"$out.bin/Xvfb"
chmod +x "$out.bin/Xvfb"
PATH=$out.bin:$PATH TMPDIR=$out.tmp "$harness" --x11 -- sh -c 'echo ran >"$0"' "$out.ran" \
    </dev/null >"$out.log" 2>&1
rc=$?
left=$(procs_mentioning "$out.tmp")
if [ $rc != 99 ] || [ -e "$out.ran" ]; then
    not_ok "a failed start is a hard error" "exit $rc, want 99" "$(cat "$out.log")"
elif [ -n "$left" ] || [ -n "$(ls -A "$out.tmp")" ]; then
    not_ok "a failed start is a hard error" "left behind: $left $(ls -A "$out.tmp")"
elif ! grep -q "fake Xvfb refuses" "$out.log"; then
    not_ok "a failed start is a hard error" "the service log was not shown" "$(cat "$out.log")"
else
    ok "a failed start is a hard error and cleans up"
fi

# 5. Usage errors are reported, not run.
"$harness" --bogus -- true </dev/null >/dev/null 2>&1
rc=$?
if [ $rc = 2 ]; then ok "unknown option rejected"; else not_ok "unknown option rejected" "exit $rc, want 2"; fi

# 6. With stdin closed (as in some CI runners) the program still runs.
out=$work/nostdin
"$harness" -- sh -c 'echo ran >"$0"' "$out" <&- >/dev/null 2>&1
rc=$?
if [ $rc = 0 ] && [ -s "$out" ]; then
    ok "runs with stdin closed"
else
    not_ok "runs with stdin closed" "exit $rc"
fi

exit $failed
