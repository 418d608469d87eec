#!/usr/bin/env bash
# Build the self-contained one-folder app dist/bulletin-reader/ with PyInstaller (`make package`).
#
# Uses the project's virtual environment (PYTHON overrides it), installs the app and PyInstaller
# into it when missing, builds from packaging/bulletin-reader.spec and checks that the result starts.
# On Linux it also lays the launcher, metainfo and icons into dist/bulletin-reader/share/ and adds
# install.sh, which installs the folder for the current user.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${PYTHON:-}" ]]; then
    PYTHON=.venv/bin/python
    [[ -x "$PYTHON" ]] || PYTHON=.venv/Scripts/python.exe  # Git Bash on Windows
fi
if [[ ! -x "$PYTHON" ]]; then
    echo "build.sh: no virtual environment at .venv; run 'make run' or set PYTHON=/path/to/python" >&2
    exit 2
fi

if ! "$PYTHON" -c 'import importlib.metadata as m; m.distribution("bulletin-reader")' 2>/dev/null; then
    "$PYTHON" -m pip install -q -e .
fi
if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
    echo "build.sh: installing PyInstaller into $(dirname "$(dirname "$PYTHON")")"
    "$PYTHON" -m pip install -q "pyinstaller>=6.0"
fi

started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/bulletin-reader.spec

app_id=io.github.bulletinreader.BulletinReader
folder=dist/bulletin-reader
case "$(uname -s)" in
    Linux)
        mkdir -p "$folder/share/applications" "$folder/share/metainfo" "$folder/share/icons/hicolor/scalable/apps"
        cp "packaging/$app_id.desktop" "$folder/share/applications/"
        cp "packaging/$app_id.metainfo.xml" "$folder/share/metainfo/"
        cp -r packaging/icons/hicolor/. "$folder/share/icons/hicolor/"
        cp resources/icons/bulletin-reader.svg "$folder/share/icons/hicolor/scalable/apps/$app_id.svg"
        cp packaging/install-linux.sh "$folder/install.sh"
        executable="$folder/bulletin-reader"
        ;;
    MINGW* | MSYS* | CYGWIN*) executable="$folder/bulletin-reader-cli.exe" ;;
    Darwin) executable="dist/Bulletin Reader.app/Contents/MacOS/bulletin-reader" ;;
    *) executable="$folder/bulletin-reader" ;;
esac

# The smoke test needs no display: --version never starts Qt.
"$executable" --version
echo "build.sh: built $folder ($(du -sh "$folder" | cut -f1)) in $(($(date +%s) - started)) s"
