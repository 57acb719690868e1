"""Command line: `analytics sectors` and friends."""

from __future__ import annotations

import argparse
import sys

from intake_api.config import get_settings
from intake_api.db import make_engine

from .data import load_feedback
from .figures import sector_figures


def cmd_sectors(args: argparse.Namespace) -> int:
    """Feedback count and mean rating per sector.

    Example:
        analytics sectors
        analytics sectors --database-url sqlite:///data/intake.db
    """
    engine = make_engine(args.database_url or get_settings().database_url)
    rows = sector_figures(load_feedback(engine))
    engine.dispose()
    if not rows:
        print("Ingen tilbakemeldinger ennå.")
        return 0
    width = max(len(r.sector_name) for r in rows)
    print(f"{'Sektor':<{width}}  {'Antall':>6}  {'Snitt (1–6)':>11}")
    for r in rows:
        print(f"{r.sector_name:<{width}}  {r.count:>6}  {r.mean_rating:>11.2f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analytics", description="Feedback figures for the kommune's quality cycle.")
    sub = parser.add_subparsers(dest="command", required=True)
    sectors = sub.add_parser(
        "sectors",
        help="feedback count and mean rating per sector",
        description=cmd_sectors.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sectors.add_argument("--database-url", help="SQLAlchemy URL (default: the intake API's INTAKE_DATABASE_URL)")
    sectors.set_defaults(func=cmd_sectors)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
