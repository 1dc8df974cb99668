"""Liveness with the database: 200 only when a query answers."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy import text

from inventory.db.engine import Database


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get(
        "/",
        summary="Service and database health",
        exclude_from_auth=True,
        responses={503: ResponseSpec(
                dict[str, str], description="The database does not answer", generate_examples=False
            )},
    )
    async def health(self, database: Database) -> Response[dict[str, str]]:
        """200 when the service and its database answer, 503 when the database does not."""
        try:
            async with database.read_sessions() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            return Response({"status": "unavailable", "database": type(exc).__name__}, status_code=503)
        return Response({"status": "ok", "database": "ok"})
