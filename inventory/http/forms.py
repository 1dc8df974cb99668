"""A page form decoded into the same msgspec shape as the API's body, so a bad value gets the API's
problem (400 `invalid-request`, naming the field) with the same length caps and choices - never a 500.

    data = decode_form(
        {"name": field(form, "name"), "kind": field(form, "kind"), "amount_ore": ore},
        DonorCreate,
        names={"amount_ore": "amount"},   # a shape's field the form calls otherwise
    )

A form's values are strings, so they are converted in msgspec's lax mode (the mode meant for forms:
"12" is 12, "2027-01-31" a date); a field left empty is a field not given. `names` maps a field's path
in the shape (`budget_lines[0].category`, or a prefix such as `restrictions.categories`) to the
form's own field name, so the refusal names what the person sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import msgspec
from litestar.exceptions import ValidationException

T = TypeVar("T")

_AT = re.compile(r"^(?P<reason>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `([^`]+)`")


def error_field(exc: msgspec.ValidationError) -> tuple[str, str]:
    """msgspec's refusal as (reason, field path): `Expected int - at $.lines[0].batch` -> lines[0].batch;
    a missing or unknown field is named itself, not its parent."""
    match = _AT.match(str(exc))
    reason = match.group("reason") if match else str(exc)
    path = ((match.group("path") or "") if match else "").lstrip(".")
    named = _NAMED_FIELD.search(reason)
    if named:
        return reason, f"{path}.{named.group(1)}" if path else named.group(1)
    return reason, path or "body"


def refusal(reason: str, field: str) -> ValidationException:
    """The API's 400 problem naming `field` (http/problems.on_validation_error words it)."""
    return ValidationException(detail=reason, extra=[{"message": reason, "key": field}])


def field(form: Any, name: str) -> str | None:
    """A form field's text, stripped; None when it is missing or empty."""
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    return text or None


def given(form: Any, name: str) -> list[str]:
    """Every non-empty value of a repeated field (checkboxes, a multiple select)."""
    values = form.getall(name, []) if hasattr(form, "getall") else [form.get(name)]
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _cleaned(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _cleaned(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _named(path: str, names: Mapping[str, str]) -> str:
    for shape_path, form_name in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if path == shape_path or path.startswith((f"{shape_path}.", f"{shape_path}[")):
            return form_name
    return path


def decode_form(values: Mapping[str, Any], shape: type[T], *, names: Mapping[str, str] | None = None) -> T:
    """`values` (gathered under the shape's field names) as `shape`, or the refusal naming the field."""
    try:
        return msgspec.convert(_cleaned(values), type=shape, strict=False)
    except msgspec.ValidationError as exc:
        reason, path = error_field(exc)
        raise refusal(reason, _named(path, names or {})) from exc


def fields_as(shape: type[T], *names: str) -> Callable[[Any], T]:
    """A decoder of a form whose fields are named as `shape`'s: `fields_as(BlockClose, "reason", "note")`."""

    def decode(form: Any) -> T:
        return decode_form({name: field(form, name) for name in names}, shape)

    return decode
