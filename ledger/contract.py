"""The ledger's contract, read from data/datapackage.json: fields, rules, vocabularies and reference tables.

Facts the rest of the package needs (the statuses, the formula prefixes, the shape of a source
address) are taken from here, so each is written once.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ledger.paths import DATAPACKAGE_PATH

# A spreadsheet runs a cell starting with one of these as a formula. The validator refuses them and
# the exports defuse them; the contract's rule no_formula_text says the same in words.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Field:
    """One column of the ledger, as datapackage.json describes it."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    raw: dict[str, Any]

    @property
    def required(self) -> bool:
        """Whether every row must give a value."""
        return bool(self.constraints.get("required"))

    @property
    def is_date(self) -> bool:
        """Whether the column holds a date (YYYY-MM-DD or YYYY-MM)."""
        return bool(self.raw.get("x-date"))


@dataclass(frozen=True)
class Rule:
    """A cross-field rule: its name, the column it reports against, and its text."""

    name: str
    field: str | None
    description: str


@dataclass(frozen=True)
class Contract:
    """Everything the validator needs: fields, vocabularies and cross-field rules."""

    fields: tuple[Field, ...]
    vocabularies: dict[str, tuple[str, ...]]
    vocabulary_files: dict[str, str]
    rules: tuple[Rule, ...]
    descriptor: dict[str, Any] = field(repr=False)
    tables: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        """The column names, in contract order."""
        return [f.name for f in self.fields]

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses a claim can have, strongest first: the status field's enum."""
        return tuple(self.field("status").constraints["enum"])

    @property
    def url_pattern(self) -> re.Pattern[str]:
        """What a source address must look like: the source_url field's pattern."""
        return re.compile(self.field("source_url").constraints["pattern"])

    def field(self, name: str) -> Field:
        """The field called `name`."""
        return next(f for f in self.fields if f.name == name)

    def rule(self, name: str) -> Rule:
        """The cross-field rule called `name`."""
        return next(r for r in self.rules if r.name == name)

    def list_reference(self, name: str) -> tuple[frozenset[str], str]:
        """(the ids a list column may hold, their separator), from the field's x-list-reference."""
        ref = self.field(name).raw["x-list-reference"]
        return frozenset(row[ref["fields"]] for row in self.tables[ref["resource"]]), ref["separator"]

    def lookup(self, resource: str, key: str, value: str) -> dict[str, str]:
        """{key value: value column} from a reference table, e.g. claimant id -> claimant_type."""
        return {row[key]: row[value] for row in self.tables[resource]}


def read_rows(path: Path) -> tuple[dict[str, str], ...]:
    """A reference table's rows, every cell as text: the one reader of the package's small tables."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=4)
def load_contract(path: Path = DATAPACKAGE_PATH) -> Contract:
    """Read the data package descriptor and the vocabularies it points to.

    Args:
        path: the datapackage.json to read; the shipped one by default.

    Returns:
        The contract, with every foreign key's vocabulary and reference table loaded.
    """
    descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    schema = resources["ledger"]["schema"]
    fields = tuple(
        Field(f["name"], f["type"], f["description"], f.get("constraints", {}), f)
        for f in schema["fields"]
    )
    vocab: dict[str, tuple[str, ...]] = {}
    files: dict[str, str] = {}
    tables: dict[str, tuple[dict[str, str], ...]] = {}
    for fk in schema.get("foreignKeys", []):
        name = fk["reference"]["resource"]
        target = resources[name]
        if name not in tables:
            tables[name] = read_rows(Path(path).parent / target["path"])
        vocab[fk["fields"]] = tuple(row[fk["reference"]["fields"]] for row in tables[name])
        files[fk["fields"]] = f"data/{target['path']}"
    # A column that lists several ids of a table (site_ids) is checked id by id, so its table is read
    # here too, but it is no vocabulary of whole cells.
    for f in schema["fields"]:
        ref = f.get("x-list-reference")
        if ref and ref["resource"] not in tables:
            tables[ref["resource"]] = read_rows(Path(path).parent / resources[ref["resource"]]["path"])
    rules = tuple(Rule(r["name"], r.get("field"), r["description"]) for r in schema["x-rules"])
    return Contract(fields, vocab, files, rules, descriptor, tables)


@lru_cache(maxsize=16)
def resource_rows(name: str, path: Path = DATAPACKAGE_PATH) -> tuple[dict[str, str], ...]:
    """The rows of the data package's resource `name` (parties, categories, claimants, sites, events...)."""
    contract = load_contract(path)
    if name in contract.tables:
        return contract.tables[name]
    resource = next(r for r in contract.descriptor["resources"] if r["name"] == name)
    return read_rows(Path(path).parent / resource["path"])


# The shipped contract's facts, as names for the modules that need only those.
STATUSES: tuple[str, ...] = load_contract().statuses
URL_PATTERN: re.Pattern[str] = load_contract().url_pattern
# A row whose stance is not `asserts` answers a claim (a denial or a dispute): it never counts.
ANSWER_STANCES: tuple[str, ...] = tuple(s for s in load_contract().field("stance").constraints["enum"]
                                        if s != "asserts")
