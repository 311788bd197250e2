"""What every page is built from: the validated claims, the reference tables, the release and the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ledger.site.config import SiteConfig
from ledger.site.sources import (
    DATA_DIR,
    STATUSES,
    Problem,
    category_labels,
    claimant_info,
    latest_release,
    load_changes,
    load_events,
    load_path,
    load_releases,
    party_labels,
)
from ledger.site.urls import dashboard_link


class InvalidLedger(Exception):
    """The ledger did not validate: `problems` are the validator's own, with line and column."""

    def __init__(self, source: str, problems: list[Problem], exit_code: int) -> None:
        """The file, its problems, and the exit code `ledger validate` gives for them."""
        super().__init__(f"{source} is not a valid ledger")
        self.source = source
        self.problems = problems
        self.exit_code = exit_code


@dataclass
class Site:
    """The inputs of one build, read once."""

    claims: pd.DataFrame
    raw: bytes  # the ledger file as published, for the downloads
    source_name: str
    config: SiteConfig
    releases: pd.DataFrame
    changes: pd.DataFrame
    events: pd.DataFrame
    built: dt.date
    labels: dict[str, str] = field(default_factory=category_labels)
    parties: dict[str, str] = field(default_factory=party_labels)
    claimant_names: dict[str, tuple[str, str]] = field(default_factory=claimant_info)
    assets: dict[str, str] = field(default_factory=dict)  # logical name -> path inside the site
    previews_on: bool = True  # preview images are made at build time (False: pages carry no image)

    @cached_property
    def release(self) -> tuple[str, dt.date]:
        """(version, date) of the newest release (asked once per page: kept)."""
        return latest_release(self.releases)

    def preview(self, name: str = "home") -> str:
        """The path of a preview image ('previews/NAME.png'), or '' when the build makes none."""
        return f"previews/{name}.png" if self.previews_on else ""

    def dashboard(self, tab: str) -> str:
        """The dashboard's address for one of its tabs, every status on."""
        return dashboard_link(self.config.dashboard_url, STATUSES, tab=tab)

    def party(self, party_id: str) -> str:
        """A party's label: 'North Korea (DPRK)'."""
        return self.parties.get(party_id, party_id)

    def claimant_name(self, claimant_id: str) -> str:
        """A claimant's name from the vocabulary, or its id."""
        return self.claimant_names.get(claimant_id, (claimant_id, ""))[0]


def read_site(ledger: Path, config: SiteConfig, data_dir: Path = DATA_DIR, built: dt.date | None = None) -> Site:
    """Validate the ledger and read the tables beside it; InvalidLedger carries the validator's messages."""
    result = load_path(ledger)
    if result.frame is None:
        raise InvalidLedger(result.source, result.problems, result.exit_code)
    return Site(claims=result.frame, raw=Path(ledger).read_bytes(), source_name=Path(ledger).name, config=config,
                releases=load_releases(data_dir / "releases.csv"), changes=load_changes(data_dir / "changes.csv"),
                events=load_events(data_dir / "events.csv"), built=built or dt.date.today())
