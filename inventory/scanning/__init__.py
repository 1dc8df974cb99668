"""Reading what barcode scanners type: GS1 codes, plain GTINs and the clinic's own labels."""

from .codes import ParsedScan, ScannerProfile, ScanReadings, parse_scan, read_scan
from .errors import AmbiguousScan, ScanError

__all__ = [
    "AmbiguousScan",
    "ParsedScan",
    "ScanError",
    "ScanReadings",
    "ScannerProfile",
    "parse_scan",
    "read_scan",
]
