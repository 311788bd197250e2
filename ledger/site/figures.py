"""Plotly figures as plain JSON for the pages: the template kept once per site, strings shared across views."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.utils import PlotlyJSONEncoder


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON data, without its template (the site's script adds it, light or dark)."""
    data = json.loads(pio.to_json(fig, validate=False))
    data.get("layout", {}).pop("template", None)
    return data


def templates() -> dict[str, Any]:
    """Plotly's light and dark templates, as the python package defines them, once for the whole site."""
    return {name: json.loads(json.dumps(pio.templates[template].to_plotly_json(), cls=PlotlyJSONEncoder))
            for name, template in (("light", "plotly"), ("dark", "plotly_dark"))}


class Interner:
    """Shares repeated text: every string becomes its base-36 index in one table (the script reverses it)."""

    def __init__(self) -> None:
        """An empty table."""
        self.strings: list[str] = []
        self._index: dict[str, str] = {}

    def _ref(self, text: str) -> str:
        ref = self._index.get(text)
        if ref is None:
            ref = self._index[text] = _base36(len(self.strings))
            self.strings.append(text)
        return ref

    def encode(self, value: object) -> object:
        """The same structure with every string value (not key) replaced by its reference."""
        if isinstance(value, str):
            return self._ref(value)
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            return {k: self.encode(v) for k, v in value.items()}
        return value


def decode(value: object, strings: list[str]) -> object:
    """Interner.encode reversed, as the page's script does it: for Python readers of a built site's views."""
    if isinstance(value, str):
        return strings[int(value, 36)]
    if isinstance(value, list):
        return [decode(v, strings) for v in value]
    if isinstance(value, dict):
        return {k: decode(v, strings) for k, v in value.items()}
    return value


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
