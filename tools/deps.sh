# shellcheck shell=bash
# Sourced by ./run.sh and ./test.sh (never run on its own): installs the Debian packages
# Dialtone needs to build, run and test when any is missing, then configures and builds.
#
#   DT_BUILD_DIR   build directory (default: _build)
#   DT_MESON_OPTS  extra `meson setup` options, e.g. "-Dwerror=true -Dbuildtype=debug"

# One list for building, running and the test harness (../shared/docs/toolchain.md §0).
DT_PACKAGES=(
    build-essential pkg-config meson ninja-build gettext itstool
    libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin libgtk-4-dev libadwaita-1-dev
    libsofia-sip-ua-glib-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
    libsrtp2-dev libsecret-1-dev libnotify-dev libsqlite3-dev libpulse-dev
    libwebrtc-audio-processing-dev
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
    gstreamer1.0-plugins-bad gstreamer1.0-libav gstreamer1.0-pulseaudio
    gstreamer1.0-plugins-base-apps
    pulseaudio pulseaudio-utils xvfb xauth x11-apps x11-utils imagemagick
    dbus dbus-daemon gnome-keyring libsecret-tools python3 python3-dbusmock sip-tester baresip kamailio kamailio-tls-modules
    openssl libssl-dev libasound2-plugins
    desktop-file-utils appstream flatpak-builder adwaita-icon-theme fonts-dejavu-core
)

dt_build_dir=${DT_BUILD_DIR:-_build}

# Prints nothing when every package is installed; otherwise names the missing ones and
# installs them (through sudo when not root).
dt_install_deps() {
    local installed missing=() p
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "Not a Debian system: make sure the equivalents of these are installed:" >&2
        echo "  ${DT_PACKAGES[*]}" >&2
        return 0
    fi
    # dpkg-query fails when any name was never installed; the listing is still complete.
    installed=" $(dpkg-query -W -f='${db:Status-Abbrev}|${Package}\n' "${DT_PACKAGES[@]}" \
        2>/dev/null | awk -F'|' '$1 ~ /^ii/ { printf "%s ", $2 }' || true) "
    for p in "${DT_PACKAGES[@]}"; do
        case $installed in *" $p "*) ;; *) missing+=("$p") ;; esac
    done
    [ ${#missing[@]} -gt 0 ] || return 0

    local -a sudo=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "Missing packages: ${missing[*]}" >&2
            echo "Install them as root (sudo is not available)." >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "Installing missing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
}

# Configures (or reconfigures) and builds $dt_build_dir.
dt_build() {
    local -a opts=()
    read -r -a opts <<<"${DT_MESON_OPTS:-}"
    if [ -f "$dt_build_dir/meson-private/coredata.dat" ]; then
        meson setup --reconfigure "$dt_build_dir" "${opts[@]}"
    else
        meson setup "$dt_build_dir" "${opts[@]}"
    fi
    meson compile -C "$dt_build_dir"
}
