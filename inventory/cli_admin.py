"""`inventory site ...`, `inventory user list|deactivate|reset-password`, `inventory check`,
`inventory backup` and `inventory restore`: what an administrator does at the terminal."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import backup as snapshots
from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.db.tables import Site, User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.domain.errors import DomainError
from inventory.settings import Settings

T = TypeVar("T")


def run(settings: Settings, work: Callable[[UnitOfWork], Awaitable[T]], *, write: bool = True) -> T:
    """Migrate, then run `work` in one unit of work (committed when `write`)."""
    upgrade(settings.database_url)

    async def go() -> T:
        database = Database(settings.database_url)
        try:
            async with UnitOfWork(database, readonly=not write) as uow:
                answer = await work(uow)
                if write:
                    await uow.commit()
                return answer
        finally:
            await database.dispose()

    return asyncio.run(go())


def _password(args: argparse.Namespace, username: str) -> str:
    if args.password:
        return str(args.password)
    first = getpass.getpass(f"new password for {username}: ")
    if getpass.getpass("the same again: ") != first:
        raise DomainError("the two passwords differ; nothing was changed")
    return first


def _cli() -> Any:
    """The command line as the audit trail names it: no user, now."""
    from inventory.services import audit

    return audit.Who(None, Clock().now())


# --- sites -----------------------------------------------------------------------------------------


def cmd_site_create(settings: Settings, args: argparse.Namespace) -> int:
    from inventory.services import catalogue

    async def work(uow: UnitOfWork) -> Site:
        return await catalogue.create_site(uow.session, args.code, args.name, args.address, who=_cli())

    site = run(settings, work)
    print(f"site {site.code} ({site.name}) created")
    return 0


def cmd_site_rename(settings: Settings, args: argparse.Namespace) -> int:
    from inventory.services import catalogue

    async def work(uow: UnitOfWork) -> Site:
        site = await catalogue.site_by_code(uow.session, args.code)
        return await catalogue.update_site(uow.session, site.id, name=args.name, who=_cli())

    site = run(settings, work)
    print(f"site {site.code} is now called {site.name}")
    return 0


def cmd_site_list(settings: Settings, _args: argparse.Namespace) -> int:
    async def work(uow: UnitOfWork) -> list[Site]:
        return list((await uow.session.scalars(select(Site).order_by(Site.code))).all())

    sites = run(settings, work, write=False)
    if not sites:
        print("no sites yet: inventory site create KBH 'København'")
    for site in sites:
        print(f"{site.code:<8} {site.name}{'' if site.active else '  (closed)'}")
    return 0


# --- users -----------------------------------------------------------------------------------------


def cmd_user_list(settings: Settings, _args: argparse.Namespace) -> int:
    async def work(uow: UnitOfWork) -> list[tuple[User, list[str]]]:
        users = (await uow.session.scalars(select(User).order_by(User.username))).all()
        codes = (
            await uow.session.execute(
                select(UserSite.user_id, Site.code)
                .join(Site, Site.id == UserSite.site_id)
                .order_by(Site.code)
            )
        ).all()
        return [(user, [code for uid, code in codes if uid == user.id]) for user in users]

    for user, sites in run(settings, work, write=False):
        state = "" if user.active else "  (deactivated)"
        name = f" ({user.full_name})" if user.full_name else ""
        print(f"{user.username}{name}  {user.role}  {','.join(sites) or '-'}{state}")
    return 0


async def _user(uow: UnitOfWork, username: str) -> User:
    user = await uow.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise DomainError(f"no user called {username}: `inventory user list` shows them")
    return user


def _change_user(settings: Settings, username: str, **changes: object) -> None:
    from inventory.services import users

    async def work(uow: UnitOfWork) -> None:
        await users.update_user(uow.session, await _user(uow, username), **changes)  # type: ignore[arg-type]

    run(settings, work)


def cmd_user_deactivate(settings: Settings, args: argparse.Namespace) -> int:
    _change_user(settings, args.username, active=False)
    print(f"user {args.username} deactivated: they can no longer log in, and their tokens stop working")
    return 0


def cmd_user_reset_password(settings: Settings, args: argparse.Namespace) -> int:
    _change_user(settings, args.username, password=_password(args, args.username))
    print(f"password of {args.username} changed")
    return 0


# --- check, backup, restore ------------------------------------------------------------------------


def cmd_check(settings: Settings, _args: argparse.Namespace) -> int:
    from inventory.services import checks

    async def work(uow: UnitOfWork) -> tuple[list[checks.CheckResult], int]:
        return await checks.run_checks(uow.session), await checks.movement_count(uow.session)

    results, movements = run(settings, work, write=False)
    broken = 0
    for result in results:
        print(f"{'ok    ' if not result.findings else 'BROKEN'} {result.name}: {result.title}")
        for finding in result.findings[:20]:
            print(
                f"         {finding.check} at {finding.where}: "
                f"expected {finding.expected}, found {finding.found}"
            )
        if len(result.findings) > 20:
            print(f"         ... and {len(result.findings) - 20} more")
        broken += len(result.findings)
    print(
        f"{movements} movements checked: " + ("every invariant holds" if not broken else f"{broken} breaches")
    )
    return 0 if not broken else 3


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    target = Path(args.file)
    try:
        size = snapshots.backup(settings.database_url, target)
    except snapshots.BackupError as exc:
        raise DomainError(str(exc)) from exc
    print(f"backup written to {target} ({size} bytes); restore it with: inventory restore {target}")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    try:
        snapshots.restore(settings.database_url, Path(args.file))
    except snapshots.BackupError as exc:
        raise DomainError(str(exc)) from exc
    upgrade(settings.database_url)  # a backup of an older version comes up to this one's schema
    print(f"restored {args.file}; `inventory check` verifies it")
    return 0


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    user: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """The parsers of these commands, beside `inventory user create` (cli.py)."""
    site = commands.add_parser("site", help="manage sites").add_subparsers(dest="site_command", required=True)
    create = site.add_parser("create", help="create a site, e.g. inventory site create KBH 'København'")
    create.add_argument("code", help="a short code of 1-8 letters, e.g. KBH")
    create.add_argument("name", help="the site's name, e.g. København")
    create.add_argument("--address")
    create.set_defaults(run=cmd_site_create)
    rename = site.add_parser("rename", help="give a site a new name (its code stays)")
    rename.add_argument("code")
    rename.add_argument("name")
    rename.set_defaults(run=cmd_site_rename)
    site.add_parser("list", help="every site with its code").set_defaults(run=cmd_site_list)

    user.add_parser("list", help="every user: name, role, sites, whether active").set_defaults(
        run=cmd_user_list
    )
    deactivate = user.add_parser("deactivate", help="stop a user from logging in (their history stays)")
    deactivate.add_argument("username")
    deactivate.set_defaults(run=cmd_user_deactivate)
    reset = user.add_parser("reset-password", help="set a new password for a user")
    reset.add_argument("username")
    reset.add_argument("--password", help="omit to be asked (twice)")
    reset.set_defaults(run=cmd_user_reset_password)

    commands.add_parser(
        "check",
        help="verify every invariant (ledger = balances = cost layers, no negative stock, references); "
        "exits 3 on a breach",
    ).set_defaults(run=cmd_check)
    backup = commands.add_parser(
        "backup", help="write a consistent snapshot of the database while the service runs"
    )
    backup.add_argument(
        "file",
        help="the snapshot file to write (SQLite: a database file; PostgreSQL: pg_dump's custom format)",
    )
    backup.set_defaults(run=cmd_backup)
    restore = commands.add_parser("restore", help="bring a snapshot into an empty database")
    restore.add_argument("file")
    restore.set_defaults(run=cmd_restore)
