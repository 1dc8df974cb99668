"""Printable labels for the clinic's stock: label data in, PDF (or ZPL) out.

Knows nothing of the database or web app. Every label carries its clinic code (e.g. "RKB123") as
Code 128 with the code printed below it. `symbology` decides what else goes on:

- "auto": batch labels with a GTIN also get a GS1 DataMatrix with (01) GTIN, (17) expiry,
  (10) batch and (21) serial, whichever are present. Nothing else gets a second symbol.
- "datamatrix": as "auto", and labels without GS1 data get a plain DataMatrix of the clinic code.
- "gs1-128": batch labels with a GTIN get GS1-128 with (01)(17)(10) instead of the DataMatrix;
  the serial stays text only (with it the symbol would be ~90 mm wide). Too wide for the label
  is a LabelError naming the layout.
- "code128": the clinic code only; GS1 fields are printed as text, not encoded.

GS1 limits (batch/serial at most 20 characters of GS1 set 82, expiry as YYMMDD) apply when GS1
data is encoded; a GTIN's check digit is checked on every label. Problems raise LabelError
(a ValueError) with `field`, `label_index` and `message`, before any output is made.
"""

from labels.design import Symbology
from labels.errors import LabelError
from labels.layouts import LAYOUTS, Layout
from labels.model import Kind, LabelData, clinic_code, parse_clinic_code
from labels.pdf import render_pdf
from labels.zpl import render_zpl

__all__ = [
    "LAYOUTS",
    "Kind",
    "LabelData",
    "LabelError",
    "Layout",
    "Symbology",
    "clinic_code",
    "parse_clinic_code",
    "render_pdf",
    "render_zpl",
]
