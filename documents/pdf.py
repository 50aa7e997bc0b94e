"""A small writer of plain-text PDF files: A4 pages, Helvetica, word-wrapped paragraphs.

Enough for the network's demo documents and for tests, with no dependency: the file has a
catalogue, a page tree, one content stream per page, a cross-reference table with exact
offsets and a trailer. Text is written in WinAnsiEncoding (so Italian accents print); any
character outside it is replaced by its closest plain letter or by "?".
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PAGE_WIDTH = 595  # A4, in points
PAGE_HEIGHT = 842
MARGIN = 64
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# Advance widths (thousandths of the font size) of the printable ASCII characters, from the
# Adobe font metrics of the two standard fonts, for " " (32) to "~" (126).
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
WIDTHS = {
    "F1": {chr(32 + i): int(w) for i, w in enumerate(_REGULAR.split())},
    "F2": {chr(32 + i): int(w) for i, w in enumerate(_BOLD.split())},
}
# Punctuation outside ASCII that WinAnsiEncoding has, with its Helvetica width.
EXTRA_WIDTHS = {
    "\u2014": 1000,  # em dash
    "\u2013": 556,  # en dash
    "\u2018": 222,
    "\u2019": 222,
    "\u201c": 333,
    "\u201d": 333,
    "\u2022": 350,  # bullet
    "\u2026": 1000,  # ellipsis
}

STYLES = {
    # kind: (font, size, leading, space before)
    "title": ("F2", 20, 26, 0),
    "subtitle": ("F1", 13, 18, 4),
    "heading": ("F2", 13, 18, 14),
    "paragraph": ("F1", 11, 15, 8),
    "item": ("F1", 11, 15, 4),
    "note": ("F1", 9, 12, 14),
}


def _plain(char: str) -> str:
    """A character WinAnsiEncoding can print: itself, its unaccented letter, or "?"."""
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
        return base or "?"


def printable(text: str) -> str:
    """The text with every character made printable in WinAnsiEncoding."""
    return "".join(_plain(char) for char in text)


def text_width(text: str, font: str, size: float) -> float:
    widths = WIDTHS[font]
    total = 0
    for char in text:
        if char in widths:
            total += widths[char]
        elif char in EXTRA_WIDTHS:
            total += EXTRA_WIDTHS[char]
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            total += widths.get(base, 556)
    return total * size / 1000


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding, with every byte outside ASCII escaped."""
    out = bytearray(b"(")
    for byte in printable(text).encode("cp1252"):
        if byte in b"\\()":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    out += b")"
    return bytes(out)


def pdf_text_string(text: str) -> bytes:
    """A PDF text string for the document information (UTF-16 with its byte-order mark)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break a paragraph into lines no wider than width (a word longer than a line stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


@dataclass
class _Line:
    font: str
    size: float
    x: float
    y: float
    text: str


def _layout(blocks: Sequence[tuple[str, str]]) -> list[list[_Line]]:
    pages: list[list[_Line]] = [[]]
    top = PAGE_HEIGHT - MARGIN
    bottom = MARGIN + 24  # room for the page number
    y = top
    for kind, text in blocks:
        font, size, leading, before = STYLES[kind]
        indent = 16 if kind == "item" else 0
        lines = wrap(text, font, size, TEXT_WIDTH - indent)
        if pages[-1]:
            y -= before
        for index, line in enumerate(lines):
            if y - leading < bottom:
                pages.append([])
                y = top
            y -= leading
            if kind == "item" and index == 0:
                pages[-1].append(_Line(font, size, MARGIN, y + 3, "•"))
            pages[-1].append(_Line(font, size, MARGIN + indent, y + 3, line))
    return pages


def _content(lines: list[_Line], footer: str) -> bytes:
    parts = [b"BT"]
    for line in lines:
        parts.append(
            b"/%s %g Tf 1 0 0 1 %.2f %.2f Tm %s Tj"
            % (line.font.encode(), line.size, line.x, line.y, pdf_string(line.text))
        )
    if footer:
        width = text_width(footer, "F1", 9)
        parts.append(
            b"0.35 g /F1 9 Tf 1 0 0 1 %.2f %d Tm %s Tj"
            % ((PAGE_WIDTH - width) / 2, MARGIN - 8, pdf_string(footer))
        )
    parts.append(b"ET")
    return b"\n".join(parts) + b"\n"


def build_pdf(
    blocks: Iterable[tuple[str, str]],
    *,
    title: str = "",
    language: str = "it",
    footer: str = "",
) -> bytes:
    """A complete PDF of the blocks: (kind, text) pairs, kind one of STYLES.

    Pages are numbered at the bottom ("footer · 1/2"); title and language go into the
    document information and catalogue so readers and screen readers announce them.
    """
    pages = _layout(list(blocks))
    count = len(pages)
    # Object numbers: 1 catalogue, 2 page tree, 3 and 4 fonts, 5 information, then for each
    # page its page object and its content stream.
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Lang %s >>" % pdf_string(language),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
        5: b"<< /Title %s /Producer (icnet) >>" % pdf_text_string(title),
    }
    kids = []
    for index, lines in enumerate(pages):
        page_number, content_number = 6 + 2 * index, 7 + 2 * index
        kids.append(b"%d 0 R" % page_number)
        label = f"{footer} · {index + 1}/{count}" if footer else f"{index + 1}/{count}"
        stream = _content(lines, label)
        objects[page_number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content_number)
        )
        objects[content_number] = (
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"
        )
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)

    # The binary comment on the second line tells transfer tools the file is not text.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        xref,
    )
    return bytes(out)
