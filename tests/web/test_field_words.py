"""A refusal names the field at fault in the page's language ("Felt: Batch", "Linje 1: batch"), never as
the server's path (`lines.0.batch`); every field a form or the API can refuse has words in both languages.
Numbers meet words in their plural form by Babel's rules for the language ("1 dag", "2 dage")."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import msgspec
import pytest

import inventory
from inventory.i18n import LANGUAGES, catalogue, gettext, plural_forms
from inventory.reports.format import Language
from inventory.reports.model import msg
from inventory.web.field_words import field_words

SOURCE = Path(inventory.__file__).parent
INPUT_SHAPES = ("Create", "Update", "Close", "Request", "Issue", "Receive", "Resolve", "Undo", "Link",
                "Restrictions", "ScannedCode", "ScanReading", "Scanner", "ScannerCheckTyped")  # fmt: skip
_FIELD_ARGUMENT = re.compile(r"""\bfield=f?["']([\w.{}]+)["']""")
_FORM_FIELD = re.compile(r"""f"([a-z_]+)_\{\w+\}\"""")


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def fields_a_refusal_can_name() -> set[str]:
    """Every field of the API's input shapes, every `field="..."` raised, every numbered form field."""
    for module in pkgutil.walk_packages(inventory.__path__, "inventory."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    names = {
        name
        for shape in _subclasses(msgspec.Struct)
        if shape.__module__.startswith("inventory") and shape.__name__.endswith(INPUT_SHAPES)
        for name in shape.__struct_fields__
    }
    for path in SOURCE.rglob("*.py"):
        text = path.read_text("utf-8")
        # a numbered field (field=f"batch_{n}") is named as its line's field ("Linje 1: batch")
        unnumbered = (re.sub(r"[.\[]\{\w+\}\]?$", "", name) for name in _FIELD_ARGUMENT.findall(text))
        found = (name.rsplit(".", 1)[-1] for name in unnumbered)
        names |= {re.sub(r"_\{\w+\}$", "", name) for name in found}
        if "web" in path.parts:  # a page form's numbered fields: f"quantity_{n}"
            names |= set(_FORM_FIELD.findall(text))
    return names


def test_the_search_for_fields_finds_the_forms_and_the_shapes() -> None:
    names = fields_a_refusal_can_name()
    assert {"batch", "quantity", "witness", "batch_numbers", "line_category", "within_days"} <= names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_a_refusal_can_name_has_words(language: str) -> None:
    missing = sorted(n for n in fields_a_refusal_can_name() if f"words.field.{n}" not in catalogue(language))
    assert not missing, f"add words.field.<name> to words.po ({language}): {missing}"


@pytest.mark.parametrize(
    ("field", "danish", "english"),
    [
        ("batch", "Batch", "Batch"),
        ("lines.0.batch", "Linje 1: batch", "Line 1: batch"),
        ("lines[1].quantity", "Linje 2: antal", "Line 2: quantity"),
        ("budget_lines[0].category", "Linje 1: kategori", "Line 1: category"),
        ("quantity_0", "Linje 1: antal", "Line 1: quantity"),
        ("line_category_2", "Linje 3: kategori", "Line 3: category"),
        ("funding.donor", "Donor", "Donor"),
        ("witness", "Vidne", "Witness"),
        ("lines.0.gtin", "Linje 1: GTIN", "Line 1: GTIN"),
    ],
)
def test_a_field_is_named_as_the_person_knows_it(field: str, danish: str, english: str) -> None:
    assert field_words(field, "da") == danish
    assert field_words(field, "en") == english


@pytest.mark.parametrize(
    ("key", "values", "one", "many"),
    [
        ("stock.days_left", {"days": 1}, "1 dag tilbage", "dage tilbage"),
        ("pharmacy.expires_within_days_days", {"days": 1}, "Udløber inden for 1 dag", "dage"),
        ("block.released", {"count": 1}, "Frigivet: 1 karantæne", "karantæner"),
    ],
)
def test_a_number_meets_its_word_in_the_plural_form_of_the_language(
    key: str, values: dict[str, int], one: str, many: str
) -> None:
    assert gettext("da", key, **values) == one
    assert many in gettext("da", key, **{k: 2 for k in values})
    assert "1 days" not in gettext("en", key, **values) and "1 quarantines" not in gettext(
        "en", key, **values
    )
    assert Language("da").text(msg(key, **values)) == one  # reports word them the same way


def test_every_entry_with_plural_forms_has_a_form_for_one_and_for_many() -> None:
    for language in LANGUAGES:
        assert plural_forms(language), language
        for key, forms in plural_forms(language).items():
            assert len(forms) == 2 and forms[0] != forms[1], (language, key, forms)
    assert gettext("da", "pharmacy.expires_within_days_days", days=1) == "Udløber inden for 1 dag"
