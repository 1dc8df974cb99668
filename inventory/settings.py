"""Settings from the environment. Plain database URLs are accepted; the app picks async drivers."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("data")


def async_database_url(url: str) -> str:
    """`sqlite:///x.db` -> aiosqlite, `postgresql://...` -> asyncpg; explicit drivers are kept."""
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql+psycopg://", "postgresql+asyncpg://"),
        ("postgresql+psycopg2://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def _default_funding() -> str:
    value = os.environ.get("INVENTORY_DEFAULT_FUNDING") or "unrestricted"
    if value not in ("unrestricted", "required"):
        raise ValueError("INVENTORY_DEFAULT_FUNDING must be 'unrestricted' or 'required'")
    return value


def _secret_key(data_dir: Path) -> str:
    """A configured key, else one generated once and kept beside the SQLite file."""
    configured = os.environ.get("INVENTORY_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def trusted_proxies(raw: str) -> tuple[str, ...]:
    """`10.0.0.1, 192.168.0.0/24` -> the networks whose X-Forwarded-For is believed (default: none)."""
    found = []
    for part in raw.split(","):
        if part.strip():
            try:
                found.append(str(ipaddress.ip_network(part.strip(), strict=False)))
            except ValueError as exc:
                raise ValueError(f"INVENTORY_TRUSTED_PROXIES: {part.strip()!r} is not an address") from exc
    return tuple(found)


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    token_ttl_seconds: int = 12 * 3600
    login_attempts_per_minute: int = 10  # per user name and per client address, over every process
    trusted_proxies: tuple[str, ...] = ()  # networks whose X-Forwarded-For names the client
    expiry_warning_days: int = 90
    secure_cookies: bool = False  # set behind TLS: the scan page's session and CSRF cookies get Secure
    default_funding: str = "unrestricted"  # a receipt that names no funding: "unrestricted" or "required"
    debug: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("INVENTORY_DATA_DIR", str(DEFAULT_DATA_DIR)))
        url = os.environ.get("INVENTORY_DATABASE_URL") or f"sqlite:///{data_dir / 'inventory.db'}"
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return cls(
            database_url=url,
            secret_key=_secret_key(data_dir),
            token_ttl_seconds=_env_int("INVENTORY_TOKEN_TTL_SECONDS", 12 * 3600),
            login_attempts_per_minute=_env_int("INVENTORY_LOGIN_ATTEMPTS_PER_MINUTE", 10),
            trusted_proxies=trusted_proxies(os.environ.get("INVENTORY_TRUSTED_PROXIES", "")),
            expiry_warning_days=_env_int("INVENTORY_EXPIRY_WARNING_DAYS", 90),
            secure_cookies=os.environ.get("INVENTORY_SECURE_COOKIES", "") == "1",
            default_funding=_default_funding(),
            debug=os.environ.get("INVENTORY_DEBUG", "") == "1",
        )
