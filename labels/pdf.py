"""Labels to PDF: vector barcodes and standard Helvetica text on sheets or single roll labels.

Drawing goes through reportlab's canvas but as prebuilt PDF operators: reportlab 4 without its
optional C accelerator (the rl_accel package) spends most of its time formatting numbers and
ASCII85-encoding streams, which would make 1,000 labels take seconds.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from labels.design import LabelDesign, Symbology
from labels.layouts import Layout
from labels.model import LabelData
from labels.render import prepare
from labels.symbols import MM, linear_ops, matrix_ops, number
from labels.text import BOLD, REGULAR, encoded

PDF_DOT = 25.4 / 600  # module sizes are whole dots of a 600 dpi printer
_A85_LOCK = threading.Lock()
# PDF literal strings: escape the delimiters, write bytes >= 0x80 as octal to keep the stream ASCII.
_LITERAL = {
    **{c: f"\\{c:03o}" for c in range(0x80, 0x100)}, ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"
}


def render_pdf(
    labels: Sequence[LabelData],
    layout: str | Layout = "a4-3x7",
    *,
    copies: int = 1,
    start_offset: int = 0,
    symbology: Symbology = "auto",
) -> bytes:
    """PDF with `copies` of each label, filling sheet positions row by row from `start_offset`.

    Raises LabelError (naming the field and label) before anything is drawn.
    """
    chosen, designs = prepare(labels, layout, copies=copies, start_offset=start_offset,
                              symbology=symbology, dot=PDF_DOT)
    buffer = io.BytesIO()
    page_width, page_height = chosen.page_size
    canvas = Canvas(buffer, pagesize=(page_width * MM, page_height * MM), invariant=1, pageCompression=1)
    canvas.setTitle("Labels")
    canvas.setCreator("clinic inventory labels")
    # Registers the fonts with the document; the page streams refer to them by these names.
    fonts = {bold: canvas._doc.getInternalFontName(BOLD if bold else REGULAR) for bold in (False, True)}
    position = start_offset
    for design in designs:
        for _ in range(copies):
            if position == chosen.per_page:
                canvas.showPage()
                position = 0
            canvas.addLiteral(_label_ops(design, *chosen.cell_origin(position), fonts))
            position += 1
    canvas.showPage()
    with _without_ascii85():
        canvas.save()
    return buffer.getvalue()


def _label_ops(design: LabelDesign, x: float, y: float, fonts: dict[bool, str]) -> str:
    ops = [linear_ops(linear, x, y) for linear in design.linears]
    ops += [matrix_ops(matrix, x, y) for matrix in design.matrices]
    ops.append("BT 0 g")
    for text in design.texts:
        literal = encoded(text.text).decode("latin-1").translate(_LITERAL)
        ops.append(f"{fonts[text.bold]} {number(text.size)} Tf 1 0 0 1 {number((x + text.x) * MM)} "
                   f"{number((y + text.baseline) * MM)} Tm ({literal}) Tj")
    ops.append("ET")
    return "\n".join(ops)


@contextmanager
def _without_ascii85() -> Iterator[None]:
    """Flate-only page streams: valid PDF, smaller, and no slow pure-Python ASCII85 pass."""
    with _A85_LOCK:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved
