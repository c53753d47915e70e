#!/usr/bin/env bash
# ./run.sh — install the missing Debian packages (apt-get; sudo when not root), build into
# _build/ and launch Dialtone: its window when there is a display, else `dialtone
# --headless`. Extra arguments go to dialtone.
#   DT_BUILD_DIR (default _build), DT_MESON_OPTS (extra `meson setup` options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
. tools/deps.sh

dt_install_deps
dt_build

app=$PWD/$dt_build_dir/src/dialtone
# The schemas are compiled into the build dir, not installed.
export GSETTINGS_SCHEMA_DIR=$PWD/$dt_build_dir/data

bus_pid=
app_pid=
stop() {
    trap - EXIT INT TERM HUP
    if [ -n "$app_pid" ]; then
        kill -TERM "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    if [ -n "$bus_pid" ]; then
        kill -TERM "$bus_pid" 2>/dev/null || true
    fi
}
trap stop EXIT

# Dialtone is a D-Bus service: give it a session bus when the machine has none.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] &&
    ! [ -S "${XDG_RUNTIME_DIR:-/run/user/$(id -u)}/bus" ]; then
    { read -r DBUS_SESSION_BUS_ADDRESS; read -r bus_pid; } < <(
        dbus-daemon --session --fork --print-address=1 --print-pid=1)
    export DBUS_SESSION_BUS_ADDRESS
    echo "Started a private D-Bus session bus (pid $bus_pid): $DBUS_SESSION_BUS_ADDRESS"
fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    "$app" "$@"
    exit $?
fi

"$app" --headless "$@" &
app_pid=$!
on_signal() {
    kill -TERM "$app_pid" 2>/dev/null || true
}
trap on_signal INT TERM HUP

bus_env=
[ -z "$bus_pid" ] || bus_env="DBUS_SESSION_BUS_ADDRESS='$DBUS_SESSION_BUS_ADDRESS' "
cat <<MSG

No display: Dialtone runs headless (pid $app_pid) as org.dialtone.Dialtone on the session bus.
Look at it from another terminal:
  ${bus_env}gdbus introspect --session -d org.dialtone.Dialtone -o /org/dialtone/Dialtone
Place a call (see README.md, "Scripting it over D-Bus"):
  ${bus_env}gdbus call --session -d org.dialtone.Dialtone -o /org/dialtone/Dialtone -m org.dialtone.Manager.Dial sip:bob@127.0.0.1:5062
Stop it with Ctrl+C, or: kill $app_pid

MSG

status=0
# A trapped signal interrupts wait; wait again until Dialtone has really exited.
while :; do
    wait "$app_pid" && status=0 || status=$?
    is_running=$(kill -0 "$app_pid" 2>/dev/null && echo 1 || echo 0)
    [ "$is_running" = 1 ] || break
done
app_pid=
exit "$status"
