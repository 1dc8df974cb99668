"""ZPL for Zebra roll printers, checked structurally and by reading the barcode fields back."""

from __future__ import annotations

import re
from dataclasses import replace

import biip
import pytest

from labels import LAYOUTS, render_zpl
from tests.labels.labelscan import samples, zpl_code128_text

GS = "\x1d"


def _formats(zpl: str) -> list[str]:
    return re.findall(r"\^XA.*?\^XZ", zpl, re.S)


def _unhex(data: str) -> str:
    """What ^FH_ makes of field data: _XX is a byte in hex, the result UTF-8 (^CI28)."""
    raw = re.sub(rb"_([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), data.encode())
    return raw.decode()


def _gs1(identifier: str, element_string: str) -> tuple[tuple[str, str], ...]:
    message = biip.parse(identifier + element_string).gs1_message
    assert message is not None
    return tuple((e.ai.ai, e.value) for e in message.element_strings)


def test_one_format_per_printed_copy_in_label_order() -> None:
    labels = samples()
    formats = _formats(render_zpl(labels, copies=3))

    assert len(formats) == 3 * len(labels)
    codes = [zpl_code128_text(re.findall(r"\^BCN,\d+,N,N,N,N\^FD(.*?)\^FS", f)[0]) for f in formats]
    assert codes == [label.clinic_code for label in labels for _ in range(3)]


@pytest.mark.parametrize(("layout_name", "dpmm"), [("roll-62x29", 8), ("roll-57x32", 8), ("roll-57x32", 12)])
def test_print_width_and_length_match_the_label(layout_name: str, dpmm: int) -> None:
    layout = LAYOUTS[layout_name]
    for fmt in _formats(render_zpl(samples(), layout_name, dpmm=dpmm)):
        width, length = round(layout.label_width * dpmm), round(layout.label_height * dpmm)
        assert f"^PW{width}^LL{length}^LH0,0" in fmt
        for x, y in re.findall(r"\^F[OT](\d+),(\d+)", fmt):
            assert 0 < int(x) < width and 0 < int(y) < length


def test_batch_label_datamatrix_field_is_gs1_with_fnc1_first_and_between_fields() -> None:
    fmt = _formats(render_zpl(samples()[:1]))[0]
    (size, data), = re.findall(r"\^BXN,\d+,200,(\d+),\1,,~\^FH_\^FD(.*?)\^FS", fmt)
    fields = _unhex(data).split("~1")  # ~1 is FNC1 with ~ as the ^BX escape character

    assert fields[0] == ""  # FNC1 in first position marks GS1
    assert _gs1("]d2", GS.join(fields[1:])) == (
        ("01", "05701234567899"), ("17", "270331"), ("10", "4711"), ("21", "SN0042"),
    )
    assert int(size) % 2 == 0 and int(size) <= 48


def test_data_with_zpl_special_characters_is_hex_escaped() -> None:
    label = replace(samples()[0], name="Salve ^FS~JA_x", batch_number="A_B>1")
    fmt = _formats(render_zpl([label]))[0]
    (data,) = re.findall(r"\^BXN.*?\^FD(.*?)\^FS", fmt)

    assert "~" not in data and "^" not in data
    assert _gs1("]d2", GS.join(_unhex(data).split("~1")[1:]))[2] == ("10", "A_B>1")
    assert "^FDSalve _5EFS_7EJA_5Fx^FS" in fmt
    assert _unhex("Salve _5EFS_7EJA_5Fx") == "Salve ^FS~JA_x"


def test_gs1_128_field_reproduces_the_element_string() -> None:
    fmt = _formats(render_zpl(samples()[:1], symbology="gs1-128"))[0]
    fields = [zpl_code128_text(f) for f in re.findall(r"\^BCN,\d+,N,N,N,N\^FD(.*?)\^FS", fmt)]

    gs1 = [f for f in fields if f.startswith("\xf1")]
    assert fields == ["RKB1201", *gs1] and len(gs1) == 1
    assert _gs1("]C1", gs1[0][1:]) == (("01", "05701234567899"), ("17", "270331"), ("10", "4711"))


def test_text_fields_carry_name_batch_expiry_and_site_in_utf8() -> None:
    fmt = _formats(render_zpl(samples()[:1]))[0]
    texts = [_unhex(t) for t in re.findall(r"\^A0N,\d+,\d+\^FH_\^FD(.*?)\^FS", fmt)]

    assert "^CI28" in fmt
    assert {"Metformin Actavis", "Batch 4711   Udløb 31.03.2027", "København", "RKB1201"} <= set(texts)


def test_location_label_has_only_the_clinic_code_barcode() -> None:
    fmt = _formats(render_zpl([samples()[2]], "roll-57x32"))[0]

    assert fmt.count("^BC") == 1 and "^BX" not in fmt
    assert "^FD>:RKL7^FS" in fmt
