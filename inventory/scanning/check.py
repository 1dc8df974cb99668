"""The scanner check: a test label with known content, scanned once, tells how this scanner types.

Does it send the group separator (GS) between variable-length fields, an AIM symbology prefix ("]d2"),
and characters of the keyboard layout the computer uses? The answer is kept on the device and given to
the parser with every scan (ScannerProfile).
"""

from __future__ import annotations

from dataclasses import dataclass

from inventory.scanning.codes import ScannerProfile
from inventory.scanning.repair import GS, undo_danish_layout, with_real_separators

# The batch holds "-" and "/": a US-layout scanner on a Danish layout types them as "+" and "-".
TEST_GTIN = "05701234000129"
TEST_BATCH = "AB-12/3"
TEST_SERIAL = "TEST1"
TEST_HRI = f"(01){TEST_GTIN}(17)271231(10){TEST_BATCH}(21){TEST_SERIAL}"
TEST_ELEMENTS = f"01{TEST_GTIN}17271231" + f"10{TEST_BATCH}{GS}21{TEST_SERIAL}"


@dataclass(frozen=True)
class ScannerCheck:
    recognised: bool  # False: what was typed is not the test label at all
    sends_gs: bool | None = None
    aim_prefix: bool | None = None
    us_layout: bool | None = None
    stand_in: bool = False  # GS typed as text ("<GS>", "|" ...): the parser reads it, no change needed

    @property
    def profile(self) -> ScannerProfile:
        return ScannerProfile(sends_gs=self.sends_gs, us_layout=self.us_layout)


def check_scanner(typed: str) -> ScannerCheck:
    """What the scan of the test label says about the scanner; recognised=False when it is not that."""
    text = typed.strip("\r\n\t ")
    for us_layout, candidate in ((False, text), (True, undo_danish_layout(text))):
        found = _compare(candidate, us_layout)
        if found is not None:
            return found
    return ScannerCheck(recognised=False)


def _compare(text: str, us_layout: bool) -> ScannerCheck | None:
    aim = text.startswith("]")
    body = text[3:] if aim else text
    if body.startswith(GS):  # some scanners send the leading FNC1 as GS too
        body = body[1:]
    if body == TEST_ELEMENTS:
        return ScannerCheck(True, sends_gs=True, aim_prefix=aim, us_layout=us_layout)
    if body == TEST_ELEMENTS.replace(GS, ""):
        return ScannerCheck(True, sends_gs=False, aim_prefix=aim, us_layout=us_layout)
    if with_real_separators(body) == TEST_ELEMENTS:
        return ScannerCheck(True, sends_gs=True, aim_prefix=aim, us_layout=us_layout, stand_in=True)
    return None
