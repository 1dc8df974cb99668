"""Test databases (SQLite always, PostgreSQL when INVENTORY_TEST_POSTGRES_URL is set), a small clinic,
the browser fixtures (tests/web/browserfixtures.py) and the lanes: the markers every test gets by itself.

Lanes (README, "Tests"): `browser` (chromium on the demo clinic), `postgres` (the PostgreSQL half of a
database test), `contract` (tests/contract: live servers, schemathesis, SIGKILL), `slow` (SLOW below, or
`@pytest.mark.slow`). They are applied here at collection, so a new test cannot forget them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from litestar import Litestar
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.migrate import upgrade
from inventory.db.tables import Base, Item, ItemGtin, Site, User, UserSite
from inventory.db.uow import UnitOfWork
from inventory.domain.gtin import check_digit
from inventory.settings import Settings, async_database_url
from tests.web.browserfixtures import (  # noqa: F401 - fixtures for every browser module
    CHROMIUM,
    browser,
    demo,
    demo_template,
    page,
    served,
    shared_demo,
)
from tests.web.browserkit import in_own_thread

POSTGRES_URL = os.environ.get("INVENTORY_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]
PASSWORD = "correct horse"
SECRET = "test-secret-key-" + "x" * 40

# Known slow tests, by node id prefix: the slowest of a serial run (2026-12-07, --durations; about 3 s or
# more each on an idle 2-core machine, 10 s or more on the busy one measured). Browser and contract tests
# have lanes of their own. Mark a new slow test with @pytest.mark.slow, or add it here.
SLOW = (
    "tests/bench/",  # generates and checks a bench ledger
    "tests/scanning/test_label_round_trip.py",  # prints and decodes every label
    "tests/scanning/test_parser_properties.py",  # hypothesis, 400 examples a property
    "tests/test_cli.py::test_demo_loads",  # loads the whole demo through the CLI
    "tests/funding/test_demo_funding.py",  # the whole demo's funding
    "tests/api/test_guards.py::test_no_forbidden_call_succeeds_or_writes",  # every endpoint, every role
    "tests/pharmacy/test_witness_limits.py",  # password guesses up to the limit (argon2 each)
    "tests/api/test_login_limits.py",  # the same, across processes too
)
SHARED_SERVER_GROUP = "browser-shared-demo"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its lanes and its xdist group; run the browser tests last, together.

    xdist (`--dist loadgroup`): the tests on the shared demo server form one group (one worker, one
    server, one chromium); every other test is grouped by its module, so a module's own fixtures
    (servers, seeded data) are made once."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("database") == "postgres":
            item.add_marker(pytest.mark.postgres)
        path = item.nodeid.split("::", 1)[0]
        if path.startswith("tests/contract/"):
            item.add_marker(pytest.mark.contract)
        if path.startswith(SLOW) or item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            group = SHARED_SERVER_GROUP if "shared_demo" in names else path
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)  # stable: order kept


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """The shared chromium's event loop and pytest-asyncio's cannot share the thread: close it first."""
    if CHROMIUM.running and item.get_closest_marker("browser") is None:
        CHROMIUM.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    CHROMIUM.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "inventory.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str | None]:
    """A database of this test run's own on the given server, so parallel runs never meet."""
    if not POSTGRES_URL:
        yield None
        return
    server = make_url(async_database_url(POSTGRES_URL))
    name = f"inventory_test_{os.getpid()}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    # In a thread of its own: this session's last test (its teardown drops the database) may be a browser
    # test, with chromium's event loop still running in this thread.
    in_own_thread(lambda: asyncio.run(admin(f"DROP DATABASE IF EXISTS {name}")))
    in_own_thread(lambda: asyncio.run(admin(f"CREATE DATABASE {name}")))
    url = server.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    in_own_thread(lambda: asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")))


TABLES = ", ".join(t.name for t in Base.metadata.sorted_tables)


@pytest.fixture(params=BACKENDS)
async def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres_schema: str | None
) -> AsyncIterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "inventory.db"
        shutil.copy(sqlite_template, path)
        db = Database(f"sqlite:///{path}")
    else:
        assert postgres_schema is not None
        db = Database(postgres_schema)
        async with db.write_engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE"))
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)


def gtin13(body: str) -> str:
    return body + str(check_digit(body))


@dataclass
class Clinic:
    """A small clinic: three sites, a few items and one user per role."""

    sites: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    gtins: dict[str, str] = field(default_factory=dict)


USERS = {
    # username: (role, site codes)
    "admin": ("admin", ()),
    "pharmacist": ("pharmacist", ("KBH",)),
    "volunteer": ("volunteer", ("KBH",)),
    "volunteer_aar": ("volunteer", ("AAR",)),
    "finance": ("finance", ()),
}


@pytest.fixture
async def clinic(database: Database, password_hash: str) -> Clinic:
    return await seed_clinic(database, password_hash)


async def seed_clinic(database: Database, password_hash: str) -> Clinic:
    """Three sites, three items with a GTIN each, and the users of USERS (password PASSWORD)."""
    made = Clinic()
    async with UnitOfWork(database) as uow:
        s = uow.session
        for code, name in (("KBH", "København"), ("AAR", "Aarhus"), ("ODE", "Odense")):
            site = Site(code=code, name=name, active=True)
            s.add(site)
            await s.flush()
            made.sites[code] = site.id
        for key, name, category, unit, pack, requires in (
            ("insulin", "Insulin glargin 100 E/ml pen", "medicine", "pen", 5, True),
            ("metformin", "Metformin 500 mg tabletter", "medicine", "tablet", 100, True),
            ("gloves", "Nitrilhandsker M", "consumable", "pair", 100, False),
        ):
            # not cold, not controlled, active: the table's defaults
            item = Item(
                name=name, category=category, unit_of_issue=unit, pack_size=pack, requires_expiry=requires
            )
            s.add(item)
            await s.flush()
            made.items[key] = item.id
            made.gtins[key] = gtin13(f"570{item.id:09d}")
            s.add(ItemGtin(gtin=made.gtins[key].zfill(14), item_id=item.id))
        for username, (role, codes) in USERS.items():
            user = user_row(username, password_hash, role)
            s.add(user)
            await s.flush()
            made.users[username] = user.id
            for code in codes:
                s.add(UserSite(user_id=user.id, site_id=made.sites[code]))
        await uow.commit()
    return made


def user_row(username: str, password_hash: str, role: str, **more: object) -> User:
    """A user for the database, created now; active and not of the demo unless told (the table's defaults)."""
    return User(
        username=username, password_hash=password_hash, role=role, created_at=datetime.now(UTC), **more
    )


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line's data folder: a fresh one, and no database URL or secret key from outside."""
    monkeypatch.setenv("INVENTORY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("INVENTORY_DATABASE_URL", raising=False)
    monkeypatch.delenv("INVENTORY_SECRET_KEY", raising=False)
    return tmp_path


def make_settings(database: Database, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database.url,
        "secret_key": SECRET,
        "login_attempts_per_minute": 1000,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


class ShiftClock(Clock):
    """The real time, shifted by `offset`: lets a test age operations by hours."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock() -> ShiftClock:
    """The app's clock: the real time, until a test moves it on or back (`clock.offset`)."""
    return ShiftClock()


@pytest.fixture
def app(database: Database, clock: Clock) -> Litestar:
    return create_app(make_settings(database), database=database, clock=clock)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    # In the test's own event loop (Litestar's AsyncTestClient runs the app in another one,
    # which asyncpg connections made by the fixtures cannot follow).
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def auth(app: Litestar, clinic: Clinic):  # type: ignore[no-untyped-def]
    """auth("volunteer") -> headers with a bearer token for that user."""

    def headers(username: str) -> dict[str, str]:
        token = app.state.jwt_auth.create_token(identifier=str(clinic.users[username]))
        return {"Authorization": f"Bearer {token}"}

    return headers


def days(n: int) -> str:
    return (Clock().today() + timedelta(days=n)).isoformat()
