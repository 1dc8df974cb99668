"""The scanner check's test label: a GS1 DataMatrix of known content, drawn by zxing-cpp as SVG."""

from __future__ import annotations

import base64
from functools import cache

import zxingcpp

from inventory.scanning.check import TEST_HRI


@cache
def check_label_image() -> str:
    """A data: URL (the page's CSP allows data: images, nothing inline that runs)."""
    symbol = zxingcpp.create_barcode(TEST_HRI, zxingcpp.BarcodeFormat.DataMatrix, gs1=True)
    svg = symbol.to_svg(scale=8, add_quiet_zones=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
