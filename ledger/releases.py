"""Releases and the data changelog: what changed since a release or a date, and the diff of two ledgers.

data/releases.csv lists the releases (version, date, claims, events, summary); data/changes.csv lists,
per release, each claim added, corrected or withdrawn, with the fields that changed and the reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ledger.paths import DATA_DIR
from ledger.problems import LedgerReadError, Problem
from ledger.reader import check_shape, duplicate_columns, read_records

CHANGE_KINDS = ("added", "corrected", "withdrawn")
CHANGE_COLUMNS = ["version", "date", "change", "id", "item", "claimant", "fields", "reason"]
DIFF_COLUMNS = ["change", "id", "fields"]


def load_releases(path: Path | None = None) -> pd.DataFrame:
    """data/releases.csv with `date` as a date, in file order."""
    frame = pd.read_csv(path or DATA_DIR / "releases.csv", dtype=str, keep_default_na=False)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.date
    return frame


def load_changes(path: Path | None = None) -> pd.DataFrame:
    """data/changes.csv, every cell as text ("" for none)."""
    return pd.read_csv(path or DATA_DIR / "changes.csv", dtype=str, keep_default_na=False)


def latest_release(releases: pd.DataFrame) -> tuple[str, dt.date]:
    """(version, date) of the newest release: the last row, releases being kept in date order."""
    last = releases.iloc[-1]
    return str(last["version"]), last["date"]


def versions_after(releases: pd.DataFrame, version: str | None = None, date: dt.date | None = None) -> list[str]:
    """The versions released after `version` (in file order), or dated after `date`; all of them if neither."""
    versions = list(releases["version"])
    if version is not None:
        return versions[versions.index(version) + 1:] if version in versions else []
    if date is not None:
        return [v for v, d in zip(releases["version"], releases["date"], strict=True) if d > date]
    return versions


def changes_since(changes: pd.DataFrame, releases: pd.DataFrame, claims: pd.DataFrame,
                  version: str | None = None, date: dt.date | None = None) -> pd.DataFrame:
    """Claims added, corrected or withdrawn in the releases after `version` (or dated after `date`).

    One row per change, newest release first, with the claim's item and claimant where the ledger still
    holds it (a withdrawn claim is no longer in the ledger) and the reason from the changelog.
    """
    wanted = versions_after(releases, version, date)
    rows = changes[changes["version"].isin(wanted)].copy()
    order = {v: i for i, v in enumerate(releases["version"])}
    rows["date"] = rows["version"].map(dict(zip(releases["version"], releases["date"], strict=True)))
    about = claims.drop_duplicates("id").set_index("id")
    for column in ("item", "claimant"):
        rows[column] = rows["id"].map(about[column]).astype("string").fillna("") if len(about) else ""
    rows["_order"] = rows["version"].map(order)
    rows["_kind"] = rows["change"].map({k: i for i, k in enumerate(CHANGE_KINDS)})
    rows = rows.sort_values(["_order", "_kind", "id"], ascending=[False, True, True], kind="mergesort")
    return rows[CHANGE_COLUMNS].reset_index(drop=True)


def consistency_problems(claims: pd.DataFrame, changes: pd.DataFrame, releases: pd.DataFrame) -> list[str]:
    """Every way the changelog and the ledger disagree; an empty list when they agree."""
    problems = []
    versions = list(releases["version"])
    dates = list(releases["date"])
    if dates != sorted(dates):
        problems.append(f"data/releases.csv: releases are not in date order: {versions}")
    for version in sorted(set(changes["version"]) - set(versions)):
        problems.append(f"data/changes.csv: version {version} is not in data/releases.csv")
    for kind in sorted(set(changes["change"]) - set(CHANGE_KINDS)):
        problems.append(f"data/changes.csv: unknown change {kind!r} (expected one of {', '.join(CHANGE_KINDS)})")
    added = changes[changes["change"] == "added"]
    counts = added["id"].value_counts()
    added_in = dict(zip(added["id"], added["version"], strict=False))
    for cid, version in zip(claims["id"], claims["added_in"], strict=True):
        n = int(counts.get(cid, 0))
        if n != 1:
            problems.append(f"data/changes.csv: {cid} has {n} 'added' rows; expected exactly one")
        elif added_in[cid] != version:
            problems.append(f"data/changes.csv: {cid} is added in {added_in[cid]}, but its added_in is {version}")
    present = set(claims["id"])
    for cid in sorted(set(changes.loc[changes["change"] == "withdrawn", "id"]) & present):
        problems.append(f"data/ledger.csv: {cid} is withdrawn in data/changes.csv but still in the ledger")
    return problems


def _id_problems(frame: pd.DataFrame, starts: list[int]) -> list[Problem]:
    """Empty and repeated ids, at the physical line of the record; a repeat names the line of the first."""
    column = list(frame.columns).index("id") + 1
    ids = frame["id"]
    first_line: dict[str, int] = {}
    problems = []
    for i, cid in enumerate(ids):
        if not cid.strip():
            problems.append(Problem("empty id", line=starts[i], column=column, field="id"))
        elif cid in first_line:
            problems.append(Problem(f"duplicate id {cid!r} (first on line {first_line[cid]})", line=starts[i],
                                    column=column, field="id"))
        else:
            first_line[cid] = starts[i]
    return problems


def read_for_diff(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A ledger as text for diff_ledgers, read by the strict reader that validation uses; or why it can't be.

    The diff needs a well-formed CSV whose rows have unique, non-empty ids. Nothing else is checked, so
    ledgers that break other rules (or come from a release with other columns) can still be compared.

    Args:
        path: the ledger file.

    Returns:
        (the ledger as text, []), or (None, the problems), each naming the physical line where it has one.
    """
    try:
        records = read_records(path.read_bytes())
    except FileNotFoundError:
        return None, [Problem("no such file", fatal=True)]
    except OSError as err:
        return None, [Problem(f"cannot be read: {err.strerror or type(err).__name__}", fatal=True)]
    except LedgerReadError as err:
        return None, [err.problem]
    problems = duplicate_columns(records.names) + check_shape(records)
    if "id" not in records.names:
        problems.append(Problem("no `id` column", line=1))
    if problems:
        return None, problems
    frame = records.frame()
    problems = _id_problems(frame, records.starts)
    return (None, problems) if problems else (frame, [])


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype("string").fillna("").set_index("id", drop=False)


def diff_ledgers(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Ids added, withdrawn and corrected from `old` to `new`; for a correction, the columns that changed.

    Both frames hold the ledger as text (read with dtype=str); columns only one side has are ignored.
    """
    old, new = _as_text(old), _as_text(new)
    rows = [("added", i, "") for i in sorted(set(new.index) - set(old.index))]
    rows += [("withdrawn", i, "") for i in sorted(set(old.index) - set(new.index))]
    common = sorted(set(old.index) & set(new.index))
    columns = [c for c in new.columns if c in old.columns and c != "id"]
    if common and columns:
        differs = old.loc[common, columns].ne(new.loc[common, columns])
        for cid, flags in differs.iterrows():
            changed = [c for c in columns if flags[c]]
            if changed:
                rows.append(("corrected", cid, ";".join(changed)))
    out = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    out["_kind"] = out["change"].map({k: i for i, k in enumerate(CHANGE_KINDS)})
    return out.sort_values(["_kind", "id"], kind="mergesort").drop(columns="_kind").reset_index(drop=True)


def diff_report(diff: pd.DataFrame, old_name: str, new_name: str, markdown: bool = True) -> str:
    """The diff as Markdown (for a release note) or plain text: one section per kind of change."""
    counts = {k: int((diff["change"] == k).sum()) for k in CHANGE_KINDS}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    lines = [f"# Changes from {old_name} to {new_name}" if markdown else f"Changes from {old_name} to {new_name}",
             "", f"{summary}."]
    for kind in CHANGE_KINDS:
        part = diff[diff["change"] == kind]
        if part.empty:
            continue
        lines += ["", f"## {kind.capitalize()} ({len(part)})" if markdown else f"{kind.capitalize()} ({len(part)}):"]
        for cid, fields in zip(part["id"], part["fields"], strict=True):
            what = f"`{cid}`" if markdown else cid
            lines.append(f"- {what}" + (f": {fields.replace(';', ', ')}" if fields else ""))
    return "\n".join(lines) + "\n"


def latest_claim_date(claims: pd.DataFrame) -> str | None:
    """The newest reported_on in the ledger, as written (YYYY-MM-DD or YYYY-MM); None for an empty ledger."""
    if claims.empty:
        return None
    return str(claims["reported_on"].iloc[int(claims["reported_date"].argmax())])


def currency_markdown(claims: pd.DataFrame, releases: pd.DataFrame, coverage_link: str) -> str:
    """'Latest claim: DATE · release V of DATE · what is not yet covered': how current the ledger is."""
    latest = latest_claim_date(claims)
    version, date = latest_release(releases)
    return (f"**Latest claim:** {latest or 'none'} · **Release** {version} of {date.isoformat()} · "
            f"[What is not yet covered]({coverage_link})")
