"""API keys: create, list, revoke, and the development keys for each role.

python -m intake_api.keys ensure-dev
python -m intake_api.keys create --role unit --name "Børsa barnehage – styrer" --unit 1
python -m intake_api.keys list
python -m intake_api.keys revoke KEY_ID
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .config import Settings, get_settings
from .db import make_engine
from .models import ApiKey, Unit, utcnow
from .security import ROLES, format_key, hash_secret, new_key_id, new_salt, new_secret

# Well-known keys for development and tests; refused in production. The unit key covers the
# home-care units, where the demo conversations leave their feedback.
DEV_KEYS = {
    "bot": "ibd.dev-bot.development-only-bot-key",
    "unit": "ibd.dev-unit.development-only-unit-key",
    "servicetorget": "ibd.dev-servicetorget.development-only-servicetorget-key",
    "leader": "ibd.dev-leader.development-only-leader-key",
    "admin": "ibd.dev-admin.development-only-admin-key",
}
DEV_UNIT_NAMES = ("Hjemmetjenesten", "Rossvollheimen helse- og omsorgssenter")


class KeyRefused(ValueError):
    """A key cannot be created or revoked as asked."""


@dataclass(frozen=True)
class IssuedKey:
    """A key as created: the full secret is only here, never stored."""

    row: ApiKey
    key: str


def create_key(
    session: Session,
    settings: Settings,
    *,
    name: str,
    role: str,
    unit_ids: list[int] | tuple[int, ...] = (),
    key: str | None = None,
) -> IssuedKey:
    """Create a key (a random one unless `key` is given, as for the development keys)."""
    if role not in ROLES:
        raise KeyRefused(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    units = list(session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))) if unit_ids else []
    missing = sorted(set(unit_ids) - {u.id for u in units})
    if missing:
        raise KeyRefused(f"unknown unit id(s) {', '.join(map(str, missing))}")
    if key is None:
        key_id, secret = new_key_id(), new_secret()
        key = format_key(key_id, secret)
    else:
        _, key_id, secret = key.split(".", 2)
    salt = new_salt()
    row = ApiKey(
        key_id=key_id,
        name=name,
        role=role,
        salt=salt,
        secret_hash=hash_secret(secret, salt, settings.api_key_pepper),
        units=units,
    )
    session.add(row)
    session.flush()
    return IssuedKey(row=row, key=key)


def ensure_dev_keys(session: Session, settings: Settings) -> list[IssuedKey]:
    """Create the missing development keys (one per role) and return all of them; never in production."""
    if settings.environment == "production":
        raise KeyRefused("development keys are refused when INTAKE_ENVIRONMENT=production")
    issued = []
    for role, key in DEV_KEYS.items():
        key_id = key.split(".")[1]
        row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
        if row is None:
            unit_ids = (
                list(session.scalars(select(Unit.id).where(Unit.name.in_(DEV_UNIT_NAMES)))) if role == "unit" else []
            )
            issued.append(
                create_key(session, settings, name=f"Development {role} key", role=role, unit_ids=unit_ids, key=key)
            )
        else:
            issued.append(IssuedKey(row=row, key=key))
    session.commit()
    return issued


def revoke_key(session: Session, key_id: str) -> ApiKey:
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
    if row is None:
        raise KeyRefused(f"no key with id {key_id!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    session.flush()
    return row


def describe(issued: IssuedKey) -> str:
    units = ", ".join(u.name for u in issued.row.units)
    return f"  {issued.row.role:<14} {issued.key}" + (f"   (units: {units})" if units else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake_api.keys", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--database-url", help="default: INTAKE_DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ensure-dev", help="create the development key of each role (not in production) and print them")
    create = sub.add_parser("create", help="create a key and print it once")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True)
    create.add_argument("--unit", type=int, action="append", default=[], help="unit id (unit keys; repeatable)")
    sub.add_parser("list", help="list keys (without secrets)")
    revoke = sub.add_parser("revoke", help="revoke a key by its key id")
    revoke.add_argument("key_id")
    args = parser.parse_args(argv)

    settings = get_settings()
    engine = make_engine(args.database_url or settings.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            if args.command == "ensure-dev":
                print("Development API keys (X-API-Key header):")
                for issued in ensure_dev_keys(session, settings):
                    print(describe(issued))
            elif args.command == "create":
                issued = create_key(session, settings, name=args.name, role=args.role, unit_ids=args.unit)
                session.commit()
                print("New key (shown once, only a hash is stored):")
                print(describe(issued))
            elif args.command == "list":
                for row in session.scalars(select(ApiKey).order_by(ApiKey.id)):
                    state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
                    print(f"{row.key_id:<20} {row.role:<14} {state:<18} {row.name}")
            else:
                revoke_key(session, args.key_id)
                session.commit()
                print(f"revoked {args.key_id}")
    except KeyRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
