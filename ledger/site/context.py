"""What every page is built from: the validated claims, the reference tables, the release and the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ledger.contract import STATUSES
from ledger.paths import DATA_DIR
from ledger.problems import Problem
from ledger.reader import load_path
from ledger.reference import ReferenceTables, load_events, party_labels, reference_tables, sites
from ledger.releases import latest_release, load_changes, load_releases
from ledger.site.config import SiteConfig
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
    refs: ReferenceTables = field(default_factory=reference_tables)  # the vocabularies the charts take
    parties: dict[str, str] = field(default_factory=party_labels)
    site_table: pd.DataFrame = field(default_factory=sites)  # the places claims name (data/sites.csv)
    previews_on: bool = True  # preview images are made at build time (False: pages carry no image)

    @cached_property
    def release(self) -> tuple[str, dt.date]:
        """(version, date) of the newest release (asked once per page: kept)."""
        return latest_release(self.releases)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Category id -> label."""
        return dict(self.refs.category_labels)

    @cached_property
    def claimant_names(self) -> dict[str, tuple[str, str]]:
        """Claimant id -> (name, claimant type)."""
        return dict(self.refs.claimants)

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
