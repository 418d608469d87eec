"""The app icon in every format the platforms ask for, all made from resources/icons/bulletin-reader.svg.

    python packaging/appicon.py render          # the freedesktop PNGs in packaging/icons/hicolor (committed)
    python packaging/appicon.py ico  OUT.ico    # Windows: one file holding the PNGs up to 256 px
    python packaging/appicon.py icns OUT.icns   # macOS: one file holding the PNGs up to 512 px

Only `render` needs Qt (QtSvg). The .ico and .icns containers are assembled from the committed PNGs
with the standard library, so the PyInstaller spec can make them at build time on any platform
without Pillow. Both containers store PNG data, which Windows (Vista on) and macOS (10.7 on) read.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

PACKAGING_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGING_DIR.parent
APP_ID = "io.github.bulletinreader.BulletinReader"
SVG_ICON = PROJECT_ROOT / "resources" / "icons" / "bulletin-reader.svg"
HICOLOR_DIR = PACKAGING_DIR / "icons" / "hicolor"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can describe
# macOS icon types that hold PNG data, by pixel size; the @2x types reuse the larger bitmaps.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_path(size: int, hicolor_dir: Path = HICOLOR_DIR) -> Path:
    """Where the freedesktop icon theme layout keeps the PNG of one size."""
    return hicolor_dir / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def png_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; ValueError when the bytes are not a PNG."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def render_pngs(svg: Path = SVG_ICON, hicolor_dir: Path = HICOLOR_DIR) -> list[Path]:
    """Render the SVG at every size in PNG_SIZES with Qt's SVG renderer."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _application = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: Qt cannot render this SVG")
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size, hicolor_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(target), "PNG"):
            raise OSError(f"{target}: could not write the PNG")
        written.append(target)
    return written


def _read_pngs(sizes: tuple[int, ...], hicolor_dir: Path) -> dict[int, bytes]:
    pngs = {}
    for size in sorted(set(sizes)):
        data = png_path(size, hicolor_dir).read_bytes()
        if png_dimensions(data) != (size, size):
            raise ValueError(f"{png_path(size, hicolor_dir)}: is not {size}x{size}; run `appicon.py render`")
        pngs[size] = data
    return pngs


def ico_bytes(hicolor_dir: Path = HICOLOR_DIR) -> bytes:
    """A Windows .ico holding one PNG entry per size in ICO_SIZES."""
    pngs = _read_pngs(ICO_SIZES, hicolor_dir)
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 = icon, entry count
    offset = len(header) + 16 * len(pngs)
    entries, payload = b"", b""
    for size, data in pngs.items():
        side = 0 if size == 256 else size  # a zero byte means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def icns_bytes(hicolor_dir: Path = HICOLOR_DIR) -> bytes:
    """A macOS .icns holding PNG entries for the types in ICNS_TYPES."""
    pngs = _read_pngs(tuple(size for _, size in ICNS_TYPES), hicolor_dir)
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_platform_icon(target: Path, hicolor_dir: Path = HICOLOR_DIR) -> Path:
    """Write an .ico or .icns (chosen by the target's suffix) and return its path."""
    builders = {".ico": ico_bytes, ".icns": icns_bytes}
    if target.suffix not in builders:
        raise ValueError(f"{target}: expected a .ico or .icns file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(builders[target.suffix](hicolor_dir))
    return target


def main(arguments: list[str]) -> int:
    if arguments == ["render"]:
        for path in render_pngs():
            print(path.relative_to(PROJECT_ROOT))
        return 0
    if len(arguments) == 2 and arguments[0] in {"ico", "icns"} and arguments[1].endswith(f".{arguments[0]}"):
        print(write_platform_icon(Path(arguments[1])))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
