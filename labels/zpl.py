"""Labels to ZPL II for Zebra roll printers, from the same design as the PDF.

Barcodes are handed over codeword for codeword (Code 128 subsets spelled out with invocation codes,
DataMatrix size fixed), so the printer draws exactly the symbols the layout made room for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from labels.design import LabelDesign, PlacedLinear, PlacedMatrix, PlacedText, Symbology
from labels.errors import LabelError
from labels.gs1 import FNC1
from labels.layouts import Layout, get_layout
from labels.model import LabelData
from labels.render import prepare
from labels.text import PT

DOTS_PER_MM = (6, 8, 12, 24)  # 152, 203, 300 and 600 dpi print heads
_SAFE = frozenset(chr(c) for c in range(0x20, 0x7F)) - set("^~_\\")  # the rest goes through ^FH
# Code 128 function codewords as ZPL invocation codes (ZPL II guide, ^BC "Code 128 Invocation Characters").
_START = {103: ("A", ">9"), 104: ("B", ">:"), 105: ("C", ">;")}
_SWITCH = {("A", 99): "C", ("B", 99): "C", ("A", 100): "B", ("C", 100): "B", ("B", 101): "A", ("C", 101): "A"}
_INVOKE = {99: ">5", 100: ">6", 101: ">7", 102: ">8"}
_DATA_ESCAPES = {">": ">0", "^": "><", "~": ">="}
_Dots = Callable[[float], int]  # mm -> printer dots


def render_zpl(
    labels: Sequence[LabelData],
    layout: str | Layout = "roll-62x29",
    *,
    copies: int = 1,
    symbology: Symbology = "auto",
    dpmm: int = 8,
) -> str:
    """One ^XA...^XZ format per printed label (copies repeated), for a printer with `dpmm` dots per mm."""
    if get_layout(layout).is_sheet:
        raise LabelError(f"ZPL is for roll printers; {layout!r} is an A4 sheet layout", field="layout")
    if dpmm not in DOTS_PER_MM:
        raise LabelError(f"dpmm must be one of {DOTS_PER_MM}, got {dpmm!r}", field="dpmm")
    _, designs = prepare(labels, layout, copies=copies, start_offset=0, symbology=symbology, dot=1 / dpmm)
    return "".join(_format(design, dpmm) * copies for design in designs)


def _format(design: LabelDesign, dpmm: int) -> str:
    def dots(mm: float) -> int:
        return round(mm * dpmm)

    fields = [f"^XA^CI28^PW{dots(design.width)}^LL{dots(design.height)}^LH0,0"]
    fields += [_linear(p, design.height, dots) for p in design.linears]
    fields += [_matrix(p, design.height, dots) for p in design.matrices]
    fields += [_text(p, design.height, dots) for p in design.texts]
    fields.append("^XZ\n")
    return "\n".join(fields)


def _linear(placed: PlacedLinear, height: float, dots: _Dots) -> str:
    top = height - placed.y - placed.height
    bar = dots(placed.height)
    return (f"^FO{dots(placed.x)},{dots(top)}^BY{dots(placed.module)},3,{bar}"
            f"^BCN,{bar},N,N,N,N^FD{code128_field(placed.symbol.codewords)}^FS")


def _matrix(placed: PlacedMatrix, height: float, dots: _Dots) -> str:
    size = placed.symbol.size
    top = height - placed.y - size * placed.module
    data = "".join("_7E1" if c == FNC1 else escape(c) for c in placed.symbol.data)  # ~1 is FNC1
    return f"^FO{dots(placed.x)},{dots(top)}^BXN,{dots(placed.module)},200,{size},{size},,~^FH_^FD{data}^FS"


def _text(placed: PlacedText, height: float, dots: _Dots) -> str:
    size = max(1, dots(placed.size * PT))
    position = f"^FT{dots(placed.x)},{dots(height - placed.baseline)}"  # ^FT: baseline, like the PDF
    return f"{position}^A0N,{size},{size}^FH_^FD{escape(placed.text)}^FS"


def escape(text: str) -> str:
    """Field data for ^FH_: ZPL's own characters and non-ASCII (UTF-8 under ^CI28) as _XX hex."""
    return "".join(c if c in _SAFE else "".join(f"_{b:02X}" for b in c.encode()) for c in text)


def code128_field(codewords: Sequence[int]) -> str:
    """^BC mode-N field data reproducing `codewords` (start code first, no check character)."""
    code_set, start = _START[codewords[0]]
    out = [start]
    for value in codewords[1:]:
        if code_set == "C" and value < 100:
            out.append(f"{value:02d}")
        elif code_set != "C" and value < (64 if code_set == "A" else 96):
            char = chr(value + 32)
            out.append(_DATA_ESCAPES.get(char, char))
        elif value == 102:
            out.append(_INVOKE[value])
        elif (code_set, value) in _SWITCH:
            out.append(_INVOKE[value])
            code_set = _SWITCH[code_set, value]
        else:
            raise ValueError(f"Code 128 codeword {value} in set {code_set} has no ZPL form here")
    return "".join(out)
