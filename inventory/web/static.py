"""The page's script and style sheet, served by Litestar, with a content hash in their URLs so a
phone never keeps yesterday's script after an update."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from litestar import Router
from litestar.static_files import create_static_files_router

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PATH = "/static"


def static_files() -> Router:
    return create_static_files_router(
        path=STATIC_PATH, directories=[STATIC_DIR], name="static", include_in_schema=False
    )


@cache
def asset_url(name: str) -> str:
    digest = hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{STATIC_PATH}/{name}?v={digest}"
