"""Every word the code, the templates and the scan page's script use is in the Danish and the English
catalogue, non-empty, with the same placeholders; formatting follows each language. Keys have one style,
dotted ("capability.name": "finance.add_line", "scan.check_field", "problem.<type>"), and the catalogues
are one file per capability."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import inventory
from inventory.domain import errors
from inventory.domain.expiry import ExpiryStatus
from inventory.domain.funding import GrantStatus
from inventory.domain.model import AdjustmentReason, Category, IssueReason, OperationKind, Role
from inventory.domain.therapeutic import AREAS, NO_ATC, OTHER_MEDICINE
from inventory.i18n import LANGUAGES, LOCALE_DIR, catalogue, gettext, texts, translator
from inventory.i18n.formatting import day, kroner, moment, number

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"t": None, "_": None, "N_": None, "gettext": (2,), "msg": None}  # msg: report labels
PLACEHOLDER = re.compile(r"\{(\w+)\}")
DOTTED = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+")
CAPABILITIES = {
    "messages.po",  # what every page shares: layout, login, home, stock pages, movements, roles, problems
    "admin.po",  # users, sites and locations, the account page, the audit trail
    "exports.po",  # stock, the ledger, batches and the catalogue for spreadsheets
    "scanning.po",
    "counts.po",  # stock counts: sheets, counting, witness, approval, the count report
    "pharmacy.po",  # expiry review, quarantine, recalls and blocks, disposal, witnesses, controlled items
    "pharmacy_day.po",  # acting on a batch where it is shown, its confirmation step, the pharmacist's home
    "records.po",  # issue 17: inspection records (names, signatures, grounds, register), report codes
    "reports.po",  # the report model's shared words and the controlled-drug register
    "fridge.po",
    "finance.po",  # donors, grants, cost layers, finance pages and reports
    "security.po",
    "returns.po",  # returns to suppliers and packs set aside
    "words.po",  # words of no one capability: form fields named in refusals
    "transfers.po",  # transfers between sites, their pages, packing list and scan mode
}
SCRIPT_KEYS = re.compile(r"""\bT\.(\w+)|\bT\["([\w.-]+)"\]|\bsay\("([\w.-]+)"[,)]""")


def used_in_code_and_templates() -> set[str]:
    """What pybabel extracts with babel.cfg (python and jinja2), the same keywords as its docs say."""
    method_map = [("inventory/**.py", "python"), ("inventory/**/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def used_in_scripts() -> set[str]:
    found = set()
    for script in (ROOT / "inventory").rglob("static/*.js"):
        for match in SCRIPT_KEYS.finditer(script.read_text()):
            found.add(next(group for group in match.groups() if group))
    return found


def test_extraction_finds_the_words_of_code_templates_and_scripts() -> None:
    used = used_in_code_and_templates()
    assert {
        "app.login_title",
        "nav.stock",
        "app.logged_in_as",
        "app.login_failed",
    } <= used  # template, table, kwargs, N_
    assert {
        "report.site",
        "finance.report.grant_statement",
        "pharmacy.expiry_review",
    } <= used  # report labels
    assert {"scan.fefo_hint", "problem.default", "scan.undo"} <= used_in_scripts()


def test_every_key_is_dotted() -> None:
    """One key style: lowercase words joined by "_" (or "-" in a problem's type), in dotted segments, at
    least two. Neither English text ("Amount") nor a bare name ("check_field") is a key."""
    catalogued = set(catalogue("da")) | set(catalogue("en"))
    used = used_in_code_and_templates() | used_in_scripts()
    undotted = sorted(key for key in catalogued | used if not DOTTED.fullmatch(key))
    assert not undotted, f"keys not in the dotted style: {undotted}"


def test_one_catalogue_file_per_capability() -> None:
    """Words go to their capability's file, never to a file named after the session that added them."""
    for language in LANGUAGES:
        files = {path.name for path in (LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")}
        assert files <= CAPABILITIES, f"fold {sorted(files - CAPABILITIES)} into its capability's file"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_used_has_a_translation(language: str) -> None:
    words = catalogue(language)
    missing = sorted(key for key in used_in_code_and_templates() | used_in_scripts() if not words.get(key))
    assert not missing, f"no {language} translation for: {missing}"


def test_both_catalogues_hold_the_same_words_with_the_same_placeholders() -> None:
    danish, english = catalogue("da"), catalogue("en")
    assert set(danish) == set(english), set(danish) ^ set(english)
    for key in danish:
        assert danish[key].strip() and english[key].strip(), key
        assert set(PLACEHOLDER.findall(danish[key])) == set(PLACEHOLDER.findall(english[key])), key


def test_no_word_is_defined_twice() -> None:
    """Each .po file adds words of its own: a second definition of a key would silently win or lose."""
    for language in LANGUAGES:
        where: dict[str, str] = {}
        for path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
            with path.open("rb") as po:
                for message in read_po(po):
                    if message.id:
                        assert message.id not in where, f"{message.id} in {where[message.id]} and {path.name}"
                        where[str(message.id)] = path.name


def test_every_problem_role_status_category_kind_and_reason_has_words() -> None:
    """What pages word by a value: a refusal by its code, a role, an expiry status, a category, what a
    movement was and why."""
    for module in pkgutil.walk_packages(inventory.__path__, "inventory."):  # every DomainError defined
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    classes, seen = [errors.DomainError], []
    while classes:
        current = classes.pop()
        seen.append(current)
        classes.extend(current.__subclasses__())
    keys = {f"problem.{cls.code}" for cls in seen if cls is not errors.DomainError}
    keys |= {f"role.{role.value}" for role in Role}
    keys |= {f"status.{status.value}" for status in ExpiryStatus} | {f"category.{c.value}" for c in Category}
    keys |= {f"app.kind_{kind.value}" for kind in OperationKind}
    keys |= {f"reason.{r.value}" for r in (*IssueReason, *AdjustmentReason)}
    # the finance reports word these by value (services/reports: grants overview, valuation, impact)
    keys |= {f"finance.status.{s.value}" for s in GrantStatus} | {
        f"finance.category.{c.value}" for c in Category
    }
    keys |= {f"finance.area.{a.key}" for a in (*AREAS, OTHER_MEDICINE, *NO_ATC.values())}
    for language in LANGUAGES:
        missing = sorted(k for k in keys if k not in catalogue(language))
        assert not missing, f"no {language} words for {missing}"


def test_words_are_filled_in_and_unknown_keys_show_as_themselves() -> None:
    assert gettext("da", "scan.stock_here", total=5, unit="pen") == "På lager her: 5 pen"
    assert translator("en")("scan.stock_here", total=5) == "In stock here: 5 {unit}"
    assert gettext("en", "no.such.key") == "no.such.key"
    assert gettext("xx", "app.login_title") == "Log ind"  # unknown languages get Danish
    assert texts("en")["app.login_title"] == "Log in"


def test_kroner_dates_and_numbers_in_each_language() -> None:
    nbsp = "\xa0"  # the amount and "kr." never part at the end of a line
    assert kroner(123450, "da") == f"1.234,50{nbsp}kr."
    assert kroner(-5, "da") == f"-0,05{nbsp}kr."
    assert kroner(123450, "en") == f"1.234,50{nbsp}kr."  # the invoice's figures, whichever language
    assert kroner(None, "da") == ""
    assert number(1234567, "da") == "1.234.567"
    assert day(date(2026, 11, 30), "da") == "30. nov. 2026"
    assert day(date(2026, 11, 30), "en") == "30 Nov 2026"
    assert day(date(2026, 11, 30), "da", "short") == "30.11.2026"


def test_times_are_shown_in_copenhagen() -> None:
    summer, winter = datetime(2026, 7, 1, 22, 30, tzinfo=UTC), datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert moment(summer, "da") == "02.07.2026 00.30"
    assert moment(winter, "da") == "01.01.2027 00.30"
