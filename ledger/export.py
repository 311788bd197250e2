"""Frames -> download bytes (CSV, JSON, XLSX), written so that no cell can become a formula."""

from __future__ import annotations

import io
import json

import pandas as pd

from ledger.contract import FORMULA_PREFIXES

MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def public_columns(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Only the contract's columns, in contract order (drops helper columns such as reported_date)."""
    return frame[[n for n in names if n in frame.columns]]


def defuse(value: object) -> object:
    """Prefix a quote to text a spreadsheet would run as a formula; leave everything else alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with LF endings; numbers without a trailing .0; formula-like text defused."""
    return frame.map(defuse).to_csv(index=False, lineterminator="\n", float_format="%.15g").encode("utf-8")


def to_json_bytes(frame: pd.DataFrame) -> bytes:
    """A JSON array of records; empty cells as null."""
    records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    clean = [{k: (None if v == "" else v) for k, v in r.items()} for r in records]
    return json.dumps(clean, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "ledger") -> bytes:
    """An .xlsx workbook in which every text cell is stored as text, never as a formula."""
    buf = io.BytesIO()
    safe = frame.map(defuse)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet)
        for row in writer.sheets[sheet].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would otherwise treat "=..." as a formula
    return buf.getvalue()
