"""The `inventory` command: serve, migrate, demo and user administration."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy import select

from inventory import cli_admin
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.db.tables import Site
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import DomainError
from inventory.domain.model import Role
from inventory.settings import Settings

T = TypeVar("T")


def _print_err(message: str) -> None:
    print(message, file=sys.stderr)


async def _with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    database = Database(settings.database_url)
    try:
        return await work(database)
    finally:
        await database.dispose()


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    upgrade(settings.database_url)
    print(f"database at {_safe_url(settings)} is up to date")
    return 0


def cmd_demo(settings: Settings, _args: argparse.Namespace) -> int:
    from inventory.demo.seed import load_demo

    upgrade(settings.database_url)
    counts = asyncio.run(_with_database(settings, load_demo))
    if not counts:
        print("demo data already loaded")
    else:
        print("demo data loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
        print("log in as admin, pharmacist, volunteer or finance with password 'demo'")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from inventory.app import create_app

    if args.demo:
        cmd_demo(settings, args)
    else:
        upgrade(settings.database_url)
    print(
        f"clinic inventory on http://{args.host}:{args.port}"
        f"  (API docs: /schema, database: {_safe_url(settings)})"
    )
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
        proxy_headers=False,  # the client address is decided by http/login.client_address alone
    )
    return 0


def cmd_user_create(settings: Settings, args: argparse.Namespace) -> int:
    from inventory.services import users

    password = args.password or getpass.getpass(f"password for {args.username}: ")

    async def work(database: Database) -> None:
        async with UnitOfWork(database) as uow:
            codes = {s.code: s.id for s in (await uow.session.scalars(select(Site))).all()}
            unknown = [c for c in args.site if c.upper() not in codes]
            if unknown:
                raise DomainError(f"unknown site code(s): {', '.join(unknown)}; known: {', '.join(codes)}")
            new = users.NewUser(
                args.username,
                password,
                Role(args.role),
                tuple(codes[c.upper()] for c in args.site),
                args.full_name,
                may_issue_controlled=args.controlled,
                reason=args.reason or "granted when the user was created (command line)",
            )
            await users.create_user(uow.session, new, Clock())
            await uow.commit()

    upgrade(settings.database_url)
    asyncio.run(_with_database(settings, work))
    print(f"user {args.username} created with role {args.role}")
    return 0


def cmd_labels(settings: Settings, args: argparse.Namespace) -> int:
    from inventory.services import labelling

    request = labelling.LabelRequest(
        batches=args.batch,
        locations=args.location,
        items=args.item,
        site=args.site,
        layout=args.layout,
        copies=args.copies,
        start_offset=args.start_offset,
        symbology=args.symbology,
        format=args.format,
    )

    async def work(database: Database) -> bytes:
        async with UnitOfWork(database, readonly=True) as uow:
            data = await labelling.label_data(uow.session, request)
        return labelling.render(data, request)

    content = asyncio.run(_with_database(settings, work))
    output = args.output or f"labels.{args.format}"
    with open(output, "wb") as handle:
        handle.write(content)
    print(f"wrote {output} ({len(content)} bytes)")
    return 0


def _safe_url(settings: Settings) -> str:
    url = settings.database_url
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inventory", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database and run the web service")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--demo", action="store_true", help="load demo data first if the database is empty")
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--no-access-log", dest="access_log", action="store_false")
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(run=cmd_migrate)
    commands.add_parser("demo", help="load demo data into an empty database").set_defaults(run=cmd_demo)

    user = commands.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    create = user.add_parser("create", help="create a user")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--site", action="append", default=[], help="site code (repeat for several)")
    create.add_argument("--full-name")
    create.add_argument("--password", help="omit to be asked")
    create.add_argument(
        "--controlled",
        action="store_true",
        help="may issue controlled items (pharmacists and admins always may; grant it to a volunteer)",
    )
    create.add_argument("--reason", help="why --controlled is granted (kept on the security audit trail)")
    create.set_defaults(run=cmd_user_create)
    cli_admin.add_commands(commands, user)

    label = commands.add_parser("labels", help="print barcode labels to a PDF (or ZPL) file")
    label.add_argument("--batch", type=int, action="append", default=[], help="batch id (repeat)")
    label.add_argument("--location", type=int, action="append", default=[], help="location id (repeat)")
    label.add_argument("--item", type=int, action="append", default=[], help="item id (repeat)")
    label.add_argument("--site", type=int, help="site id printed on batch and item labels")
    label.add_argument("--layout", default="a4-3x7", help="a4-3x7, a4-3x8, roll-62x29 or roll-57x32")
    label.add_argument("--copies", type=int, default=1)
    label.add_argument("--start-offset", type=int, default=0, help="positions already used on the sheet")
    label.add_argument("--symbology", default="auto", choices=["auto", "datamatrix", "gs1-128", "code128"])
    label.add_argument("--format", default="pdf", choices=["pdf", "zpl"])
    label.add_argument("-o", "--output", help="file to write (default labels.pdf / labels.zpl)")
    label.set_defaults(run=cmd_labels)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(Settings.from_env(), args))
    except DomainError as exc:
        _print_err(f"error: {exc.detail}")
        return 1
    except Exception as exc:
        trouble = database_trouble(exc)
        if trouble is None:
            raise
        _print_err(f"error: {trouble}")
        return 2


def database_trouble(exc: BaseException) -> str | None:
    """One line saying why the database cannot be used and what to do, or None when `exc` is not that."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    settings = Settings.from_env()
    where = _safe_url(settings)
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e).splitlines()[0] if str(e) else type(e).__name__ for e in chain[-1:])
    if "InvalidCatalogNameError" in names:
        database = settings.database_url.rsplit("/", 1)[-1].split("?", 1)[0]
        return (
            f"the PostgreSQL database {database!r} does not exist at {where}: create it "
            f"(e.g. createdb {database}) or set INVENTORY_DATABASE_URL to one that exists"
        )
    if "InvalidPasswordError" in names or "InvalidAuthorizationSpecificationError" in names:
        return (
            f"the database at {where} refused the login ({text}): "
            "check the user and password in INVENTORY_DATABASE_URL"
        )
    if any(isinstance(e, (ConnectionRefusedError, TimeoutError)) for e in chain) or any(
        isinstance(e, OSError) and getattr(e, "errno", None) is not None for e in chain
    ):
        return (
            f"cannot reach the database at {where} ({text}): "
            "is the server running, and is INVENTORY_DATABASE_URL right?"
        )
    database_errors = (sqlite3.OperationalError, OperationalError, InterfaceError, DBAPIError)
    if any(isinstance(e, database_errors) for e in chain):
        return (
            f"cannot use the database at {where} ({text}): "
            "check INVENTORY_DATABASE_URL or INVENTORY_DATA_DIR"
        )
    return None


if __name__ == "__main__":
    sys.exit(main())
