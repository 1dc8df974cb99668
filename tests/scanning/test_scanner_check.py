"""The scanner check reads one scan of its test label and says how the scanner types."""

from __future__ import annotations

import pytest

from inventory.scanning import ScannerProfile, read_scan
from inventory.scanning.check import TEST_ELEMENTS, check_scanner

GS = "\x1d"
NO_GS = TEST_ELEMENTS.replace(GS, "")


def us_on_danish(text: str) -> str:
    """What a US-layout scanner types into a Danish keyboard layout: "]" is the dead key ¨, "-" is "+",
    "/" is "-" (only the characters the test label holds)."""
    return text.replace("-", "+").replace("/", "-").replace("]", "¨")


@pytest.mark.parametrize(
    ("typed", "sends_gs", "aim", "us_layout", "stand_in"),
    [
        (f"]d2{TEST_ELEMENTS}", True, True, False, False),
        (TEST_ELEMENTS + "\r\n", True, False, False, False),
        (f"]d2{NO_GS}", False, True, False, False),
        (TEST_ELEMENTS.replace(GS, "<GS>"), True, False, False, True),
        (us_on_danish(f"]d2{NO_GS}"), False, True, True, False),
        (us_on_danish(NO_GS), False, False, True, False),
    ],
    ids=["all-right", "no-prefix", "drops-gs", "gs-as-text", "us-layout-with-prefix", "us-layout"],
)
def test_the_check_tells_gs_prefix_and_layout(
    typed: str, sends_gs: bool, aim: bool, us_layout: bool, stand_in: bool
) -> None:
    found = check_scanner(typed)
    assert (found.recognised, found.sends_gs, found.aim_prefix, found.us_layout, found.stand_in) == (
        True, sends_gs, aim, us_layout, stand_in)


@pytest.mark.parametrize("typed", ["", "hello", "5701234000129", TEST_ELEMENTS[:-1]])
def test_anything_but_the_test_label_is_not_recognised(typed: str) -> None:
    assert check_scanner(typed).recognised is False


def test_the_profile_it_gives_makes_the_parser_read_as_this_scanner_types() -> None:
    """A US-layout scanner's batch "AB-12/3" arrives as "AB+12-3": only with the profile is it read back."""
    typed = us_on_danish(NO_GS)
    without = read_scan(typed)
    assert "AB-12/3" not in [scan.batch_number for scan in (without.preferred, *without.candidates)]
    profile = check_scanner(typed).profile
    assert profile == ScannerProfile(sends_gs=False, us_layout=True)
    found = read_scan(typed, profile)
    readings = {(scan.batch_number, scan.serial) for scan in (found.preferred, *found.candidates)}
    assert ("AB-12/3", "TEST1") in readings  # the dropped GS leaves the choice to records or volunteer
