"""What the scan page's browser tests share: logging in at the scan page, scanning as a keyboard wedge types,
the codes a scanner sends, and reading the demo database behind the page.

The fixtures (`page`, `demo`, `served`, `browser`) are in tests/web/browserfixtures.py; the server, the
browser and the audit in tests/web/browserkit.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
from datetime import timedelta
from typing import Any

from inventory.clock import Clock
from inventory.demo.seed import DEMO_PASSWORD
from inventory.web.i18n import texts
from tests.web.browserfixtures import Demo

GS = "\x1d"
LANGUAGES = ["da", "en"]
# Words of the server's English sentences; none may show on a Danish page.
ENGLISH = re.compile(r"\b(the|is|not|may|was|were|of|and|expired|stock|requested|only|units?|quarantine|"
                     r"received|never|held|already|pack|serial)\b", re.IGNORECASE)  # fmt: skip


# --- the page ---------------------------------------------------------------------------------------------


def open_scan_page(
    page: Any, language: str = "da", username: str = "volunteer", site: str = "KBH", *, mode: str = ""
) -> None:
    """Log in at the scan page (its login form is Danish in a fresh context), choose the site, see the scan
    field focused, switch to `language`, and choose the `mode` (receive, issue...) when given."""
    page.goto("/scan")
    assert page.inner_text("h1") == "Log ind"
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#login")
    page.click(f"#site-{site}")
    page.wait_for_selector("body[data-ready=true]")
    assert focused(page) == "code", "the scan field is not focused on load"
    if language == "en":
        page.click("#switch-language")
        page.wait_for_selector("html[lang=en] body[data-ready=true]")
    if mode:
        choose_mode(page, mode)


def words(language: str, da: str, en: str) -> str:
    return da if language == "da" else en


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def shown(page: Any) -> int:
    """How many answers the feedback panel has shown so far."""
    return int(page.get_attribute("#feedback", "data-shown") or 0)


def shown_after(page: Any, before: int, level: str = "") -> str:
    """Wait for the next feedback panel (of that level), answer its text."""
    page.wait_for_function(
        """([before, level]) => {
             const panel = document.getElementById("feedback");
             return Number(panel.dataset.shown) > before && !panel.classList.contains("working")
               && (!level || panel.classList.contains(level));
           }""",
        arg=[before, level],
    )
    return str(page.inner_text("#feedback"))


def scan(page: Any, code: str, *, enters: int = 1, then_focused: str = "code") -> tuple[str, str]:
    """Type as a keyboard wedge does, press Enter; answers the feedback panel's level and text."""
    before = shown(page)
    page.keyboard.type(code)
    for _ in range(enters):
        page.keyboard.press("Enter")
    text = shown_after(page, before)
    assert focused(page) == then_focused, "the focus is not where the next keystroke belongs"
    level = next(c for c in page.get_attribute("#feedback", "class").split() if c != "feedback")
    return level, text


def choose_mode(page: Any, mode: str) -> None:
    page.click(f"#mode-{mode}")
    assert page.get_attribute(f"#mode-{mode}", "aria-pressed") == "true"
    assert focused(page) == "code", "the scan field lost focus after choosing a mode"


def refusal(page: Any, code: str, mode: str, quantity: int = 1) -> tuple[str, str]:
    """Scan `code` in `mode` (of `quantity`), refused: the page's words and the API's detail, which differ."""
    choose_mode(page, mode)
    if quantity != 1:
        page.fill("#qty", str(quantity))
        page.focus("#code")
    with page.expect_response(lambda r: "/scan/api/" in r.url and r.request.method == "POST") as answer:
        level, text = scan(page, code)
    detail = answer.value.json().get("detail", "")
    assert level == "error" and detail and detail not in text, (detail, text)
    return text, detail


# --- codes ------------------------------------------------------------------------------------------------


def gtin_pack(gtin: str, batch: str, expires_in_days: int, serial: str, gs: str = GS) -> str:
    """A pack's GS1 DataMatrix as the scanner types it: AIM prefix, GTIN, expiry, batch, GS, serial."""
    expiry = (Clock().today() + timedelta(days=expires_in_days)).strftime("%y%m%d")
    return f"]d201{gtin.zfill(14)}17{expiry}10{batch}{gs}21{serial}"


def pack(demo: Demo, batch: str, expires_in_days: int, serial: str, gs: str = GS, gtin: str = "") -> str:
    """A pack of the demo's medicine (or of `gtin`), as `gtin_pack`."""
    return gtin_pack(gtin or demo.gtin, batch, expires_in_days, serial, gs)


# --- the database and the API behind the page -------------------------------------------------------------


def db_rows(demo: Demo, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(demo.db_path) as db:
        return list(db.execute(sql, args).fetchall())


def ledger(demo: Demo, batch: str) -> tuple[int, int]:
    """(operations that moved the batch, its stock at København), read straight from the database."""
    [(moved,)] = db_rows(
        demo,
        "SELECT COUNT(DISTINCT m.operation_id) FROM movements m JOIN batches b ON b.id = m.batch_id "
        "WHERE b.batch_number = ?",
        batch,
    )
    [(on_hand,)] = db_rows(
        demo,
        "SELECT COALESCE(SUM(q.quantity), 0) FROM stock_balances q JOIN batches b ON b.id = q.batch_id "
        "JOIN sites s ON s.id = q.site_id WHERE b.batch_number = ? AND s.code = 'KBH'",
        batch,
    )
    return int(moved), int(on_hand)


def packed_tablets(demo: Demo) -> tuple[str, str, int]:
    """(GTIN, name, pack size) of a tablet medicine dispensed in whole packs."""
    [row] = db_rows(
        demo,
        """SELECT g.gtin, i.name, i.pack_size FROM items i JOIN item_gtins g ON g.item_id = i.id
                              WHERE i.dispensed_in = 'packs' AND i.requires_expiry AND NOT i.controlled
                              AND i.pack_size > 1 AND i.unit_of_issue = 'tablet' ORDER BY i.id LIMIT 1""",
    )
    return row[0], row[1], row[2]


def unit_words(demo: Demo, language: str) -> str:
    """The plural of the unit of the demo's item dispensed in units, as the page words it."""
    unit = db_rows(demo, "SELECT i.unit_of_issue FROM items i JOIN item_gtins g ON g.item_id = i.id "
                         "WHERE g.gtin = ?", demo.gtin)[0][0]  # fmt: skip
    return texts(language)[f"unit.{unit}"].split("|")[1]


def site_id(demo: Demo, code: str) -> int:
    return int(db_rows(demo, "SELECT id FROM sites WHERE code = ?", code)[0][0])


def api(demo: Demo, method: str, path: str, body: dict[str, Any], user: str = "pharmacist") -> Any:
    """The bearer API, for what a test sets up outside the page (a quarantine, stock at another site)."""

    def call(url: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
        request = urllib.request.Request(demo.url + url, json.dumps(data).encode(), method=method,
                                         headers={"Content-Type": "application/json", **headers})  # fmt: skip
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    token = call("/api/v1/auth/token", {"username": user, "password": DEMO_PASSWORD}, {})["access_token"]
    return call(path, body, {"Authorization": f"Bearer {token}"})
