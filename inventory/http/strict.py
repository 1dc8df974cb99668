"""Bodies are checked strictly before any handler runs, and every refusal names the field at fault.

- `"quantity": "5"` is an error, not silently read as 5. Litestar converts request data in msgspec's
  lax mode (meant for query strings and forms), which turns int-like strings into ints and "true" into
  True. A JSON body can say what it means, so it is decoded once more in strict mode against the
  handler's `data` type (400, naming the unknown or missing field itself, not just "data").
- A key given twice in one JSON object is refused (400): msgspec, like most decoders, would keep the
  last one, so `{"quantity": 1, "quantity": -5}` would mean -5 to us and 1 to whoever checked it.
- Every text in a JSON body or a form follows the one text rule of domain/text.py (422).
Query parameters meet the same text rule earlier, at the edge (http/edge.py).
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType

from inventory.domain.errors import InvalidInput
from inventory.domain.text import text_problem
from inventory.http.forms import error_field, refusal

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _data_type(request: Request[Any, Any, Any]) -> Any:
    """The handler's JSON `data` type, or None (no body, or a form / msgpack body left to Litestar)."""
    data_field = request.route_handler.parsed_data_field  # parsed once per handler by Litestar
    if data_field is None:
        return None
    media_type = getattr(data_field.kwarg_definition, "media_type", RequestEncodingType.JSON)
    return data_field.annotation if media_type == RequestEncodingType.JSON else None


class DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key)
        seen[key] = value
    return seen


def check_text(value: Any, path: str = "", name: str = "body") -> None:
    """Walk a decoded JSON value; a string that breaks the text rule is refused (422, naming it)."""
    if isinstance(value, str):
        reason = text_problem(name, value)
        if reason is not None:
            raise InvalidInput(reason, field=path or name)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(item, f"{path}.{key}" if path else key, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(item, f"{path}[{index}]", name)


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """A before-request hook: refuse a body that strict decoding refuses (400, naming the field)."""
    data_type = _data_type(request)
    if data_type is None:
        if request.method in ("POST", "PUT", "PATCH") and request.content_type[0] in _FORMS:
            form = await request.form()  # Litestar keeps it for the handler
            for key, value in form.multi_items():
                if isinstance(value, str) and (reason := text_problem(key, value)) is not None:
                    raise InvalidInput(reason, field=key)
        return
    body = await request.body()
    try:
        msgspec.json.decode(body, type=data_type, strict=True)
    except msgspec.ValidationError as exc:
        raise refusal(*error_field(exc)) from exc
    except msgspec.DecodeError as exc:
        reason = f"not valid JSON: {exc}" if body.strip() else "the body is empty; a JSON object is expected"
        raise refusal(reason, "body") from exc
    # Only a body the type accepted (so of bounded depth) is parsed again, for what msgspec cannot see.
    try:
        decoded = json.loads(body, object_pairs_hook=_no_duplicates)
    except DuplicateKey as exc:
        raise refusal(f"the key {exc.key!r} is given more than once", exc.key) from exc
    check_text(decoded)
