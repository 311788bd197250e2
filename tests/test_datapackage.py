"""The data package passes the standard's own validator (frictionless), and its release fields are current."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import validate

from ledger.paths import DATA_DIR, DATAPACKAGE_PATH
from ledger.reader import load_path

ROOT = Path(__file__).resolve().parent.parent
# The Table Schema's own constraint keys: anything else (our messages, rules) lives outside constraints.
STANDARD_CONSTRAINTS = {"required", "unique", "minLength", "maxLength", "minimum", "maximum",
                        "exclusiveMinimum", "exclusiveMaximum", "pattern", "enum", "jsonSchema"}


def descriptor() -> dict:
    return json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))


def errors(report) -> list[str]:
    return [" ".join(str(x) for x in row) for row in report.flatten(["resourceName", "rowNumber", "fieldName",
                                                                      "type", "note"])]


def test_the_shipped_package_passes_frictionless():
    report = validate(str(DATAPACKAGE_PATH))
    assert report.valid, errors(report)
    assert {task.name for task in report.tasks} == {r["name"] for r in descriptor()["resources"]}


@pytest.fixture(scope="module")
def synth_package(tmp_path_factory) -> Path:
    """A copy of the data package around a generated 10,000-row ledger."""
    folder = tmp_path_factory.mktemp("package") / "data"
    shutil.copytree(DATA_DIR, folder)
    subprocess.run([sys.executable, "-m", "ledger", "synth", "--rows", "10000", "--out", folder / "ledger.csv"],
                   cwd=ROOT, check=True, capture_output=True)
    return folder


def test_a_package_around_a_generated_10000_row_ledger_passes_frictionless_and_ours(synth_package):
    report = validate(str(synth_package / "datapackage.json"))
    assert report.valid, errors(report)
    ledger_task = next(t for t in report.tasks if t.name == "ledger")
    assert ledger_task.stats["rows"] == 10_000
    assert load_path(synth_package / "ledger.csv").ok


def test_frictionless_finds_a_broken_row_in_the_generated_package(synth_package, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(synth_package, folder)
    with (folder / "ledger.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    names = rows[0]
    rows[5000][names.index("category")] = "submarines"  # not in categories.csv
    rows[7000][names.index("id")] = "Not A Slug"
    with (folder / "ledger.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = validate(str(folder / "datapackage.json"))
    found = {(e[0], e[1]) for e in report.flatten(["rowNumber", "type"])}
    assert (5001, "foreign-key") in found
    assert (7001, "constraint-error") in found


def test_custom_keys_stay_out_of_constraints():
    for resource in descriptor()["resources"]:
        for f in resource.get("schema", {}).get("fields", []):
            assert set(f.get("constraints", {})) <= STANDARD_CONSTRAINTS, (resource["name"], f["name"])


def newest_release() -> dict[str, str]:
    with (DATA_DIR / "releases.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[-1]


def test_version_and_created_follow_the_newest_release():
    package, release = descriptor(), newest_release()
    assert package["version"] == release["version"]
    created = dt.datetime.fromisoformat(package["created"].replace("Z", "+00:00"))
    assert created.tzinfo is not None
    assert created.date().isoformat() == release["date"]


def test_every_change_belongs_to_a_listed_release():
    with (DATA_DIR / "releases.csv").open(encoding="utf-8", newline="") as fh:
        versions = [r["version"] for r in csv.DictReader(fh)]
    with (DATA_DIR / "changes.csv").open(encoding="utf-8", newline="") as fh:
        used = {r["version"] for r in csv.DictReader(fh)}
    assert used <= set(versions)
    assert versions == sorted(versions, key=lambda v: tuple(int(x) for x in v.split(".")))
