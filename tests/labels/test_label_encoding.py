"""Encoders checked against zxing-cpp by drawing their modules into bitmaps."""

from __future__ import annotations

import random

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from labels.encode import code128, datamatrix_size, gs1_datamatrix
from labels.gs1 import FNC1, SET_82, GS1Data, gtin_check_digit
from labels.zpl import code128_field
from tests.labels.labelscan import meaning, zpl_code128_text

TRICKY = [
    "RKB1", "RKB12", "RKB123", "RKB1234567", "RKL999999999999999999", "rkb1",
    "1", "12345", "A1B2C3", "abc>def", "~^_", "Aa1234Bb",
    FNC1 + "0105701234567899172612311012345",  # all digits, odd batch length
    FNC1 + "01057012345678991726123110AB12" + FNC1 + "21X",
    FNC1 + "0105701234567899" + "10" + "A(1)>?" + FNC1 + "17261231",
]


def _linear_bitmap(text: str, px: int = 3) -> Image.Image:
    symbol = code128(text)
    quiet = 10 * px
    image = Image.new("L", (symbol.modules * px + 2 * quiet, 60), 255)
    draw = ImageDraw.Draw(image)
    for start, width in symbol.bars:
        draw.rectangle((quiet + start * px, 5, quiet + (start + width) * px - 1, 54), fill=0)
    return image


@pytest.mark.parametrize("text", TRICKY)
def test_code128_modules_decode_to_the_text_and_zpl_spells_the_same_codewords(text: str) -> None:
    formats = zxingcpp.barcode_formats_from_str("Code128")
    (barcode,) = zxingcpp.read_barcodes(_linear_bitmap(text), formats=formats)

    if text.startswith(FNC1):
        assert barcode.symbology_identifier == "]C1"
        assert barcode.bytes.decode() == text[1:].replace(FNC1, "\x1d")
    else:
        assert meaning(barcode) == ("code128", text)
    assert zpl_code128_text(code128_field(code128(text).codewords)) == text


def test_code128_uses_code_set_c_for_digit_runs() -> None:
    assert code128("RKB1234567").modules == 123  # B for "RKB1", C for the six digits after
    assert code128("RKB123").modules == 101


def _random_gs1(rng: random.Random) -> GS1Data:
    chars = sorted(SET_82)

    def pick(length: int) -> str:
        return "".join(rng.choice(chars) for _ in range(length))

    body = f"{rng.randrange(10**13):013d}"
    return GS1Data(
        gtin=body + str(gtin_check_digit(body)), expiry=rng.choice([None, "261231"]),
        batch=rng.choice([None, pick(rng.randint(1, 20)), str(rng.randrange(10**8))]),
        serial=rng.choice([None, pick(rng.randint(1, 20))]),
    )


def test_datamatrix_size_is_never_smaller_than_what_zint_needs_and_decodes() -> None:
    rng = random.Random(7)
    for _ in range(60):
        data = _random_gs1(rng)
        symbol = gs1_datamatrix(data)
        natural = zxingcpp.create_barcode(data.bracketed(), zxingcpp.DataMatrix, gs1=True)
        assert symbol.size >= natural.to_image(add_quiet_zones=False).shape[0]
        assert symbol.size == datamatrix_size(symbol.data)
        image = Image.new("L", ((symbol.size + 4) * 4, (symbol.size + 4) * 4), 255)
        draw = ImageDraw.Draw(image)
        for rect in symbol.path.split(" re"):
            if rect.strip():
                x, y, w, _ = (int(v) for v in rect.split())
                top = symbol.size - 1 - y
                draw.rectangle(((x + 2) * 4, (top + 2) * 4, (x + w + 2) * 4 - 1, (top + 3) * 4 - 1), fill=0)
        (barcode,) = zxingcpp.read_barcodes(image, formats=zxingcpp.barcode_formats_from_str("DataMatrix"))
        assert barcode.bytes.decode() == data.element_string()
