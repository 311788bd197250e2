"""Where the static site and the dashboard live: ledger/site/site.toml, then the environment, then flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CONFIG_PATH = Path(__file__).resolve().parent / "site.toml"
ENVIRONMENT = {"base_url": "LEDGER_SITE_URL", "dashboard_url": "LEDGER_DASHBOARD_URL"}


class ConfigError(ValueError):
    """A configured address that is not an absolute http(s) URL."""


@dataclass(frozen=True)
class SiteConfig:
    """The static site's own address and the dashboard's, each an absolute URL ending in a slash."""

    base_url: str
    dashboard_url: str

    def absolute(self, path: str) -> str:
        """The public address of a site path such as 'claims/ID/'."""
        return self.base_url + path.lstrip("/")


def _normalised(name: str, url: str) -> str:
    """The URL with a trailing slash; a ConfigError unless it is an absolute http(s) address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be an absolute http(s) address with no query, got {url!r}")
    return url.strip() if url.strip().endswith("/") else url.strip() + "/"


def site_config(path: Path = CONFIG_PATH, environ: dict[str, str] | None = None,
                **overrides: str | None) -> SiteConfig:
    """The configuration: the file's values, replaced by the environment's, replaced by explicit overrides."""
    values = tomllib.loads(path.read_text(encoding="utf-8"))
    environ = dict(os.environ) if environ is None else environ
    for key, variable in ENVIRONMENT.items():
        if environ.get(variable):
            values[key] = environ[variable]
        if overrides.get(key):
            values[key] = overrides[key]
    return SiteConfig(**{key: _normalised(key, str(values[key])) for key in ENVIRONMENT})
