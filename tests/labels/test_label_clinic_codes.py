"""The clinic's own codes: RK + B/L/I + id, uppercase alphanumerics only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from labels import clinic_code, parse_clinic_code, render_pdf
from tests.labels.labelscan import expected, rasterise, read, samples


def test_clinic_code_is_rk_kind_letter_and_id() -> None:
    assert [clinic_code("batch", 123), clinic_code("location", 7), clinic_code("item", 42)] == [
        "RKB123", "RKL7", "RKI42",
    ]


@pytest.mark.parametrize("kind", ["batch", "location", "item"])
@pytest.mark.parametrize("id", [1, 9, 10, 123456, 10**18 - 1])
def test_parse_gives_back_what_clinic_code_made(kind: str, id: int) -> None:
    assert parse_clinic_code(clinic_code(kind, id)) == (kind, id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (" rkb123\n", ("batch", 123)),
        ("RkL7", ("location", 7)),
        ("\tRKI42 ", ("item", 42)),
        ("]C0RKB5", ("batch", 5)),  # AIM symbology identifier some scanners prefix
        ("RKX1", None),
        ("RKB", None),
        ("RKB0", None),
        ("RKB007", None),  # one id, one code
        ("RK B1", None),
        ("RKB-1", None),
        ("RKB1.5", None),
        ("RKB١٢", None),  # non-ASCII digits
        ("XRKB1", None),
        ("", None),
    ],
)
def test_parse_is_case_insensitive_strips_whitespace_and_rejects_the_rest(text: str, parsed: object) -> None:
    assert parse_clinic_code(text) == parsed


@pytest.mark.parametrize("bad", [0, -1, 10**18, True, 1.0])
def test_clinic_code_rejects_ids_that_are_not_positive_integers(bad: object) -> None:
    with pytest.raises(ValueError):
        clinic_code("batch", bad)  # type: ignore[arg-type]


def test_label_prints_the_canonical_code_whatever_case_it_was_given() -> None:
    label = replace(samples()[2], clinic_code=" rkl7 ")
    page = rasterise(render_pdf([label], "roll-57x32"))[0]

    assert read(page.image) == expected(samples()[2]) == [("code128", "RKL7")]
