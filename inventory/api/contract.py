"""The OpenAPI tells the truth about errors: every operation documents the problems it can answer.

A mechanism, not a list: when the app is built, `document_problems` walks every route and gives each
documented operation the RFC 9457 problem responses that follow from how it is declared, so an
endpoint added later is documented the day it is added:

| answer | when |
|---|---|
| 400 | it reads a body or parameters (malformed JSON, wrong types, out-of-range numbers) |
| 401 | it needs a bearer token (every path not public in api/auth.py) |
| 403 | it has a guard (a role or permission) |
| 404 | it has a path parameter (an id that does not exist) |
| 409 | it writes (POST/PUT/PATCH/DELETE answering 201, or PUT/PATCH/DELETE): the state can refuse it |
| 414, 422 | always: the edge refuses long URLs and control characters in any query (http/edge.py) |
| 503 | always: the database did not answer |

A handler adds its own with `opt={"problems": {429: "why"}}` (labels: 409 for a blocked batch, though it
writes nothing); a POST answering 200 that writes says `opt={"writes": True}`. A response it declares
itself in `responses=` is left as it is.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Annotated, Any

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    Parameter,
    Reference,
    Schema,
)
from litestar.routes import HTTPRoute
from msgspec import Meta, Struct

from inventory.api.auth import PUBLIC_PATHS
from inventory.domain.text import json_schema_pattern
from inventory.http.problems import PROBLEM_JSON
from inventory.http.writes import IDEMPOTENCY_HEADER, MAX_KEY
from inventory.reports.render import MEDIA_TYPES, Format

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Arguments Litestar fills itself; anything else in a handler's signature is a parameter of the request.
_RESERVED = frozenset({"request", "state", "scope", "headers", "cookies", "query", "socket", "body", "self"})

DESCRIPTIONS = {
    400: "Malformed request: not JSON, a wrong type, an unknown field or a key given twice",
    401: "No valid bearer token",
    403: "The user's role or sites do not allow this",
    404: "No such resource",
    409: "The current state refuses the change (stock, an existing name, a reversed operation...)",
    414: "The URL is too long",
    422: "Well-formed but invalid input; `field` names the input at fault",
    503: "The database did not answer; nothing was written",
}


# What a report endpoint answers, by the media type of each rendering (inventory/reports/render.py).
REPORT_SCHEMAS = {
    MEDIA_TYPES[Format.JSON]: Schema(type=OpenAPIType.OBJECT, description="the report model as plain values"),
    MEDIA_TYPES[Format.CSV]: Schema(type=OpenAPIType.STRING),
    MEDIA_TYPES[Format.XLSX]: Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
    MEDIA_TYPES[Format.PDF]: Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
}


class ProblemError(Struct, kw_only=True):
    field: str
    reason: str


class Problem(Struct, kw_only=True):
    """An RFC 9457 problem; it may carry more members (dates, quantities, batch, site) to word a message."""

    type: Annotated[str, Meta(description="The problem type, e.g. /problems/insufficient-stock")]
    title: str
    status: int
    detail: str
    instance: Annotated[str, Meta(description="The path of the request")]
    field: Annotated[str | None, Meta(description="The input at fault: field, parameter or header")] = None
    errors: list[ProblemError] | None = None


def _public(path: str, handler: HTTPRouteHandler) -> bool:
    if handler.opt.get("exclude_from_auth"):
        return True
    return any(re.search(pattern, path) for pattern in PUBLIC_PATHS)


def _takes_input(route: HTTPRoute, handler: HTTPRouteHandler) -> bool:
    if handler.parsed_data_field is not None:
        return True
    dependencies = handler.resolve_dependencies()
    names = set(handler.parsed_fn_signature.parameters) - _RESERVED - set(dependencies) - {"data"}
    return bool(names)


def writes(handler: HTTPRouteHandler) -> bool:
    """PUT/PATCH/DELETE, or a POST that creates (not 200): it changes state, through http/writes.run_write,
    so the state can refuse it and an Idempotency-Key replays it."""
    methods = set(handler.http_methods)
    if handler.opt.get("writes"):  # a POST answering 200 that changes state (closing a recall or a block)
        return True
    return bool(methods & {"PUT", "PATCH", "DELETE"} or (methods & {"POST"} and handler.status_code != 200))


def problem_statuses(route: HTTPRoute, handler: HTTPRouteHandler) -> dict[int, str]:
    """The problem answers an operation can give, derived from its declaration (see the table above)."""
    statuses = {414: DESCRIPTIONS[414], 422: DESCRIPTIONS[422], 503: DESCRIPTIONS[503]}
    if not _public(route.path, handler):
        statuses[401] = DESCRIPTIONS[401]
    if handler.resolve_guards():
        statuses[403] = DESCRIPTIONS[403]
    if route.path_parameters:
        statuses[404] = DESCRIPTIONS[404]
    if _takes_input(route, handler):
        statuses[400] = DESCRIPTIONS[400]
    if writes(handler):
        statuses[409] = DESCRIPTIONS[409]
    statuses.update(handler.opt.get("problems", {}))
    return dict(sorted(statuses.items()))


# Litestar names a generic answer's component after its argument's module (`Page_<module>.ItemRead_`). The
# shapes moved from inventory/api to the shared kit (inventory/http/shapes); generated clients keep the
# type names they were given, so the components keep the names first published.
PUBLISHED_MODULES = {
    "inventory.http.shapes.core.": "inventory.api.schemas.",
    "inventory.http.shapes.counts.": "inventory.api.count_schemas.",
    "inventory.http.shapes.fridge.": "inventory.api.fridge_schemas.",
    "inventory.http.shapes.funding.": "inventory.api.funding_schemas.",
    "inventory.http.shapes.pharmacy.": "inventory.api.pharmacy_schemas.",
    "inventory.http.shapes.scans.": "inventory.api.scan_schemas.",
    "inventory.http.shapes.transfers.": "inventory.api.transfer_schemas.",
}
_SCHEMAS = "#/components/schemas/"


def _published(name: str) -> str:
    for module, published in PUBLISHED_MODULES.items():
        name = name.replace(module, published)
    return name


def _rename_references(value: Any) -> None:
    if isinstance(value, Reference):
        if value.ref.startswith(_SCHEMAS):
            value.ref = _SCHEMAS + _published(value.ref.removeprefix(_SCHEMAS))
    elif isinstance(value, dict):
        for item in value.values():
            _rename_references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _rename_references(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _rename_references(getattr(value, f.name))


def _keep_published_names(openapi: OpenAPI) -> None:
    schemas = openapi.components.schemas if openapi.components else None
    if not schemas or not any(_published(name) != name for name in schemas):
        return
    renamed = {_published(name): schema for name, schema in schemas.items()}
    openapi.components.schemas = dict(sorted(renamed.items()))  # in name order, as Litestar gives them
    _rename_references(openapi)


class _TruthfulOpenAPI(OpenAPIPlugin):
    """Litestar documents one media type per answer; a handler that answers in several (labels: PDF or
    ZPL) lists them in `opt={"media_types": [...]}` and they are written into the built schema."""

    __slots__ = ()

    def _build_openapi(self) -> OpenAPI:
        openapi = super()._build_openapi()
        _keep_published_names(openapi)
        _document_text_rule(openapi)
        _describe_path_ids(openapi)
        for route in self.included_routes.values():
            for handler in route.route_handlers:
                path_item = (openapi.paths or {}).get(route.path_format or "/")
                if path_item is not None and _public(route.path, handler):  # no token needed: say so
                    for method in handler.http_methods:
                        if (operation := getattr(path_item, method.lower(), None)) is not None:
                            operation.security = []
                media_types = handler.opt.get("media_types")
                path_item = (openapi.paths or {}).get(route.path_format or "/")
                if path_item is not None and writes(handler):
                    _document_idempotency_key(path_item, handler)
                if path_item is not None and _answers_reports(handler):
                    _document_renderings(path_item, handler)
                    continue
                if not media_types or path_item is None:
                    continue
                for method in handler.http_methods:
                    operation = getattr(path_item, method.lower(), None)
                    responses = (operation.responses or {}) if operation else {}
                    response = responses.get(str(handler.status_code))
                    if response is not None and response.content:
                        schema = next(iter(response.content.values()))
                        response.content = {media_type: schema for media_type in media_types}
        return openapi


IDEMPOTENCY_KEY = Parameter(
    name=IDEMPOTENCY_HEADER,
    param_in="header",
    required=False,
    description="Any unique text (1-200 characters). Sent again with the same request, the first answer is "
    "replayed and nothing is written twice; with a different request, a 422 problem.",
    schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=MAX_KEY),
)


def _document_idempotency_key(path_item: Any, handler: HTTPRouteHandler) -> None:
    for method in handler.http_methods:
        operation = getattr(path_item, method.lower(), None)
        if operation is not None and not any(
            getattr(p, "name", None) == IDEMPOTENCY_HEADER for p in operation.parameters or ()
        ):
            operation.parameters = [*(operation.parameters or ()), IDEMPOTENCY_KEY]


def _answers_reports(handler: HTTPRouteHandler) -> bool:
    """A report endpoint takes `fmt: ReportFormat` (http/downloads.py) and answers any rendering."""
    return "fmt" in handler.parsed_fn_signature.parameters


def _document_renderings(path_item: Any, handler: HTTPRouteHandler) -> None:
    """Its success answer is the report as JSON (an object) or a CSV, XLSX or PDF file, by `format`."""
    for method in handler.http_methods:
        operation = getattr(path_item, method.lower(), None)
        response = (operation.responses or {}).get(str(handler.status_code)) if operation else None
        if response is None or isinstance(response, Reference):
            continue
        response.description = "The report, rendered as `format` asks"
        response.content = {
            media_type: OpenAPIMediaType(schema=schema) for media_type, schema in REPORT_SCHEMAS.items()
        }


def _is_plain_string(schema: Schema) -> bool:
    types = schema.type if isinstance(schema.type, list) else [schema.type]
    return OpenAPIType.STRING in types and not (
        schema.enum or schema.format or schema.pattern or schema.const
    )


def _with_text_rule(
    schema: Schema | Reference | None, name: str, components: dict[str, Any], seen: set[str]
) -> None:
    """Give every plain string reachable from `schema` the text rule's pattern for its field name."""
    if isinstance(schema, Reference):
        target = schema.ref.rsplit("/", 1)[-1]
        if target not in seen and target in components:
            seen.add(target)
            _with_text_rule(components[target], name, components, seen)
        return
    if schema is None:
        return
    if _is_plain_string(schema):
        schema.pattern = json_schema_pattern(name)
    for alternative in (*(schema.one_of or ()), *(schema.any_of or ()), *(schema.all_of or ())):
        _with_text_rule(alternative, name, components, seen)
    if isinstance(schema.items, (Schema, Reference)):
        _with_text_rule(schema.items, name, components, seen)
    for key, value in (schema.properties or {}).items():
        _with_text_rule(value, key, components, seen)


def _describe_path_ids(openapi: OpenAPI) -> None:
    """`/items/{item_id}`: a path id says what it names, unless its handler says more."""
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(path_item, method, None)
            for parameter in (operation.parameters or ()) if operation else ():
                if isinstance(parameter, Reference) or parameter.description or parameter.param_in != "path":
                    continue
                parameter.description = f"The {parameter.name.removesuffix('_id').replace('_', ' ')} (id)"


def _document_text_rule(openapi: OpenAPI) -> None:
    """What text is accepted (domain/text.py), written into the request side of the schema: the
    bodies' components and the parameters, as patterns a client or a fuzzer can read."""
    components: dict[str, Any] = dict(openapi.components.schemas or {}) if openapi.components else {}
    seen: set[str] = set()
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(path_item, method, None)
            if operation is None:
                continue
            for parameter in operation.parameters or ():
                if not isinstance(parameter, Reference):
                    _with_text_rule(parameter.schema, parameter.name, components, set())
            body = operation.request_body
            if body is not None and not isinstance(body, Reference):
                for media in (body.content or {}).values():
                    _with_text_rule(media.schema, "body", components, seen)


def document_problems(app: Litestar) -> None:
    """Add the problem responses to every documented operation of `app` (before its schema is built)."""
    plugin = app.plugins.get(OpenAPIPlugin)
    plugin.__class__ = _TruthfulOpenAPI  # same layout (no new slots): only the build step differs
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            responses: dict[int, Any] = dict(handler.responses or {})
            for status, description in problem_statuses(route, handler).items():
                responses.setdefault(
                    status,
                    ResponseSpec(
                        data_container=Problem,
                        media_type=PROBLEM_JSON,
                        description=description,
                        generate_examples=False,
                    ),
                )
            handler.responses = responses
