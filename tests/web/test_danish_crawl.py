"""A Danish page shows Danish only: every role (and a pharmacist of one site only) walks every page its
menu reaches and the pages those link to, over the test client (GET only, bounded), with Danish chosen,
and no page's visible text may hold a word of the English catalogue that differs from the Danish one, a
raw code (an enum value such as `medicine`, `receipt`, `disposal`) or a catalogue key (`nav.stock`).

The English words are the English catalogue's texts, cut at their placeholders; a few are Danish words
too and are allowed (ALLOWED). A raw code is any value of the domain's enums, the units and categories
the catalogues word, unless Danish uses the same word ("tablet", "pen")."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

from inventory.app import create_app
from inventory.db.engine import Database
from inventory.db.tables import Site, User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.demo.seed import DEMO_PASSWORD
from inventory.domain import model
from inventory.i18n import catalogue
from tests.conftest import make_settings
from tests.web.browserkit import seed_demo
from tests.web.webhelpers import log_in

ROLES = ["volunteer", "pharmacist", "finance", "admin", "pharmacist_one_site"]
# The home page, and pages some roles may not open or that do not exist: refusals are pages too.
START = [
    "/",
    "/stock",
    "/registers",
    "/finance",
    "/security-events",
    "/stock/batches/1",
    "/no-such-page",
    "/stock/items/999999",
    "/expiry?within_days=1",
    "/finance/postings",
]
LIMIT = 120  # pages a role walks at most
SKIP = ("format=", "/logout", "/language", "/labels", ".pdf", "/schema", "/api/", "/certificate", "/static/")
# English catalogue words that are Danish words as well (or names), so they may stand on a Danish page.
ALLOWED = {
    "Admin",
    "Batch",
    "Status",
    "Total",
    "GTIN",
    "ATC",
    "PDF",
    "CSV",
    "XLSX",
    "JSON",
    "OK",
    "Login",
    "Dansk",
    "English",
    "Pharmacist",
    "Scanner",
    "Serial",
    "Donor",
    "Donorer",
}
USERNAMES = re.compile(r"\b(admin|pharmacist|volunteer|finance|pharmacist_one_site)\b")
_KEY = re.compile(r"\{\w+\}")
_DOTTED = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+\b")


class _Text(HTMLParser):
    """The visible text of a page (no script or style) and the words in titles, labels and placeholders."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        for name in ("title", "aria-label", "placeholder", "alt", "data-label"):
            if values.get(name):
                self.parts.append(str(values[name]))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(str(values["value"]))
        if tag == "a" and values.get("href"):
            self.links.append(html.unescape(str(values["href"])))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_words() -> set[str]:
    """Every English text that differs from its Danish, cut at placeholders and "|", 4 letters or more."""
    danish, english = catalogue("da"), catalogue("en")
    danish_text = _danish_text().lower()
    words: set[str] = set()
    for key, text in english.items():
        if danish.get(key) == text:
            continue
        for piece in re.split(r"\{\w+\}|\|", text):
            piece = piece.strip(" .,:;·()–-\"'?!/")
            long_enough = len(piece) >= 4 and any(c.isalpha() for c in piece)
            if (
                long_enough and piece not in ALLOWED and piece.lower() not in danish_text
            ):  # "Status": Danish too
                words.add(piece)
    return words


def _danish_text() -> str:
    return " ".join(catalogue("da").values())


def raw_codes(language: str = "da") -> set[str]:
    """Enum values of the domain and the unit codes the catalogues word, unless the language uses the same
    word (case and all: "tablet" is Danish, "Medicine" English but "medicine" a code)."""
    codes: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
            codes |= {member.value for member in value}
    codes |= {key.split(".", 1)[1] for key in catalogue("da") if key.startswith(("unit.", "category."))}
    words = set(re.findall(r"\w+", " ".join(catalogue(language).values())))
    return {code for code in codes if code not in words and len(code) > 2}


@dataclass
class Finding:
    path: str
    what: str
    text: str


def findings_in(path: str, text: str, english: set[str], codes: set[str], keys: set[str]) -> list[Finding]:
    found = []
    for word in english:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            found.append(Finding(path, "English", word))
    for code in codes:
        if re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", text):
            found.append(Finding(path, "raw code", code))
    found += [Finding(path, "catalogue key", k) for k in _DOTTED.findall(text) if k in keys]
    return found


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_demo(tmp_path_factory.mktemp("danish-crawl") / "inventory.db")


@pytest.fixture
async def demo_app(demo_db: Path) -> AsyncIterator[httpx.AsyncClient]:
    database = Database(f"sqlite+aiosqlite:///{demo_db}")
    async with UnitOfWork(database) as uow:  # a pharmacist of one site, to see another site's refusals
        s = uow.session
        existing = await s.get(User, 10_000)
        if existing is None:
            site = (await s.execute(Site.__table__.select().where(Site.code == "AAL"))).first()
            assert site is not None
            hashed = PasswordHasher().hash(DEMO_PASSWORD)
            s.add(
                User(
                    id=10_000,
                    username="pharmacist_one_site",
                    password_hash=hashed,
                    role="pharmacist",
                    created_at=datetime.now(UTC),
                )
            )
            await s.flush()
            s.add(UserSite(user_id=10_000, site_id=site.id))
            await uow.commit()
    app = create_app(make_settings(database), database=database)
    transport = httpx.ASGITransport(app=app)
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # as a browser asks: pages, not JSON
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=browser
    ) as client:
        yield client
    await database.dispose()


def _walkable(href: str) -> bool:
    return href.startswith("/") and not href.startswith("//") and not any(s in href for s in SKIP)


async def crawl(client: httpx.AsyncClient) -> Iterator[tuple[str, str]]:
    """(path, visible text) of every page reachable from the home page, GET only, at most LIMIT pages;
    a path is walked with at most three different queries (a list's filters and pages are alike)."""
    todo, seen, per_path = list(START), set(), {}
    pages = []
    while todo and len(pages) < LIMIT:
        target = todo.pop(0)
        bare = re.sub(r"/\d+", "/N", target.split("?", 1)[0].split("#", 1)[0])  # /stock/items/N
        if target in seen or per_path.get(bare, 0) >= 3:
            continue
        seen.add(target)
        per_path[bare] = per_path.get(bare, 0) + 1
        answer = await client.get(target.split("#", 1)[0], follow_redirects=True)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        parser = _Text()
        parser.feed(answer.text)
        pages.append((target, " ".join(parser.parts)))
        todo += [href for href in parser.links if _walkable(href) and href not in seen]
    return iter(pages)


@pytest.mark.parametrize("role", ROLES)
async def test_a_danish_page_shows_no_english_word_and_no_raw_code(
    demo_app: httpx.AsyncClient, role: str
) -> None:
    logged_in = await log_in(demo_app, role, DEMO_PASSWORD, next="/")
    assert logged_in.status_code == 303, logged_in.text
    english, codes, keys = english_words(), raw_codes(), set(catalogue("da"))
    found, walked = [], 0
    shown = set()
    for path, text in await crawl(demo_app):
        walked += 1
        shown.add(path)
        text = USERNAMES.sub("", text)  # a user's name is a name, not a word
        found += findings_in(path, text, english, codes, keys)
    assert walked >= 3, (role, walked)
    assert "/no-such-page" in shown, "the page for an unknown address was not a page"
    assert not found, "\n".join(f"{f.path}: {f.what} {f.text!r}" for f in found[:60])


@pytest.mark.parametrize("role", ["pharmacist", "finance"])
async def test_an_english_page_shows_no_raw_code(demo_app: httpx.AsyncClient, role: str) -> None:
    """The English pages word units, categories and kinds too (no `medicine`, `lab`, `receipt`)."""
    demo_app.cookies.set("inventory_lang", "en")
    logged_in = await log_in(demo_app, role, DEMO_PASSWORD, next="/")
    assert logged_in.status_code == 303, logged_in.text
    codes, keys = raw_codes("en"), set(catalogue("en"))
    found = []
    for path, text in await crawl(demo_app):
        found += findings_in(path, USERNAMES.sub("", text), set(), codes, keys)
    assert not found, "\n".join(f"{f.path}: {f.what} {f.text!r}" for f in found[:60])


async def test_the_crawl_finds_english_words_on_an_english_page(demo_app: httpx.AsyncClient) -> None:
    """The check can fail: on the English pages it finds the English words it looks for on Danish ones."""
    demo_app.cookies.set("inventory_lang", "en")
    await log_in(demo_app, "pharmacist", DEMO_PASSWORD, next="/")
    english = english_words()
    found = [
        f for path, text in await crawl(demo_app) for f in findings_in(path, text, english, set(), set())
    ]
    assert len({f.text for f in found}) >= 20
