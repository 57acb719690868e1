"""Staff users: create, change, list, and the development user of each role.

    python -m intake_api.staff.users create --username kari.nordmann --name "Kari Nordmann" --role unit --unit 3
    python -m intake_api.staff.users set-password kari.nordmann      # asks for the new password
    python -m intake_api.staff.users unlock kari.nordmann              # after too many wrong passwords
    python -m intake_api.staff.users deactivate kari.nordmann
    python -m intake_api.staff.users list
    python -m intake_api.staff.users ensure-dev                        # development users, one per role

`create` prints a temporary password once (or reads one with --password-stdin); the user
chooses their own at the first sign-in. Unit users follow up the units given with --unit
(ids: GET /api/v1/units or the admin page); other roles take none.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, or_, select, update
from sqlalchemy.orm import Session

from ..config import Settings, get_settings
from ..db import make_engine
from ..keys import DEV_UNIT_NAMES
from ..models import USER_ROLES, StaffSession, StaffUser, Unit, utcnow
from ..security import Principal
from .passwords import generate_password, hash_password, password_problem
from .settings import StaffSettings, get_staff_settings

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
ROLE_NAMES = {
    "unit": "Enhet",
    "servicetorget": "Servicetorget",
    "leader": "Leder",
    "editor": "Redaktør",
    "admin": "Administrator",
}
# Well-known users for development and tests; refused in production (creation and sign-in).
DEV_PREFIX = "dev-"
DEV_USERS = {
    "unit": ("dev-enhet", "Enhetsleder (utvikling)", "dev-passord-enhet"),
    "servicetorget": ("dev-servicetorget", "Servicetorget (utvikling)", "dev-passord-servicetorget"),
    "leader": ("dev-leder", "Leder (utvikling)", "dev-passord-leder"),
    "editor": ("dev-redaktor", "Redaktør (utvikling)", "dev-passord-redaktor"),
    "admin": ("dev-admin", "Administrator (utvikling)", "dev-passord-admin"),
}


class UserRefused(ValueError):
    """A user cannot be created or changed as asked; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class IssuedUser:
    """A user as created or found; `password` is only known right after it was set."""

    user: StaffUser
    password: str | None


def principal_for(user: StaffUser) -> Principal:
    """The user as the API's access rules see them (roles and unit scope, audit actor)."""
    return Principal(actor=f"user:{user.username}", roles=frozenset({user.role}),
                     unit_ids=frozenset(unit.id for unit in user.units))  # fmt: skip


def normalise_username(value: str) -> str:
    return value.strip().casefold()


def _units(session: Session, role: str, unit_ids: list[int] | tuple[int, ...]) -> list[Unit]:
    if role != "unit":
        if unit_ids:
            raise UserRefused("Bare brukere med rollen Enhet har enheter.", "units")
        return []
    if not unit_ids:
        raise UserRefused("Velg minst én enhet brukeren skal følge opp.", "units")
    units = list(session.scalars(select(Unit).where(Unit.id.in_(unit_ids))))
    missing = sorted(set(unit_ids) - {u.id for u in units})
    if missing:
        raise UserRefused(f"Ukjent enhet: {', '.join(map(str, missing))}.", "units")
    return units


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise UserRefused(f"Ukjent rolle {role!r}. Roller: {', '.join(USER_ROLES)}.", "role")


def _check_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not name:
        raise UserRefused("Skriv navnet til brukeren.", "display_name")
    if len(name) > 120:
        raise UserRefused("Navnet kan ha høyst 120 tegn.", "display_name")
    return name


def create_user(
    session: Session,
    staff: StaffSettings,
    *,
    username: str,
    display_name: str,
    role: str,
    unit_ids: list[int] | tuple[int, ...] = (),
    password: str | None = None,
    must_change_password: bool = True,
    check_password: bool = True,
) -> IssuedUser:
    """Add a user (flushed, not committed). Without `password` a temporary one is generated."""
    username = normalise_username(username)
    if not USERNAME.fullmatch(username):
        raise UserRefused(
            "Brukernavnet må ha 2–40 tegn: små bokstaver a–z, tall, punktum, bindestrek eller understrek.", "username"
        )
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
        raise UserRefused(f"Brukernavnet {username} er i bruk.", "username")
    _check_role(role)
    name = _check_name(display_name)
    units = _units(session, role, unit_ids)
    if password is None:
        password = generate_password()
    elif check_password and (problem := password_problem(password, staff, username)):
        raise UserRefused(problem, "password")
    user = StaffUser(
        username=username,
        display_name=name,
        role=role,
        password_hash=hash_password(password, staff),
        must_change_password=must_change_password,
        units=units,
    )
    session.add(user)
    session.flush()
    return IssuedUser(user=user, password=password)


def update_user(
    session: Session, user: StaffUser, *, display_name: str, role: str, unit_ids: list[int], active: bool
) -> dict[str, object]:
    """Change name, role, units and whether the user may sign in; returns what changed (for the audit log)."""
    _check_role(role)
    name = _check_name(display_name)
    units = _units(session, role, unit_ids)
    changes: dict[str, object] = {}
    if name != user.display_name:
        changes["display_name"] = name
    if role != user.role:
        changes["role"] = role
    if sorted(u.id for u in units) != sorted(u.id for u in user.units):
        changes["unit_ids"] = sorted(u.id for u in units)
    if active != user.active:
        changes["active"] = active
    user.display_name, user.role, user.units, user.active = name, role, units, active
    if "role" in changes or "unit_ids" in changes or changes.get("active") is False:
        end_sessions(session, user)  # new rights take effect at once: sign in again
    return changes


def set_password(session: Session, staff: StaffSettings, user: StaffUser, password: str, *, temporary: bool) -> None:
    """Replace the password (checked against the rules); every session of the user ends."""
    if problem := password_problem(password, staff, user.username):
        raise UserRefused(problem, "new_password")
    user.password_hash = hash_password(password, staff)
    user.must_change_password = temporary
    user.failed_signins, user.locked_until = 0, None
    end_sessions(session, user)


def reset_password(session: Session, staff: StaffSettings, user: StaffUser) -> str:
    """A new temporary password (shown once to the administrator); the user chooses their own next time."""
    password = generate_password()
    user.password_hash = hash_password(password, staff)
    user.must_change_password = True
    user.failed_signins, user.locked_until = 0, None
    end_sessions(session, user)
    return password


def unlock(user: StaffUser) -> None:
    user.failed_signins, user.locked_until = 0, None


def count_failed_signin(session: Session, user: StaffUser, staff: StaffSettings, now: datetime) -> int:
    """Count one wrong password and lock the account at the limit, in one UPDATE … RETURNING.

    The database adds the one, not Python: sign-ins that run at the same time (one thread each)
    cannot overwrite each other's count, and the one that reaches the limit locks the account in
    the same statement. The count goes on past the limit (a wrong password after the lock has run
    out locks again) until a right password or an administrator resets it. Returns the new count.
    The in-memory `user` is left as it was: writing the count back through the ORM would undo the
    atomic update.
    """
    failures = StaffUser.failed_signins + 1
    until = literal(now + timedelta(minutes=staff.lockout_minutes), StaffUser.__table__.c.locked_until.type)
    statement = (
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(
            failed_signins=failures,
            locked_until=case(
                (failures >= staff.lockout_attempts, until),
                else_=StaffUser.locked_until,
            ),
        )
        .returning(StaffUser.failed_signins)
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(statement).scalar_one())


def open_for_signin(session: Session, user: StaffUser, now: datetime) -> bool:
    """Record a successful sign-in, unless a parallel attempt has just locked the account.

    One conditional UPDATE: the lock check and the reset of the count cannot be split by
    another request. False when the account is locked (nothing changed).
    """
    statement = (
        update(StaffUser)
        .where(StaffUser.id == user.id, or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now))
        .values(failed_signins=0, locked_until=None, last_signin_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def end_sessions(session: Session, user: StaffUser) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def find_user(session: Session, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))
    if user is None:
        raise UserRefused(f"Ingen bruker heter {username}.", "username")
    return user


def ensure_dev_users(session: Session, settings: Settings, staff: StaffSettings) -> list[IssuedUser]:
    """Create the missing development users (one per role) and return all of them; never in production."""
    if settings.environment == "production":
        raise UserRefused("development users are refused when INTAKE_ENVIRONMENT=production")
    issued = []
    for role, (username, name, password) in DEV_USERS.items():
        user = session.scalar(select(StaffUser).where(StaffUser.username == username))
        if user is None:
            unit_ids = (
                list(session.scalars(select(Unit.id).where(Unit.name.in_(DEV_UNIT_NAMES)))) if role == "unit" else []
            )
            created = create_user(
                session, staff, username=username, display_name=name, role=role, unit_ids=unit_ids,
                password=password, must_change_password=False, check_password=False,
            )  # fmt: skip
            issued.append(created)
        else:
            issued.append(IssuedUser(user=user, password=password))
    session.commit()
    return issued


def describe(issued: IssuedUser) -> str:
    units = ", ".join(u.name for u in issued.user.units)
    credentials = f"{issued.user.username} / {issued.password}" if issued.password else issued.user.username
    return f"  {issued.user.role:<14} {credentials}" + (f"   (units: {units})" if units else "")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Once more: ") != first:
        raise UserRefused("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake_api.staff.users", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--database-url", help="default: INTAKE_DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ensure-dev", help="create the development user of each role (not in production) and print them")
    create = sub.add_parser("create", help="create a user; prints a temporary password once")
    create.add_argument("--username", required=True)
    create.add_argument("--name", required=True, help="the person's name, shown in the pages")
    create.add_argument("--role", required=True, choices=USER_ROLES)
    create.add_argument("--unit", type=int, action="append", default=[], help="unit id (unit role; repeatable)")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    for name, text in (
        ("set-password", "set a user's password (asks twice, or --password-stdin)"),
        ("unlock", "lift a lockout after too many wrong passwords"),
        ("deactivate", "stop a user from signing in (ends their sessions)"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("username")
        if name == "set-password":
            command.add_argument("--password-stdin", action="store_true")
            command.add_argument("--temporary", action="store_true", help="the user must change it at sign-in")
    sub.add_parser("list", help="list users")
    args = parser.parse_args(argv)

    settings, staff = get_settings(), get_staff_settings()
    engine = make_engine(args.database_url or settings.database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            if args.command == "ensure-dev":
                print("Development staff users (username / password):")
                for issued in ensure_dev_users(session, settings, staff):
                    print(describe(issued))
            elif args.command == "create":
                password = _read_password(True) if args.password_stdin else None
                issued = create_user(session, staff, username=args.username, display_name=args.name, role=args.role,
                                     unit_ids=args.unit, password=password)  # fmt: skip
                session.commit()
                print("New user" + ("" if password else " (temporary password shown once; changed at first sign-in)"))
                print(describe(issued if not password else IssuedUser(issued.user, None)))
            elif args.command == "list":
                for user in session.scalars(select(StaffUser).order_by(StaffUser.username)):
                    locked = user.locked_until is not None and user.locked_until > utcnow()
                    state = "locked" if locked else ("active" if user.active else "deactivated")
                    units = ", ".join(u.name for u in user.units)
                    print(f"{user.username:<24} {user.role:<14} {state:<12} {user.display_name}  {units}".rstrip())
            else:
                user = find_user(session, args.username)
                if args.command == "set-password":
                    set_password(session, staff, user, _read_password(args.password_stdin), temporary=args.temporary)
                elif args.command == "unlock":
                    unlock(user)
                else:
                    user.active = False
                    end_sessions(session, user)
                session.commit()
                print(f"{args.command}: {user.username} done")
    except UserRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
