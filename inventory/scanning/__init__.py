"""Reading what barcode scanners type: GS1 codes, plain GTINs and the clinic's own labels."""

from .codes import ParsedScan, ScanError, parse_scan

__all__ = ["ParsedScan", "ScanError", "parse_scan"]
