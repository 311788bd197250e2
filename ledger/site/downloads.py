"""Downloads: the ledger as CSV, JSON and XLSX, the data dictionary and the data package, with checksums."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ledger.contract import load_contract
from ledger.dictionary import render_dictionary
from ledger.export import MEDIA_TYPES, public_columns, to_json_bytes, to_xlsx_bytes
from ledger.paths import DATA_DIR, DATAPACKAGE_PATH
from ledger.site.context import Site
from ledger.site.render import Meta, Renderer
from ledger.site.writer import SiteWriter

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time, so the same data gives the same bytes


@dataclass(frozen=True)
class Download:
    """One file offered for download."""

    name: str
    title: str
    media_type: str
    size: int
    sha256: str

    @property
    def path(self) -> str:
        """Where it sits in the site."""
        return f"downloads/{self.name}"


def datapackage_zip(site: Site, data_dir: Path = DATA_DIR) -> bytes:
    """The data package: datapackage.json and every resource it names, with the ledger as built; stable bytes."""
    descriptor = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    files = {"datapackage.json": DATAPACKAGE_PATH.read_bytes()}
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        files[resource["path"]] = site.raw if resource["name"] == "ledger" else path.read_bytes()
    for extra in ("README.md", "CHANGELOG.md"):
        if (data_dir / extra).is_file():
            files[extra] = (data_dir / extra).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"exchange-ledger/{name}", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buf.getvalue()


def write_downloads(site: Site, renderer: Renderer, writer: SiteWriter) -> list[Download]:
    """Write every download, SHA256SUMS and the downloads page; the list of downloads."""
    shown = public_columns(site.claims, load_contract().names)
    files = [
        ("ledger.csv", "The ledger as published (CSV)", MEDIA_TYPES["csv"], site.raw),
        ("ledger.json", "The ledger as JSON records", MEDIA_TYPES["json"], to_json_bytes(shown)),
        ("ledger.xlsx", "The ledger as an Excel workbook", MEDIA_TYPES["xlsx"], to_xlsx_bytes(shown)),
        ("datapackage.zip", "The data package: ledger, vocabularies, events, valuations, releases, changes and "
                            "datapackage.json (Frictionless Data Package)", "application/zip", datapackage_zip(site)),
        ("data-dictionary.md", "The data dictionary (Markdown)", "text/markdown",
         render_dictionary().encode("utf-8")),
    ]
    out = []
    for name, title, media, data in files:
        writer.write_bytes(f"downloads/{name}", data)
        out.append(Download(name, title, media, len(data), hashlib.sha256(data).hexdigest()))
    writer.write_text("downloads/SHA256SUMS", "".join(f"{d.sha256}  {d.name}\n" for d in out))
    meta = Meta("Downloads", "The ledger as CSV, JSON and Excel, and the whole data package, with SHA-256 checksums.",
                "downloads/", site.preview(), dashboard=site.dashboard("Ledger and downloads"))
    writer.page("downloads/", renderer.page("downloads.html", meta, downloads=out, n_claims=len(site.claims)))
    return out
