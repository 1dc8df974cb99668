"""The OpenAPI tells the truth: descriptions everywhere, and the problems each operation can answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, get
from litestar.params import Parameter

from inventory.api.contract import DESCRIPTIONS
from inventory.app import create_app
from inventory.db.engine import Database
from inventory.domain.access import Permission
from inventory.http.guards import requires
from tests.conftest import make_settings

METHODS = ("get", "post", "put", "patch", "delete")


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200
    schema: dict[str, Any] = r.json()
    return schema


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


async def test_every_operation_and_parameter_is_described(client: httpx.AsyncClient) -> None:
    schema = await openapi(client)
    assert len(operations(schema)) >= 30
    for method, path, op in operations(schema):
        assert op.get("description", "").strip(), f"{method} {path} has no description"
        for parameter in op.get("parameters", []):
            assert parameter.get("description", "").strip(), f"{method} {path} {parameter['name']}"


async def test_every_error_answer_is_documented_as_a_problem(client: httpx.AsyncClient) -> None:
    schema = await openapi(client)
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance"}
    assert {"field", "errors"} <= set(problem["properties"])
    for method, path, op in operations(schema):
        responses = op["responses"]
        assert {"414", "422", "503"} <= set(responses), f"{method} {path}"
        for status, response in responses.items():
            if int(status) >= 400 and path != "/health":
                content = response["content"]
                assert list(content) == ["application/problem+json"], f"{method} {path} {status}"
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }


async def test_statuses_follow_from_guards_parameters_and_writes(client: httpx.AsyncClient) -> None:
    ops = {(m, p): set(op["responses"]) for m, p, op in operations(await openapi(client))}
    assert {"401", "403", "404", "400"} <= ops[("GET", "/api/v1/items/{item_id}")]
    assert "409" in ops[("POST", "/api/v1/receipts")] and "409" in ops[("PATCH", "/api/v1/users/{user_id}")]
    assert "409" not in ops[("GET", "/api/v1/stock")] and "404" not in ops[("GET", "/api/v1/stock")]
    assert {"401", "429"} <= ops[("POST", "/api/v1/auth/token")]
    assert "403" not in ops[("POST", "/api/v1/auth/token")]
    assert "401" not in ops[("GET", "/health")]


async def test_every_write_and_only_a_write_documents_the_idempotency_key(client: httpx.AsyncClient) -> None:
    ops = {(m, p): op for m, p, op in operations(await openapi(client))}

    def keyed(method: str, path: str) -> bool:
        return any(p["name"] == "Idempotency-Key" for p in ops[(method, path)].get("parameters", []))

    assert keyed("POST", "/api/v1/issues") and keyed("POST", "/api/v1/disposals")
    assert keyed("PATCH", "/api/v1/users/{user_id}") and keyed("POST", "/api/v1/grants")
    assert not keyed("GET", "/api/v1/stock") and not keyed("POST", "/api/v1/auth/token")
    assert not keyed("POST", "/api/v1/scans/resolve")  # a look-up, though posted
    def state_refuses(method: str, path: str) -> bool:  # a handler's own 409 (labels) is not a write's
        return ops[(method, path)]["responses"].get("409", {}).get("description") == DESCRIPTIONS[409]

    writes = [(m, p) for (m, p) in ops if m in {"PUT", "PATCH", "DELETE"} or state_refuses(m, p)]
    assert writes and all(keyed(m, p) for m, p in writes)
    assert keyed("POST", "/api/v1/recalls/{recall_id}/close")
    assert keyed("POST", "/api/v1/blocks/{block_id}/close")
    assert "409" in ops[("POST", "/api/v1/labels")]["responses"] and not keyed("POST", "/api/v1/labels")


@get("/api/v1/later/{thing_id:int}", guards=[requires(Permission.READ)])
async def added_later(thing_id: int = Parameter(description="A thing"), q: str | None = None) -> str:
    """An endpoint another engineer adds next month."""
    return "x"


async def test_an_endpoint_added_later_is_documented_without_a_word(database: Database) -> None:
    app: Litestar = create_app(make_settings(database), database=database, extra_handlers=[added_later])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        responses = (await openapi(client))["paths"]["/api/v1/later/{thing_id}"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404", "414", "422", "503"} == set(responses)


async def test_the_text_rule_is_written_into_the_request_schemas(client: httpx.AsyncClient) -> None:
    schema = await openapi(client)
    receipt = schema["components"]["schemas"]["ReceiptCreate"]["properties"]
    strict, free = receipt["batch_number"]["pattern"], receipt["note"]["oneOf"][0]["pattern"]
    assert re.fullmatch(strict, "G 12/B")
    assert not re.fullmatch(strict, "G1\n") and not re.fullmatch(strict, "G\x001")
    assert re.fullmatch(free, "line one\n\tline two") and not re.fullmatch(free, "x\x00")
    q = next(p for p in schema["paths"]["/api/v1/items"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["oneOf"][0]["pattern"] == strict
    assert "pattern" not in schema["components"]["schemas"]["ItemRead"]["properties"]["name"]


async def test_the_readme_lists_every_resource(client: httpx.AsyncClient) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    resources = {"/".join(path.split("/")[:4]) for path in (await openapi(client))["paths"]}
    missing = sorted(r for r in resources if f"`{r}" not in readme)
    assert not missing, f"README's API table lacks {missing}"
