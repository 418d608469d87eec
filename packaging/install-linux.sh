#!/usr/bin/env bash
# Install this Bulletin Reader folder for the current user: the `bulletin-reader` command, a menu
# entry with its icon, and the AppStream metadata. The folder stays where it is, so move it first
# (for example to ~/.local/opt/bulletin-reader). PREFIX overrides ~/.local.
#
#     ./install.sh              install or update
#     ./install.sh --uninstall  remove what install.sh added (not the folder, not your library)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=io.github.bulletinreader.BulletinReader
installed=(
    "bin/bulletin-reader"
    "share/applications/$app_id.desktop"
    "share/metainfo/$app_id.metainfo.xml"
)
for icon in "$here"/share/icons/hicolor/*/apps/"$app_id".*; do
    installed+=("${icon#"$here"/}")
done

if [[ "${1:-}" == "--uninstall" ]]; then
    for path in "${installed[@]}"; do rm -f "$prefix/$path"; done
    echo "Removed Bulletin Reader's command, menu entry and icons from $prefix"
    exit 0
fi

mkdir -p "$prefix/bin"
ln -sfn "$here/bulletin-reader" "$prefix/bin/bulletin-reader"
for path in "${installed[@]:1}"; do
    mkdir -p "$(dirname "$prefix/$path")"
    cp "$here/$path" "$prefix/$path"
done
# The menu may not search ~/.local/bin, so the launcher names this folder's executable directly.
sed -i -e "s|^Exec=bulletin-reader|Exec=\"$here/bulletin-reader\"|" -e "s|^TryExec=.*|TryExec=$here/bulletin-reader|" \
    "$prefix/share/applications/$app_id.desktop"
# No icon or MIME caches are written: desktops watch these per-user folders, and a stale cache in
# ~/.local/share/icons would hide icons that other apps install later.
echo "Installed Bulletin Reader: run 'bulletin-reader' (from $prefix/bin) or pick it in the applications menu"
