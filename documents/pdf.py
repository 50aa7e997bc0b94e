"""Plain-text PDF files written with fpdf2: A4 pages, Helvetica, word-wrapped paragraphs.

Enough for the network's demo documents, the synthetic network and tests.
"""

import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

from fpdf import FPDF

MARGIN = 64  # points
STYLES = {
    # kind: (style, size, leading, space before)
    "title": ("B", 20, 26, 0),
    "subtitle": ("", 13, 18, 4),
    "heading": ("B", 13, 18, 14),
    "paragraph": ("", 11, 15, 8),
    "item": ("", 11, 15, 4),
    "note": ("", 9, 12, 14),
}
ITEM_INDENT = 16
# Fixed, so that the same blocks always give the same bytes.
CREATED = datetime(2000, 1, 1, tzinfo=UTC)


def printable(text: str) -> str:
    """The text with every character outside Windows-1252 replaced by its plain letter or "?"."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            char = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode() or "?"
        out.append(char)
    return "".join(out)


class _Document(FPDF):
    label = ""

    def footer(self) -> None:
        """The page number, after the label when there is one: "label · 1/2"."""
        self.set_y(-MARGIN)
        self.set_font("helvetica", "", 9)
        self.set_text_color(89)
        number = f"{self.page_no()}/{{nb}}"
        self.cell(0, 9, f"{self.label} · {number}" if self.label else number, align="C")


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
    pdf = _Document(unit="pt", format="A4")
    # Core Helvetica in Windows-1252: accents, dashes, quotes, "…", "€" print, no font to embed.
    pdf.core_fonts_encoding = "windows-1252"
    pdf.label = printable(footer)
    pdf.set_margins(MARGIN, MARGIN)
    pdf.c_margin = 0  # text starts exactly at the margin
    pdf.set_auto_page_break(True, margin=MARGIN + 24)  # room for the page number
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_producer("icnet")
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    for kind, text in blocks:
        style, size, leading, before = STYLES[kind]
        pdf.set_font("helvetica", style, size)
        if pdf.get_y() > MARGIN:
            pdf.ln(before)
        if kind == "item":
            pdf.cell(ITEM_INDENT, leading, "•")
        pdf.multi_cell(0, leading, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
