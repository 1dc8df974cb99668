"""The edge: rules every HTTP request meets before routing, answered as problems like any other error.

Wrapped around Litestar's whole ASGI handler (see `guard_the_edge`), so it covers every route, the
static files and unknown paths alike:

- A URL longer than `MAX_URL_BYTES` is refused with 414. (A URL longer than the HTTP server itself
  reads, about 64 KiB for uvicorn with httptools, never reaches the application: the server answers
  its own plain-text 400 and closes; that cannot be changed from here. Put a proxy in front that
  limits URLs if that matters.)
- A path with a control character (`/static/scan.js%00.png`) names nothing: 404.
- Query parameters follow the one text rule (domain/text.py): 422 naming the parameter.
- OPTIONS is answered here for every path: 204 with the methods the path really has in `Allow`. A
  CORS preflight from another origin is refused with 403: the API is not for other sites' scripts.
  (Litestar's own OPTIONS handler would run the controller's guards, 500 without a user, and keeps
  the method list of the first handler registered on a path.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar import Litestar
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.utils import normalize_path

from inventory.domain.text import text_problem
from inventory.http.problems import PROBLEM_JSON, problem_document

MAX_URL_BYTES = 8192
# Plain ASGI, typed loosely: Litestar's TypedDicts know nothing of answers given before routing.
Scope = dict[str, Any]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def send_problem(
    scope: Scope,
    send: Send,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    path = scope.get("path", "")
    instance = path if text_problem("path", path) is None and len(path) <= 2000 else "/"
    body = msgspec.json.encode(
        problem_document(
            status=status, code=code, title=title, detail=detail, instance=instance, errors=errors
        )
    )
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def query_errors(query_string: bytes) -> list[dict[str, str]]:
    """Each query parameter that breaks the text rule, as the problem's `errors`."""
    errors = []
    pairs = parse_qsl(
        query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"
    )
    for name, value in pairs:
        reason = text_problem("query", name)
        if reason is not None:
            errors.append({"field": "query", "reason": f"a parameter name has {reason.split(' at ')[0]}"})
            continue
        reason = text_problem(name, value)
        if reason is not None:
            errors.append({"field": name, "reason": reason})
    return errors


class Edge:
    def __init__(self, app: ASGIApp, litestar: Litestar, max_url_bytes: int = MAX_URL_BYTES):
        self.app = app
        self.litestar = litestar
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        query: bytes = scope.get("query_string", b"")
        if len(raw_path) + len(query) > self.max_url_bytes:
            await send_problem(
                scope,
                send,
                status=414,
                code="uri-too-long",
                title="URI too long",
                detail=f"the URL has more than {self.max_url_bytes} bytes; send large input in a body",
            )
            return
        if text_problem("path", scope["path"]) is not None:
            await send_problem(
                scope,
                send,
                status=404,
                code="not-found",
                title="Not found",
                detail="no resource has a control character in its path",
            )
            return
        if query and (errors := query_errors(query)):
            detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
            await send_problem(
                scope,
                send,
                status=422,
                code="invalid-input",
                title="Invalid input",
                detail=detail,
                errors=errors,
            )
            return
        if scope["method"] == "OPTIONS":
            await self.options(scope, send)
            return
        await self.app(scope, receive, send)

    async def options(self, scope: Scope, send: Send) -> None:
        origin = _header(scope, b"origin")
        if origin is not None and origin != _own_origin(scope):
            await send_problem(
                scope,
                send,
                status=403,
                code="cross-origin-refused",
                title="Cross-origin request refused",
                detail=f"requests from {origin[:200]} are not allowed; use the service from its own address",
            )
            return
        allow = self.allowed_methods(scope["path"])
        if allow is None:
            await send_problem(
                scope, send, status=404, code="not-found", title="Not found", detail="no such resource"
            )
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", ", ".join(allow).encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def allowed_methods(self, path: str) -> list[str] | None:
        """The methods `path` answers, asked of Litestar's own router; None when nothing is there."""
        try:
            self.litestar.asgi_router.handle_routing(path=normalize_path(path), method="ALLOWED?")
        except MethodNotAllowedException as exc:
            allow = (exc.headers or {}).get("allow", "")
            return sorted({m.strip() for m in allow.split(",") if m.strip()} | {"OPTIONS"})
        except NotFoundException:
            return None
        return ["GET", "HEAD", "OPTIONS"]  # a mounted ASGI app: the static files


def _own_origin(scope: Scope) -> str:
    host = _header(scope, b"host") or ""
    return f"{scope.get('scheme', 'http')}://{host}"


def guard_the_edge(app: Litestar, **options: Any) -> None:
    """Put the edge around everything the app answers (after Litestar built its handler chain)."""
    app.asgi_handler = Edge(app.asgi_handler, app, **options)  # type: ignore[arg-type,assignment]
