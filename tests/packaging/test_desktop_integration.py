"""The launcher, AppStream metainfo and icons that desktops and software centres read."""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.packaging

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGING = REPO_ROOT / "packaging"
APP_ID = "io.github.bulletinreader.BulletinReader"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
# Screenshots are addressed as files of the repository at a git ref: this prefix, then the ref, then the path.
SCREENSHOT_URL = re.compile(r"https://raw\.githubusercontent\.com/bulletinreader/bulletin-reader/[^/]+/(?P<path>.+)")
VERSION = re.search(r'__version__ = "([^"]+)"', (REPO_ROOT / "reader" / "__init__.py").read_text()).group(1)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install desktop-file-utils appstream)")
    return path


def _appicon() -> ModuleType:
    spec = importlib.util.spec_from_file_location("appicon", PACKAGING / "appicon.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP_FILE)], capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_metainfo_validates_offline() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_launcher_metainfo_and_icon_name_the_same_app() -> None:
    entry = _desktop_entry()
    component = ElementTree.parse(METAINFO).getroot()

    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == entry["TryExec"] == "bulletin-reader"
    assert component.findtext("provides/binary") == "bulletin-reader"


def test_the_newest_release_note_is_this_version() -> None:
    releases = ElementTree.parse(METAINFO).getroot().findall("releases/release")

    assert releases[0].get("version") == VERSION
    assert releases[0].findall("description/p") + releases[0].findall("description/ul/li")


def test_the_screenshot_is_a_picture_in_the_repository() -> None:
    images = ElementTree.parse(METAINFO).getroot().findall("screenshots/screenshot/image")
    assert images, "the metainfo names no screenshot"

    for image in images:
        match = SCREENSHOT_URL.fullmatch(image.text or "")
        assert match, f"{image.text} is not a file of this repository"
        picture = REPO_ROOT / match["path"]
        assert picture.is_file(), f"{match['path']} is referenced by the metainfo but not in the repository"
        declared = (int(image.get("width", "0")), int(image.get("height", "0")))
        assert _appicon().png_dimensions(picture.read_bytes()) == declared, f"{match['path']} is not {declared}"


def test_every_themed_png_has_the_size_its_folder_names() -> None:
    appicon = _appicon()

    for size in appicon.PNG_SIZES:
        png = appicon.png_path(size)
        assert png.name == f"{APP_ID}.png"
        assert appicon.png_dimensions(png.read_bytes()) == (size, size), png


def test_the_svg_icon_is_square() -> None:
    svg = ElementTree.parse(REPO_ROOT / "resources" / "icons" / "bulletin-reader.svg").getroot()

    _, _, width, height = (float(number) for number in svg.get("viewBox", "").split())
    assert width == height > 0


def test_the_windows_icon_holds_a_png_for_each_size() -> None:
    appicon = _appicon()
    ico = appicon.ico_bytes()

    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, len(appicon.ICO_SIZES))
    sizes = []
    for index in range(count):
        side, _, _, _, _, bits, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * index)
        width, height = appicon.png_dimensions(ico[offset : offset + length])
        assert width == height == (side or 256)
        assert bits == 32
        sizes.append(width)
    assert sizes == list(appicon.ICO_SIZES)


def test_the_macos_icon_holds_a_png_for_each_type() -> None:
    appicon = _appicon()
    icns = appicon.icns_bytes()

    assert icns[:4] == b"icns"
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
    found, offset = [], 8
    while offset < len(icns):
        kind, length = icns[offset : offset + 4], struct.unpack_from(">I", icns, offset + 4)[0]
        width, _ = appicon.png_dimensions(icns[offset + 8 : offset + length])
        found.append((kind, width))
        offset += length
    assert found == list(appicon.ICNS_TYPES)


def test_platform_icons_refuse_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"expected a \.ico or \.icns"):
        _appicon().write_platform_icon(tmp_path / "icon.png")
