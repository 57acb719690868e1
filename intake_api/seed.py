"""Seed the unit registry from a data file.

    python -m intake_api.seed                 # add the units of intake_api/seed/units_skaun.yml that are missing
    python -m intake_api.seed --update        # also bring existing units' sector and aliases in line with the file
    python -m intake_api.seed --file my_units.yml

`python -m intake_api.migrate` applies the file by itself when the unit table is empty.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from innbygger_common.catalogue import catalogue
from innbygger_common.profile import fact

from .config import get_settings
from .db import make_engine
from .models import Unit

DEFAULT_FILE = Path(__file__).resolve().parent / "seed" / "units_skaun.yml"


@dataclass(frozen=True)
class SeedResult:
    """What applying a seed file changed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_units(path: Path = DEFAULT_FILE) -> list[dict[str, Any]]:
    """The units of a seed file, checked against the sector codes of topics.yml."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    units = raw.get("units") or []
    sectors = catalogue().sectors
    for entry in units:
        if entry.get("sector") not in sectors:
            raise ValueError(f"{path.name}: unit {entry.get('name')!r} has unknown sector {entry.get('sector')!r}")
    return list(units)


def apply_units(session: Session, units: list[dict[str, Any]], update: bool = False) -> SeedResult:
    """Add missing units (matched by name); with `update`, also align sector and aliases of existing ones."""
    result = SeedResult()
    postmottak = str(fact("servicetorget.email"))
    existing = {unit.name: unit for unit in session.scalars(select(Unit))}
    for entry in units:
        name, sector, aliases = str(entry["name"]), str(entry["sector"]), [str(a) for a in entry.get("aliases") or []]
        unit = existing.get(name)
        if unit is None:
            session.add(Unit(name=name, sector=sector, aliases=aliases, email=entry.get("email") or postmottak))
            result.added.append(name)
        elif update and (unit.sector, unit.aliases) != (sector, aliases):
            unit.sector, unit.aliases = sector, aliases
            result.updated.append(name)
        else:
            result.unchanged.append(name)
    session.commit()
    return result


def seed_if_empty(session: Session, path: Path = DEFAULT_FILE) -> SeedResult | None:
    """Apply the seed file when the unit table is empty; None when there were units already."""
    if session.scalar(select(func.count()).select_from(Unit)):
        return None
    return apply_units(session, load_units(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake_api.seed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="seed file (default: %(default)s)")
    parser.add_argument("--update", action="store_true", help="also update sector and aliases of existing units")
    parser.add_argument("--database-url", help="default: INTAKE_DATABASE_URL")
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url or get_settings().database_url)
    try:
        with Session(engine) as session:
            result = apply_units(session, load_units(args.file), update=args.update)
    finally:
        engine.dispose()
    print(f"units: {len(result.added)} added, {len(result.updated)} updated, {len(result.unchanged)} unchanged")
    for name in result.added:
        print(f"  + {name}")
    for name in result.updated:
        print(f"  ~ {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
