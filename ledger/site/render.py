"""Jinja2 with autoescape on: every value from the ledger is escaped where it lands, in HTML and in XML."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ledger.site.config import SiteConfig
from ledger.site.urls import root_for
from ledger.tables import safe_url

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Characters XML 1.0 forbids; the contract keeps them out of the ledger, and the feed drops any all the same.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# In a <script type="application/json"> block only these could end the block or open a comment; inside JSON
# strings their \u escapes read the same.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(text: str) -> Markup:
    """JSON text made safe to sit inside a <script type="application/json"> element."""
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text))


def to_script_json(value: object) -> Markup:
    """A plain value as JSON for a script element (see script_json)."""
    return script_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def xml_text(value: object) -> str:
    """Text with the characters XML 1.0 forbids removed (escaping is autoescape's job)."""
    return _NOT_XML.sub("", str(value))


def http_url(value: object) -> str | None:
    """The address if it is a plain http(s) URL, else None: nothing else becomes a link."""
    return safe_url(str(value)) if isinstance(value, str) and value else None


def number(value: object) -> str:
    """12,345."""
    return f"{int(value):,}"  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one environment: templates from ledger/site/templates, autoescaped whatever their name."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(script_json=script_json, tojson_script=to_script_json, xml_text=xml_text, http_url=http_url,
                       number=number)
    return env


@dataclass(frozen=True)
class Meta:
    """What the page's head says about it: title, description, address and preview image."""

    title: str
    description: str
    path: str  # the page's folder inside the site, '' for the first page
    image: str  # the preview image's path inside the site
    kind: str = "website"
    dashboard: str = ""  # the dashboard's view of the same thing
    noindex: bool = False
    root: str | None = None  # the links' prefix, when not relative (the 404 page is served at any depth)


class Renderer:
    """Renders pages with what every page shares: the addresses, the assets, the release and the licence."""

    def __init__(self, config: SiteConfig, assets: dict[str, str], common: dict[str, object]) -> None:
        """The configuration, the assets' paths, and the context every page shares."""
        self.config = config
        self.assets = assets
        self.common = common

    def page(self, template: str, meta: Meta, **context: object) -> str:
        """A whole HTML page: the template, with the site's head, navigation and footer from base.html."""
        root = root_for(meta.path) if meta.root is None else meta.root
        return environment().get_template(template).render(
            meta=meta, root=root, assets=self.assets, canonical=self.config.absolute(meta.path),
            image_url=self.config.absolute(meta.image), **self.common, **context)


def render_text(template: str, **context: object) -> str:
    """A non-page file (feed, sitemap) from its template."""
    return environment().get_template(template).render(**context)
