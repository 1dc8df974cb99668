"""The API's documentation at /schema (also /schema/swagger), served offline: Swagger UI's script and
style sheet come from the installed `openapi-ui-bundles` package, never from a CDN, so the clinic's
documentation works on a machine without internet. (Redoc and Scalar are left out: both fetch files
from their CDNs whatever they are given, Redoc its logo, Scalar its whole script.)"""

from __future__ import annotations

from litestar import Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from openapi_ui_bundles import swagger_ui

SWAGGER = "/api-docs/swagger-ui"
FAVICON = f"<link rel='icon' type='image/png' href='{SWAGGER}/favicon-32x32.png'>"  # not Litestar's CDN badge


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Clinic inventory",
        version="1",
        description="Stock of medicines, lab and dental materials for the Red Cross health clinic.",
        path="/schema",
        use_handler_docstrings=True,
        render_plugins=[
            SwaggerRenderPlugin(
                js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                css_url=f"{SWAGGER}/swagger-ui.css",
                standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
                path=["/", "/swagger"],
                favicon=FAVICON,
            ),
        ],
    )


def docs_assets() -> Router:
    """Swagger UI's files, as installed with the package."""
    return create_static_files_router(
        path=SWAGGER, directories=[swagger_ui.static_path], name="swagger_ui", include_in_schema=False
    )
