"""GS1 element strings: the AI table (from biip), and every way a string cuts into valid fields.

A variable-length field ends at GS or the end of the data. When a scanner dropped the GS, it may also end
where another AI starts; each such cut is a guess. `readings` finds all of them, `weigh` says how much
evidence of a lost separator each reading has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString

from inventory.scanning.errors import ScanError
from inventory.scanning.repair import GS, show

LABELS = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN of the contents",
    "10": "batch",
    "11": "production date",
    "15": "best-before date",
    "16": "sell-by date",
    "17": "expiry date",
    "21": "serial number",
    "30": "count",
    "37": "count",
}
DATE_AIS = frozenset({"11", "12", "13", "15", "16", "17"})  # YYMMDD, day 00 allowed

# When GS was dropped, a variable-length field may end early only where one of these AIs follows: the
# ones found on medicine and supply packs (EU FMD: 01, 17, 10, 21 and national numbers 710-715; counts
# 30/37; other dates 11/15/16). Allowing all 500 AIs would make nearly every numeric batch ambiguous.
_INFERABLE_AIS = frozenset({"01", "10", "11", "15", "16", "17", "21", "30", "37", *map(str, range(710, 716))})
# A cut before one of these is strong evidence: a batch rarely holds "17" + a valid date or "01" + 14
# digits with a right check digit by chance.
_STRONG_AIS = frozenset({"01", "11", "15", "16", "17"})
# A cut before one of these is some evidence when the standard reading lacks the field: every medicine
# pack carries a batch and a serial (EU FMD). A cut before a count or a national number is none: a batch
# such as "2673790" is far likelier than batch "26" and a count of 90.
_PACK_AIS = frozenset({"10", "21"})
_MAX_READINGS = 32
_MAX_STEPS = 2_000


class Evidence(IntEnum):
    """How strongly a reading says that a separator was lost."""

    NONE = 0  # the standard reading (no cut), or cuts nobody would believe
    SOME = 1  # a cut that yields a batch or serial the standard reading lacks
    STRONG = 2  # a cut before a valid date or GTIN


@dataclass(frozen=True)
class Reading:
    elements: tuple[GS1ElementString, ...]
    guessed: tuple[GS1ApplicationIdentifier, ...]  # AIs found where a lost GS had to be assumed

    @property
    def ais(self) -> frozenset[str]:
        return frozenset(element.ai.ai for element in self.elements)

    def value(self, ai: str) -> str | None:
        return next((element.value for element in self.elements if element.ai.ai == ai), None)

    def element_string(self) -> str:
        """The reading written out with every separator it needs: reads back one way only."""
        parts: list[str] = []
        for element in self.elements:
            parts.append(element.ai.ai + element.value)
            if fixed_length(element.ai) is None:
                parts.append(GS)
        return "".join(parts).rstrip(GS)


def evidence(reading: Reading, standard: Reading | None) -> Evidence:
    if any(ai.ai in _STRONG_AIS for ai in reading.guessed):
        return Evidence.STRONG
    lacking = _PACK_AIS - (standard.ais if standard else frozenset())
    if reading.guessed and any(ai.ai in lacking for ai in reading.guessed):
        return Evidence.SOME
    return Evidence.NONE


def rank(reading: Reading) -> tuple[int, bool]:
    """Among readings with strong evidence: more strong cuts first; then one with a batch, since
    medicine packs always carry one and a reading without has swallowed it into the serial."""
    strong = sum(ai.ai in _STRONG_AIS for ai in reading.guessed)
    return strong, any(element.ai.ai == "10" for element in reading.elements)


def readings(text: str, *, guess: bool) -> list[Reading]:
    """Every way to cut text into valid element strings, each AI at most once.

    Fixed-length fields cut themselves. A variable-length field ends at GS or the end of the text; in
    guess mode it may also end where an inferable AI starts.
    """
    found: list[Reading] = []
    steps = 0

    def walk(
        pos: int, elements: tuple[GS1ElementString, ...], guessed: tuple[GS1ApplicationIdentifier, ...]
    ) -> None:
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS or len(found) > _MAX_READINGS:
            raise ScanError(
                f"'{show(text)}' can be read too many ways; scan again or type the details.",
                extra={"reason": "too-many-readings"},
            )
        if pos == len(text):
            found.append(Reading(elements, guessed))
            return
        if text[pos] == GS:
            walk(pos + 1, elements, guessed)
            return
        ai = ai_at(text, pos)
        if ai is None or any(element.ai == ai for element in elements):
            return
        for end in _field_ends(text, pos, ai, guess=guess):
            element = valid_element(ai, text[pos:end])
            if element is None:
                continue
            follower = ai_at(text, end)  # None at GS or the end: a variable field may stop there
            if follower is not None and fixed_length(ai) is None:
                walk(end, (*elements, element), (*guessed, follower))
            else:
                walk(end, (*elements, element), guessed)

    walk(0, (), ())
    return found


def _field_ends(text: str, pos: int, ai: GS1ApplicationIdentifier, *, guess: bool) -> list[int]:
    start = pos + len(ai.ai)
    stop = text.find(GS, start)
    stop = len(text) if stop < 0 else stop
    fixed = fixed_length(ai)
    if fixed is not None:
        return [start + fixed] if start + fixed <= stop else []
    if not guess:
        return [stop]
    last = min(stop, start + (max_length(ai) or 90))  # 90: the longest GS1 field
    return [end for end in range(start + 1, last + 1) if end == stop or _inferable_at(text, end)]


def _inferable_at(text: str, pos: int) -> bool:
    ai = ai_at(text, pos)
    return ai is not None and ai.ai in _INFERABLE_AIS


@lru_cache(maxsize=1024)  # readings share fields; biip's parse is the costly step
def valid_element(ai: GS1ApplicationIdentifier, element_string: str) -> GS1ElementString | None:
    if len(element_string) == len(ai.ai) or re.fullmatch(ai.pattern, element_string) is None:
        return None  # biip's patterns let some fields (a count, AI 30) be empty
    try:
        element = GS1ElementString.parse(element_string)
    except (ParseError, ValueError):  # an impossible date such as 30 February
        return None
    # biip reports check digit errors in fields instead of raising
    if element.gtin_error or element.sscc_error or element.gln_error:
        return None
    return element


def label(ai: GS1ApplicationIdentifier) -> str:
    return f"{LABELS.get(ai.ai, ai.data_title.lower())} ({ai.ai})"


@lru_cache(maxsize=4096)
def _ai_for_prefix(prefix: str) -> GS1ApplicationIdentifier | None:
    try:
        return GS1ApplicationIdentifier.extract(prefix)
    except ParseError:
        return None


def ai_at(text: str, pos: int) -> GS1ApplicationIdentifier | None:
    return _ai_for_prefix(text[pos : pos + 4])  # AIs are 2 to 4 digits and prefix-free


def known_ai(code: str) -> GS1ApplicationIdentifier | None:
    ai = _ai_for_prefix(code)
    return ai if ai is not None and ai.ai == code else None


@lru_cache(maxsize=1024)
def fixed_length(ai: GS1ApplicationIdentifier) -> int | None:
    """Data length when the AI's format allows only one ("N2+N14" -> 14), else None."""
    parts = [re.fullmatch(r"[NX](\d+)", part) for part in ai.format.split("+")[1:]]
    if not parts or any(part is None for part in parts):
        return None
    return sum(int(part[1]) for part in parts if part)


@lru_cache(maxsize=1024)
def max_length(ai: GS1ApplicationIdentifier) -> int | None:
    match = re.fullmatch(r"N\d\+[NX]\.\.(\d+)|N\d\+[NX](\d+)", ai.format)
    return int(match[1] or match[2]) if match else None
