"""1,000 batch labels as a PDF: GS1-128 on A4 3x7, and GS1 DataMatrix.

The `labels` library is being written alongside; until `labels.render_pdf` and `labels.LabelData` exist
(or if rendering fails) this reports "not available" with the reason instead of failing the run.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from bench import db
from bench.dataset import DatasetInfo
from bench.results import Figure, median

SECTION = "labels (1,000)"
COUNT = 1000
LAYOUT = "a4-3x7"
CASES = (("gs1-128", "GS1-128, A4 3x7", 1.0), ("datamatrix", "GS1 DataMatrix, A4 3x7", 2.0))


def _label_rows(info: DatasetInfo) -> list[tuple[Any, ...]]:
    """The newest batches with their item's name and GTIN: what a receipt session would print."""
    return db.fetch(
        info.url,
        f"""
        SELECT b.id, i.name, b.batch_number, b.expiry_date,
               (SELECT min(g.gtin) FROM item_gtins g WHERE g.item_id = i.id)
        FROM batches b JOIN items i ON i.id = b.item_id
        ORDER BY b.id DESC LIMIT {COUNT}""",
    )


def run_labels(info: DatasetInfo, runs: int) -> tuple[list[Figure], dict[str, Any]]:
    try:
        import labels

        render_pdf, label_data = labels.render_pdf, labels.LabelData
    except (ImportError, AttributeError) as exc:
        reason = f"labels library not available: {exc}"
        return [Figure(SECTION, name, None, "s", target, "<", reason) for _, name, target in CASES], {
            "available": False,
            "reason": reason,
        }
    batch = [
        label_data(
            kind="batch",
            name=name,
            clinic_code=f"RKB{batch_id}",
            batch_number=number,
            expiry=expiry if isinstance(expiry, date) or expiry is None else date.fromisoformat(expiry),
            gtin=gtin,
        )
        for batch_id, name, number, expiry, gtin in _label_rows(info)
    ]
    figures: list[Figure] = []
    raw: dict[str, Any] = {"available": True, "labels": len(batch)}
    for symbology, name, target in CASES:
        try:
            samples, size = _render(render_pdf, batch, symbology, runs)
        except Exception as exc:  # noqa: BLE001 - a library in progress must not stop the benchmark
            figures.append(
                Figure(SECTION, name, None, "s", target, "<", f"failed: {type(exc).__name__}: {exc}")
            )
            raw[symbology] = {"error": repr(exc)}
            continue
        figures.append(Figure(SECTION, name, median(samples), "s", target, "<", f"{size / 1e6:.1f} MB PDF"))
        raw[symbology] = {"samples_s": samples, "pdf_bytes": size}
    return figures, raw


def _render(render_pdf: Any, batch: list[Any], symbology: str, runs: int) -> tuple[list[float], int]:
    render_pdf(batch[:21], layout=LAYOUT, symbology=symbology)  # one page first: imports, fonts
    samples, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render_pdf(batch, layout=LAYOUT, symbology=symbology)
        samples.append(time.perf_counter() - started)
        if not bytes(pdf[:5]) == b"%PDF-":
            raise ValueError("render_pdf did not return a PDF")
        size = len(pdf)
    return samples, size
