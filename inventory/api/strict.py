"""JSON bodies are checked strictly: `"quantity": "5"` is an error, not silently read as 5.

Litestar converts request data in msgspec's lax mode (meant for query strings and forms), which turns
int-like strings into ints and "true" into True. A JSON body can say what it means, so before the
handler runs the body is decoded once more in strict mode against the handler's `data` type, and a
refusal names the field at fault (the unknown or missing field itself, not just "data").
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException

_AT = re.compile(r"^(?P<reason>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `([^`]+)`")


def _field(reason: str, path: str) -> str:
    path = path.lstrip(".")
    named = _NAMED_FIELD.search(reason)
    if named:
        return f"{path}.{named.group(1)}" if path else named.group(1)
    return path or "body"


def _data_type(request: Request[Any, Any, Any]) -> Any:
    """The handler's JSON `data` type, or None (no body, or a form / msgpack body left to Litestar)."""
    data_field = request.route_handler.parsed_data_field  # parsed once per handler by Litestar
    if data_field is None:
        return None
    media_type = getattr(data_field.kwarg_definition, "media_type", RequestEncodingType.JSON)
    return data_field.annotation if media_type == RequestEncodingType.JSON else None


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """A before-request hook: refuse a body that strict decoding refuses (400, naming the field)."""
    data_type = _data_type(request)
    if data_type is None:
        return
    body = await request.body()
    try:
        msgspec.json.decode(body, type=data_type, strict=True)
    except msgspec.ValidationError as exc:
        match = _AT.match(str(exc))
        reason = match.group("reason") if match else str(exc)
        field = _field(reason, (match.group("path") or "") if match else "")
        raise ValidationException(detail=reason, extra=[{"message": reason, "key": field}]) from exc
    except msgspec.DecodeError as exc:
        reason = f"not valid JSON: {exc}" if body.strip() else "the body is empty; a JSON object is expected"
        raise ValidationException(detail=reason, extra=[{"message": reason, "key": "body"}]) from exc
