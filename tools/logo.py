"""The network's logo: its name in two lines, set in Titillium Web and drawn as SVG paths.

Run by `make assets`: python -m tools.logo FONT_BOLD.ttf FONT_REGULAR.ttf OUTPUT_FOLDER
Writes logo-it.svg and logo-en.svg (white, for the header) and logo-it-dark.svg and
logo-en-dark.svg (dark blue, for light backgrounds). The letters are paths, so the logo
looks the same wherever it is shown, with no font to load. Titillium Web is under the SIL
Open Font License 1.1, which allows drawing its glyphs into a logo.
"""

import re
import sys
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

NAMES = {
    "it": ("Rete italiana", "delle città interculturali"),
    "en": ("Italian Network", "of Intercultural Cities"),
}
COLOURS = {"": "#ffffff", "-dark": "#003366"}
SIZE_1, SIZE_2 = 30, 21  # px: the first line's and the second line's type size
BASE_1, BASE_2 = 26, 50  # px: their baselines
HEIGHT = 56


def line(font: TTFont, text: str, size: float, baseline: float) -> tuple[str, float]:
    """One line of text as SVG path data, and its width in px."""
    scale = size / font["head"].unitsPerEm
    cmap, glyphs, hmtx = font.getBestCmap(), font.getGlyphSet(), font["hmtx"]
    pen = SVGPathPen(glyphs)
    x = 0.0
    for char in text:
        name = cmap[ord(char)]
        # y grows downwards in SVG: flip the glyph and set it on the baseline.
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += hmtx[name][0] * scale
    # One decimal of a pixel is finer than any screen shows, and halves the file.
    commands = re.sub(
        r"-?\d+\.\d+", lambda m: f"{float(m[0]):.1f}".rstrip("0").rstrip("."), pen.getCommands()
    )
    return commands, x


def logo(bold: TTFont, regular: TTFont, language: str, colour: str) -> str:
    first, second = NAMES[language]
    path_1, width_1 = line(bold, first, SIZE_1, BASE_1)
    path_2, width_2 = line(regular, second, SIZE_2, BASE_2)
    width = round(max(width_1, width_2) + 1)
    title = f"{first} {second}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        f'<path fill="{colour}" d="{path_1}{path_2}"/></svg>\n'
    )


def main(bold_path: str, regular_path: str, folder: str) -> None:
    bold, regular = TTFont(bold_path), TTFont(regular_path)
    for language in NAMES:
        for suffix, colour in COLOURS.items():
            out = Path(folder) / f"logo-{language}{suffix}.svg"
            out.write_text(logo(bold, regular, language, colour))
            print(f"{out}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
