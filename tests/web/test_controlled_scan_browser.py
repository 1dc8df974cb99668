"""A volunteer scanning out a controlled drug, in a real headless chromium at phone width: refused, and
the refusal worded in the page's language (Danish and English), not the server's English; the page
passes the WCAG 2 A/AA audit (axe-core)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.web.browserfixtures import Demo
from tests.web.browserkit import audit
from tests.web.scan_helpers import (
    ENGLISH,
    api,
    db_rows,
    open_scan_page,
    refusal,
    site_id,
    words,
)


def controlled_batch_at_kbh(demo: Demo, language: str) -> tuple[int, str]:
    """A controlled drug received at København by the pharmacist (the demo holds them elsewhere)."""
    [(item_id, name)] = db_rows(demo, "SELECT id, name FROM items WHERE controlled ORDER BY id LIMIT 1")
    expiry = (date.today() + timedelta(days=300)).isoformat()
    body = {
        "site": site_id(demo, "KBH"),
        "item": item_id,
        "batch_number": f"CTRL-{language}",
        "expiry_date": expiry,
    }
    receipt = api(demo, "POST", "/api/v1/receipts", {**body, "quantity": 10})
    return int(receipt["lines"][0]["batch"]["id"]), str(name)


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_volunteer_scanning_out_a_controlled_drug_is_refused_in_words(
    page: Any, demo: Demo, language: str
) -> None:
    batch, name = controlled_batch_at_kbh(demo, language)
    open_scan_page(page, language)
    text, _detail = refusal(page, f"RKB{batch}", "issue")
    assert (
        words(language, "Må ikke udlevere euforiserende stoffer", "Not permitted to issue controlled drugs")
        in text
    )
    assert f"{name} " + words(language, "er et euforiserende stof", "is a controlled drug") in text, text
    if language == "da":
        assert not ENGLISH.search(text), (ENGLISH.search(text), text)
    audit(page)
