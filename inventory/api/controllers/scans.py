"""Scans over the bearer API: what a scanned code names, receipts and issues driven by a scan. The use
cases are the kit's (http/scans.py), which the scan page's script calls too."""

from __future__ import annotations

from inventory.http.scans import ScanHandlers


class ScanController(ScanHandlers):
    """The kit's scan routes (http/scans.py) over the bearer API."""

    path = "/api/v1/scans"
    tags = ["scanning"]
