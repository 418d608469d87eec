#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for Bulletin Reader, or says exactly what to run.
#   packaging/system-deps.sh venv   -> python3-venv (so `python3 -m venv` works)
#   packaging/system-deps.sh gui    -> the X11/xcb libraries Qt needs for a real window
#   packaging/system-deps.sh test   -> tools some tests use (pdftotext, desktop-file-validate, appstreamcli, Xvfb)
set -u
want=$1
case "$want" in
  venv) packages="python3-venv" ;;
  gui) packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
                 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libxcb-xinerama0 libxkbcommon-x11-0 libxkbcommon0
                 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core" ;;
  test) packages="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core poppler-utils
                  desktop-file-utils appstream xvfb xauth" ;;
  *) echo "usage: $0 venv|gui|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  exit 0  # not Debian-like: nothing we can check; Qt will name a missing library if there is one
fi
missing=""
for package in $packages; do
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
    missing="$missing $package"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
      echo "Could not install:$missing" >&2; [ "$want" = venv ] && exit 1; exit 0; }
  fi
else
  echo "Bulletin Reader needs these system packages; please run:" >&2
  echo "  sudo apt-get install$missing" >&2
  [ "$want" = venv ] && exit 1
fi
exit 0
