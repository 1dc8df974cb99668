"""Fitting human-readable text into a box: shrink to a minimum size, wrap, then cut with an ellipsis.

Text is set in the PDF standard Helvetica fonts with WinAnsi (cp1252) encoding, which covers Danish;
characters outside it print as "?". Widths scale linearly with size and there is no kerning, so a
string is measured once at 1 pt (cached) and fitting is arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont

PT = 25.4 / 72  # mm per point
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
ASCENT = 0.93  # of the font size above the baseline; covers the ring of "Å"
DESCENT = 0.22
LEADING = ASCENT + DESCENT
ELLIPSIS = "\u2026"
_SIZE_STEP = 0.25  # pt
_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)
# (primary, secondary) scale pairs, tried in order: secondary text gives way first.
_SCALE_STEPS = tuple((1.0, s) for s in _SCALES) + tuple((s, _SCALES[-1]) for s in _SCALES[1:])


@dataclass(frozen=True)
class TextSpec:
    """One piece of label text. `parts` share a line when they fit side by side, else one line each."""

    parts: tuple[str, ...]
    bold: bool = False
    size: float = 8.0  # preferred, pt
    min_size: float = 5.5
    max_lines: int = 1
    secondary: bool = True  # shrinks first and may be left off when space runs out


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool
    size: float  # pt
    width: float  # mm

    @property
    def height(self) -> float:
        return self.size * PT * LEADING


def encoded(text: str) -> bytes:
    """The bytes the PDF shows for `text` (WinAnsi; unknown characters become "?")."""
    return text.encode("cp1252", "replace")


@lru_cache(maxsize=65536)
def unit_width(text: str, bold: bool) -> float:
    """Width in mm at 1 pt, from the font's own width table (reportlab's stringWidth is slower)."""
    widths = _widths(bold)
    return sum(map(widths.__getitem__, encoded(text))) * PT / 1000


@lru_cache(maxsize=2)
def _widths(bold: bool) -> tuple[float, ...]:
    return tuple(float(w) for w in getFont(BOLD if bold else REGULAR).widths)


def fit_block(specs: list[TextSpec], width: float, height: float) -> list[Line] | None:
    """Lines for `specs` in `width` x `height` mm, or None if even the name alone does not fit.

    Secondary specs shrink first, then the rest; only then are secondary specs left off,
    from the end. Nothing is set larger than the first spec, the name.
    """
    specs = list(specs)
    while True:
        for primary_scale, secondary_scale in _SCALE_STEPS:
            lines = _fit_spec(specs[0], primary_scale, width, specs[0].size)
            cap = lines[0].size
            for spec in specs[1:]:
                lines += _fit_spec(spec, secondary_scale if spec.secondary else primary_scale, width, cap)
            if sum(line.height for line in lines) <= height:
                return lines
        optional = [i for i, spec in enumerate(specs) if spec.secondary]
        if optional:
            del specs[optional[-1]]
        elif any(spec.max_lines > 1 for spec in specs):
            specs = [TextSpec(s.parts, s.bold, s.size, s.min_size, 1, s.secondary) for s in specs]
        else:
            return None


def fit_line(text: str, bold: bool, size: float, min_size: float, width: float) -> Line:
    """One line: shrunk to fit `width`, cut with an ellipsis at `min_size` if that is not enough."""
    natural = unit_width(text, bold)
    fitting = _floor(width / natural) if natural else size
    if fitting >= min_size:
        chosen = min(size, fitting)
        return Line(text, bold, chosen, natural * chosen)
    cut = _cut(text, bold, width / min_size)
    return Line(cut, bold, min_size, unit_width(cut, bold) * min_size)


def _fit_spec(spec: TextSpec, scale: float, width: float, cap: float) -> list[Line]:
    size = max(spec.min_size, _floor(min(spec.size * scale, cap)))
    joined = "   ".join(spec.parts)
    if len(spec.parts) > 1 and unit_width(joined, spec.bold) * size <= width:
        return [Line(joined, spec.bold, size, unit_width(joined, spec.bold) * size)]
    if len(spec.parts) > 1 or spec.max_lines == 1:
        return [fit_line(part, spec.bold, size, spec.min_size, width) for part in spec.parts]
    return _wrapped(joined, spec, size, width)


def _wrapped(text: str, spec: TextSpec, size: float, width: float) -> list[Line]:
    candidate = size
    while candidate >= spec.min_size:  # at each size one line is preferred, then wrapping
        rows = _wrap(text, spec.bold, width / candidate)
        if len(rows) <= spec.max_lines:
            return [Line(r, spec.bold, candidate, unit_width(r, spec.bold) * candidate) for r in rows]
        candidate -= 2 * _SIZE_STEP
    rows = _wrap(text, spec.bold, width / spec.min_size)
    kept = rows[: spec.max_lines - 1] + [" ".join(rows[spec.max_lines - 1 :])]
    return [fit_line(r, spec.bold, spec.min_size, spec.min_size, width) for r in kept]


def _wrap(text: str, bold: bool, unit_limit: float) -> list[str]:
    """Greedy word wrap against a width in 1-pt units; over-long words are broken by character."""
    rows: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if unit_width(trial, bold) <= unit_limit:
            current = trial
            continue
        if current:
            rows.append(current)
        current = word
        while unit_width(current, bold) > unit_limit and len(current) > 1:
            head = _longest_prefix(current, bold, unit_limit, keep=1)
            rows.append(head)
            current = current[len(head) :]
    if current:
        rows.append(current)
    return rows


def _cut(text: str, bold: bool, unit_limit: float) -> str:
    head = _longest_prefix(text, bold, unit_limit - unit_width(ELLIPSIS, bold), keep=0)
    return head.rstrip() + ELLIPSIS


def _longest_prefix(text: str, bold: bool, unit_limit: float, *, keep: int) -> str:
    """Longest start of `text` within the limit, but at least `keep` characters (wrapping must progress)."""
    low, high = keep, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if unit_width(text[:middle], bold) <= unit_limit:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def _floor(size: float) -> float:
    return int(size / _SIZE_STEP) * _SIZE_STEP
