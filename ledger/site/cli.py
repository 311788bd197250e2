"""`ledger site OUT`: its arguments and what it prints. Imports nothing heavy until it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The site verb's arguments."""
    parser.add_argument("out", help="the folder to write the site to (replaced whole when the build succeeds)")
    parser.add_argument("--ledger", default=None, help="the ledger CSV (default: the shipped data/ledger.csv)")
    parser.add_argument("--base-url", default=None, help="the site's public address (default: ledger/site/site.toml "
                                                         "or $LEDGER_SITE_URL)")
    parser.add_argument("--dashboard-url", default=None, help="the dashboard's address, for links to the same view")
    parser.add_argument("--force", action="store_true",
                        help="replace OUT even if it holds something other than a previous build (kept beside it)")
    parser.add_argument("--no-previews", dest="previews", action="store_false",
                        help="make no preview images (no browser needed); pages then carry no og:image")
    parser.add_argument("--chromium", default=None, help="the Chromium that draws the previews (default: on PATH)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the site; validator messages and refusals go to stderr with a non-zero exit."""
    from ledger.paths import LEDGER_PATH
    from ledger.site.builder import build_site
    from ledger.site.config import ConfigError, site_config
    from ledger.site.context import InvalidLedger
    from ledger.site.previews import PreviewError
    from ledger.site.writer import TargetRefused

    ledger = Path(args.ledger) if args.ledger else LEDGER_PATH
    try:
        config = site_config(base_url=args.base_url, dashboard_url=args.dashboard_url)
        report = build_site(Path(args.out), ledger, config=config, force=args.force, previews=args.previews,
                            chromium=args.chromium)
    except InvalidLedger as err:
        for problem in err.problems:
            print(f"{err.source}: {problem}", file=sys.stderr)
        n = len(err.problems)
        print(f"{err.source}: {n} problem{'s' if n != 1 else ''}, not a valid ledger; no site was written",
              file=sys.stderr)
        return err.exit_code
    except (TargetRefused, ConfigError, PreviewError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {report.out}: {report.n_pages:,} pages ({report.n_claims:,} claims), {report.n_files:,} files, "
          f"{report.n_previews} preview images, in {report.seconds:.1f} s")
    if report.kept:
        print(f"what {report.out} held before is kept at {report.kept}")
    return 0
