"""Every refusal the service can answer is worded in Danish and in English, headline and explanation, and a
Danish page never shows the server's English detail.

The problem codes are found in the code, not listed by hand, so that a new one cannot escape: every
DomainError class (after importing every module), every `code="..."` written in `inventory/`, and what the
one error mapping (the handlers behind `web.page.problem_response`) answers for every HTTP error Litestar
raises. An explanation may name a problem's members (`{batch_number}`) only when every place that raises
that code passes the member.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import litestar.exceptions
import pytest

import inventory
from inventory.domain.errors import DomainError, NotFound, UnknownReference
from inventory.i18n import catalogue, texts
from inventory.web.page import problem_response, word_problem
from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.web.webhelpers import form_token, log_in

SOURCE = Path(inventory.__file__).parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CODE_ARGUMENT = re.compile(r"""\bcode=["']([a-z0-9-]+)["']""")
HTML = {"Accept": "text/html"}


# --- every problem code, and the members each one always carries ------------------------------------------


def domain_error_classes() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(inventory.__path__, "inventory."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(current.__subclasses__())
    return found


def python_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def codes_written_in_the_code() -> set[str]:
    """Problems made outside the domain classes: `code="..."` in a problem(...) or send_problem(...) call."""
    return {code for path in SOURCE.rglob("*.py") for code in CODE_ARGUMENT.findall(path.read_text("utf-8"))}


def codes_of_http_errors() -> set[str]:
    """What the error mapping answers for each HTTP error Litestar can raise (401, 404, 405, 413, 500...)."""
    request = SimpleNamespace(url=SimpleNamespace(path="/"), path_params={})
    classes, todo = set(), [litestar.exceptions.HTTPException]
    while todo:
        current = todo.pop()
        classes.add(current)
        todo.extend(current.__subclasses__())
    codes = set()
    for cls in classes:
        try:
            error = cls(detail="x")
        except TypeError:  # one with arguments of its own (a template's name): its status is what counts
            error = litestar.exceptions.HTTPException(status_code=cls.status_code, detail="x")
        body = problem_response(request, error).content  # type: ignore[arg-type]
        codes.add(str(body["type"]).rsplit("/", 1)[-1])
    return codes


def _dict_keys(node: ast.Dict, functions: dict[str, ast.FunctionDef]) -> set[str] | None:
    """The keys of an `extra={...}` literal; a `**helper(...)` spread is read from the dict it returns."""
    keys: set[str] = set()
    for key, value in zip(node.keys, node.values, strict=True):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            keys.add(key.value)
        elif key is None:
            spread = _returned_keys(value, functions)
            if spread is None:
                return None
            keys |= spread
        else:
            return None
    return keys


def _returned_keys(node: ast.expr, functions: dict[str, ast.FunctionDef]) -> set[str] | None:
    """Keys of `helper(...)` when `helper` is our one function of that name returning a dict literal."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
        last = functions[node.func.id].body[-1]
        if isinstance(last, ast.Return) and isinstance(last.value, ast.Dict):
            return _dict_keys(last.value, functions)
    return None


@cache
def problem_codes() -> dict[str, frozenset[str]]:
    """code -> the members every answer with that code carries (what its words may name as placeholders)."""
    classes = domain_error_classes()
    code_of = {cls.__name__: cls.code for cls in classes}
    assert len(code_of) == len(classes), "two DomainError classes share a name: the scan below would mix them"
    passed: dict[str, list[set[str]]] = {cls.code: [] for cls in classes}
    sources = list(python_sources())
    # helpers that make members (block_members) are looked up by name across the package: they may live
    # in a module below the one that raises (services/block_reads.py); a name defined twice is not used
    defined: dict[str, list[ast.FunctionDef]] = {}
    for _path, tree in sources:
        for f in ast.walk(tree):
            if isinstance(f, ast.FunctionDef):
                defined.setdefault(f.name, []).append(f)
    functions = {name: found[0] for name, found in defined.items() if len(found) == 1}
    for _path, tree in sources:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in code_of:
                continue
            extra = next((k.value for k in node.keywords if k.arg == "extra"), None)
            if isinstance(extra, ast.Attribute) and extra.attr == "extra":
                continue  # a caught refusal raised again with its own members (they are counted where made)
            if extra is None:
                keys: set[str] | None = set()
            elif isinstance(extra, ast.Dict):
                keys = _dict_keys(extra, functions)
            else:
                keys = _returned_keys(extra, functions)
            passed[code_of[name]].append(keys if keys is not None else set())
    # on_domain_error answers an unknown id in the URL as not-found, and a NotFound without one as
    # unknown-reference: each code carries the other's members too
    for one, other in ((NotFound.code, UnknownReference.code), (UnknownReference.code, NotFound.code)):
        passed[one] = passed[one] + passed[other]
    members = {
        code: frozenset(set.intersection(*sites)) if sites else frozenset() for code, sites in passed.items()
    }
    for code in codes_written_in_the_code() | codes_of_http_errors():
        members.setdefault(code, frozenset())  # made without members beyond status, detail and field
    return members


def test_the_scan_finds_the_codes_of_every_kind() -> None:
    """The scan itself is checked, so that it cannot quietly find nothing after a move."""
    codes = problem_codes()
    found = set(codes)
    assert {
        "already-quarantined",
        "expired-stock",
        "grant-refused",
        "unreadable-scan",
        "bad-request",
    } <= found
    assert {"internal-error", "database-unavailable", "uri-too-long", "cross-origin-refused"} <= found
    assert {"invalid-request", "not-authenticated", "method-not-allowed", "body-too-large"} <= found
    assert {"http-400", "http-500", "http-503"} <= found  # Litestar's errors with no code of their own
    assert codes["expired-stock"] == {"expiry"} and "batch_number" in codes["already-quarantined"]
    assert codes["batch-blocked"] >= {"batch_number", "block_kind"}  # read through **block_members(...)
    assert codes["grant-refused"] == set()  # raised as `error(...)`: nothing can be relied on


@pytest.mark.parametrize("suffix", ["", ".explained"], ids=["headline", "explanation"])
def test_every_problem_code_has_words_in_danish_and_english(suffix: str) -> None:
    danish, english = catalogue("da"), catalogue("en")
    missing, unknown, same = [], [], []
    for code, members in sorted(problem_codes().items()):
        key = f"problem.{code}{suffix}"
        for language, words in (("da", danish), ("en", english)):
            if not words.get(key, "").strip():
                missing.append(f"{language}:{key}")
            elif extra := set(PLACEHOLDER.findall(words[key])) - members:
                unknown.append(f"{language}:{key} {sorted(extra)} (always there: {sorted(members)})")
        if key in danish and danish.get(key) == english.get(key):
            same.append(key)
    assert not missing, f"no words for {missing}"
    assert not unknown, f"placeholders not every raise site fills: {unknown}"
    assert not same, f"Danish words equal to the English: {same}"


# --- wording a problem ----------------------------------------------------------------------------------


def test_a_problem_is_explained_in_the_pages_language_and_only_an_english_page_gets_the_detail() -> None:
    body = {
        "type": "/problems/expired-stock",
        "status": 409,
        "detail": "batch expired on 2026-11-30; it may not be issued",
        "field": "batch",
        "expiry": "2026-11-30",  # dates travel as ISO days in a problem body
    }
    danish = word_problem(body, "da")
    assert "30. nov. 2026" in (danish.explained or "") and "karantæne" in (danish.explained or "")
    assert danish.detail == "" and danish.field == "batch"
    english = word_problem(body, "en")
    assert "30 Nov 2026" in (english.explained or "") and english.detail == body["detail"]


def test_a_problem_with_no_words_of_its_own_shows_no_english_on_a_danish_page() -> None:
    body = {"type": "/problems/http-418", "status": 418, "detail": "I'm a teapot"}
    danish, english = word_problem(body, "da"), word_problem(body, "en")
    assert (danish.headline, danish.explained, danish.detail) == ("Ikke registreret", None, "")
    assert (english.headline, english.detail) == ("Not recorded", "I'm a teapot")


# --- a page form's refusal --------------------------------------------------------------------------------


def alert(html: str) -> str:
    """The refusal shown on the page (the alert with its headline, explanation and field)."""
    start = html.index('id="problem"')
    return html[start : html.index("</div>", start)]


async def two_batches(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> tuple[int, int]:
    made = []
    for batch in ("REF-QUAR", "REF-FREE"):
        read = await receive(
            client, auth("admin"), site=clinic.sites["KBH"], item=clinic.items["insulin"],
            batch=batch, expiry=days(300), quantity=5,
        )  # fmt: skip
        made.append(read["lines"][0]["batch"]["id"])
    return made[0], made[1]


async def refusals_on_the_quarantine_page(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> tuple[str, str]:
    """Quarantine a batch twice (already in quarantine) and release one never quarantined, by the forms."""
    quarantined, free = await two_batches(client, clinic, auth)
    await log_in(client, "pharmacist", next="/quarantine")
    site = str(clinic.sites["KBH"])
    answers = []
    for _ in range(2):
        token = form_token((await client.get("/quarantine", headers=HTML)).text)
        form = {"_csrf_token": token, "batch": str(quarantined), "site": site, "reason": "damaged"}
        answers.append(await client.post("/quarantine", headers=HTML, data=form))
    assert answers[0].status_code == 303, answers[0].text
    again = answers[1]
    assert again.status_code == 409 and 'data-problem="already-quarantined"' in again.text, again.text
    token = form_token((await client.get("/quarantine", headers=HTML)).text)
    form = {"_csrf_token": token, "batch": str(free), "site": site, "reason": "inspected_ok"}
    release = await client.post("/quarantine/release", headers=HTML, data=form)
    assert release.status_code == 409 and 'data-problem="not-quarantined"' in release.text, release.text
    return alert(again.text), alert(release.text)


async def test_a_danish_form_refusal_is_explained_in_danish_with_no_english(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    again, release = await refusals_on_the_quarantine_page(client, clinic, auth)
    assert "Batch REF-QUAR står allerede på karantænelisten" in again, again
    assert "Batch REF-FREE er ikke i karantæne her, så der er intet at frigive" in release, release
    assert "already in quarantine there" not in again and "is not in quarantine" not in release  # the detail
    for shown in (again, release):
        assert 'lang="en"' not in shown, shown
        assert "Felt: Batch" in shown, shown  # the field at fault is still named


async def test_an_english_form_refusal_is_explained_in_english(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    client.cookies.set("inventory_lang", "en")
    again, release = await refusals_on_the_quarantine_page(client, clinic, auth)
    assert "Batch REF-QUAR is on the quarantine list already" in again, again
    assert "Batch REF-FREE is not in quarantine here, so there is nothing to release" in release, release
    assert "already in quarantine there" not in again  # the explanation stands in for the server's detail
    assert "Field: Batch" in again and "Field: Batch" in release


# --- the scan page's script -------------------------------------------------------------------------------

SCAN_WORDS = SOURCE / "web" / "static" / "scan-words.js"


def scan_sentence(problem: dict[str, Any], language: str) -> str:
    """ScanWords(texts).problemSentence(problem) as the scan page's script says it, run by node."""
    script = (
        "global.window = {};"
        f"require({json.dumps(str(SCAN_WORDS))});"
        f"const words = window.ScanWords({json.dumps(texts(language))}, {json.dumps(language)});"
        f"process.stdout.write(words.problemSentence({json.dumps(problem)}, 'issue'));"
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_scan_page_explains_a_refusal_it_has_no_words_of_its_own_for_as_the_pages_do() -> None:
    body = {"type": "/problems/receipt-units-used", "status": 409, "detail": "2 of the 5 units ...",
            "field": "operation", "received": 5, "left": 3}  # fmt: skip
    for language in ("da", "en"):
        assert scan_sentence(body, language) == word_problem(body, language).explained
    quarantined = {"type": "/problems/already-quarantined", "batch_number": "B7", "sites": [1]}
    assert scan_sentence(quarantined, "da").startswith("Batch B7 står allerede på karantænelisten")
    unknown = {"type": "/problems/http-418", "detail": "I'm a teapot"}
    assert scan_sentence(unknown, "da") == texts("da")["say.default"]
