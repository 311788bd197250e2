"""Everything the static edition takes from the rest of the package, imported in this one place.

The site never re-implements a counting rule, a label or an escape: it calls the functions the dashboard
calls. Keeping every import here means a module that moves is fixed in one file.
"""

from __future__ import annotations

from ledger.charts import SANKEY_TITLES, STATUS_STYLE, estimates_figure, legend_rows, sankey_figure, timeline_figure
from ledger.dictionary import render_dictionary
from ledger.export import MEDIA_TYPES, public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.flows import FLOW_KEY, FRESHNESS_MONTHS, claimant_estimates, claims_for_flow, flow_figures
from ledger.paths import DATA_DIR, DATAPACKAGE_PATH, LEDGER_PATH
from ledger.publish import alt_text, plot_config, publishable
from ledger.reader import LoadResult, Problem, load_path
from ledger.reference import category_labels, claimant_info, load_events, party_labels
from ledger.releases import CHANGE_KINDS, changes_since, latest_claim_date, latest_release, load_changes, load_releases
from ledger.sanctions import limits_for
from ledger.schema import STATUSES, load_contract
from ledger.share import LICENCE, TITLE, citation, encode_flow, filters_in_words, source_line
from ledger.tables import (
    FIGURES_DISPLAY_COLUMNS,
    PAGE_SIZE,
    _safe_url,
    figures_display,
    format_flow_label,
    format_quantity,
    page_caption,
    page_count,
)
from ledger.view import CAPTIONS, RULE, Filters, build_view, summary_items

safe_url = _safe_url  # the dashboard's rule for a source link: http(s) only, no whitespace

__all__ = [
    "CAPTIONS",
    "CHANGE_KINDS",
    "DATAPACKAGE_PATH",
    "DATA_DIR",
    "FIGURES_DISPLAY_COLUMNS",
    "FLOW_KEY",
    "FRESHNESS_MONTHS",
    "LEDGER_PATH",
    "LICENCE",
    "MEDIA_TYPES",
    "PAGE_SIZE",
    "RULE",
    "SANKEY_TITLES",
    "STATUSES",
    "STATUS_STYLE",
    "TITLE",
    "Filters",
    "LoadResult",
    "Problem",
    "alt_text",
    "build_view",
    "category_labels",
    "changes_since",
    "citation",
    "claimant_estimates",
    "claimant_info",
    "claims_for_flow",
    "encode_flow",
    "estimates_figure",
    "figures_display",
    "filters_in_words",
    "flow_figures",
    "format_flow_label",
    "format_quantity",
    "latest_claim_date",
    "latest_release",
    "legend_rows",
    "limits_for",
    "load_changes",
    "load_contract",
    "load_events",
    "load_path",
    "load_releases",
    "page_caption",
    "page_count",
    "party_labels",
    "plot_config",
    "public_columns",
    "publishable",
    "render_dictionary",
    "safe_url",
    "sankey_figure",
    "source_line",
    "summary_items",
    "timeline_figure",
    "to_csv_bytes",
    "to_json_bytes",
    "to_xlsx_bytes",
]
