"""Render real PDFs, rasterise them, and scan every barcode back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from labels import LAYOUTS, LabelData, LabelError, render_pdf
from tests.labels.labelscan import cell, expected, ink_outside, rasterise, read, samples

SYMBOLOGIES = ("auto", "datamatrix", "gs1-128", "code128")
# Scanners must read labels printed off-centre by this much; ink stays that far inside the edge.
SAFE_EDGE_MM = 1.0


def _labels_per_position(layout_name: str, pdf: bytes) -> list[list[tuple[str, object]]]:
    """What zxing reads in each printed position, in print order, page after page."""
    layout = LAYOUTS[layout_name]
    found = []
    for page in rasterise(pdf):
        for position in range(layout.per_page):
            found.append(read(cell(page, layout, position)))
    return found


@pytest.mark.parametrize("layout_name", list(LAYOUTS))
@pytest.mark.parametrize("symbology", SYMBOLOGIES)
def test_every_label_decodes_to_exactly_its_data_on_every_layout(layout_name: str, symbology: str) -> None:
    labels = samples()
    found = _labels_per_position(layout_name, render_pdf(labels, layout_name, symbology=symbology))  # type: ignore[arg-type]

    assert found[: len(labels)] == [expected(label, symbology) for label in labels]
    assert not any(found[len(labels) :]), "positions after the last label stay empty"


def test_gs1_128_with_alphanumeric_batch_fits_70_mm_and_decodes() -> None:
    label = replace(samples()[0], batch_number="KB260123")  # 266 modules: 0.21 mm X needed on 70 mm
    page = rasterise(render_pdf([label], "a4-3x7", symbology="gs1-128"))[0]

    assert ("gs1-128", (("01", "05701234567899"), ("17", "270331"), ("10", "KB260123"))) in read(page.image)


def test_gs1_128_too_wide_for_the_label_is_an_error_naming_the_label_size() -> None:
    with pytest.raises(LabelError) as caught:
        render_pdf([replace(samples()[0], batch_number="KB260123")], "roll-57x32", symbology="gs1-128")

    assert (caught.value.field, caught.value.label_index) == ("layout", 0)
    assert "roll-57x32 (57 x 32 mm)" in str(caught.value)
    assert "datamatrix" in caught.value.message


def test_batch_label_datamatrix_decodes_to_gs1_element_string() -> None:
    label = LabelData("batch", "Insulin Actrapid", "RKB5", batch_number="AB(1)/x_-9",
                      expiry=date(2026, 2, 28),
                      gtin="15701234567896", serial="Q7%'*+,.:;<=>?")
    page = rasterise(render_pdf([label], "roll-57x32"))[0]

    assert ("gs1-datamatrix", (("01", "15701234567896"), ("17", "260228"), ("10", "AB(1)/x_-9"),
                               ("21", "Q7%'*+,.:;<=>?"))) in read(page.image)


def test_gs1_128_carries_gtin_expiry_and_batch_but_not_the_serial() -> None:
    label = samples()[0]
    page = rasterise(render_pdf([label], "a4-3x7", symbology="gs1-128"))[0]

    assert ("gs1-128", (("01", "05701234567899"), ("17", "270331"), ("10", "4711"))) in read(page.image)


@pytest.mark.parametrize(("layout_name", "start_offset", "copies"), [("a4-3x8", 5, 3), ("a4-3x7", 19, 2)])
def test_start_offset_and_copies_fill_the_right_positions(
    layout_name: str, start_offset: int, copies: int
) -> None:
    labels = samples()[1:3]
    pdf = render_pdf(labels, layout_name, copies=copies, start_offset=start_offset)
    found = _labels_per_position(layout_name, pdf)

    printed = [expected(label) for label in labels for _ in range(copies)]
    assert found[:start_offset] == [[]] * start_offset, "used positions are skipped"
    assert found[start_offset : start_offset + len(printed)] == printed
    assert not any(found[start_offset + len(printed) :])
    per_page = LAYOUTS[layout_name].per_page
    assert len(found) == per_page * (2 if start_offset + len(printed) > per_page else 1)


def test_roll_layouts_print_one_label_per_page_of_label_size() -> None:
    labels = samples()
    for name in ("roll-62x29", "roll-57x32"):
        pages = rasterise(render_pdf(labels, name, copies=2))
        layout = LAYOUTS[name]
        assert len(pages) == 2 * len(labels)
        assert {(round(p.width_mm, 1), round(p.height_mm, 1)) for p in pages} == {
            (layout.label_width, layout.label_height)
        }


@pytest.mark.parametrize("layout_name", list(LAYOUTS))
def test_very_long_text_stays_on_the_label_and_barcodes_still_decode(layout_name: str) -> None:
    long = "Amoxicillin/clavulansyre Krka pulver til oral suspension " * 4
    labels = [
        replace(label, name=long + label.name, strength=label.strength and long, site=label.site and long,
                free_text=long)
        for label in samples()
    ]
    layout = LAYOUTS[layout_name]
    pages = rasterise(render_pdf(labels, layout_name))
    cells = [cell(page, layout, position) for page in pages for position in range(layout.per_page)]

    assert [read(image) for image in cells[: len(labels)]] == [expected(label) for label in labels]
    assert [ink_outside(image, SAFE_EDGE_MM) for image in cells] == [0] * len(cells)


def test_same_labels_give_the_same_pdf_bytes() -> None:
    assert render_pdf(samples(), "a4-3x8", copies=2) == render_pdf(samples(), "a4-3x8", copies=2)
