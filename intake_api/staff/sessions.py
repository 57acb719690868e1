"""Sessions, cookies and CSRF for the staff pages.

The session cookie holds 32 random bytes; the database keeps only their SHA-256, so a copy of
the database opens no session. The cookie is HttpOnly and SameSite=Lax, and Secure when the
page is served over https (INTAKE_STAFF_COOKIE_SECURE). Every form carries the session's
synchronizer token (CSRF); the sign-in form, which comes before any session, uses a
double-submit cookie instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response
from sqlalchemy import delete, or_
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ..config import Settings
from ..deps import SessionDep, SettingsDep
from ..models import StaffSession, StaffUser, utcnow
from ..security import Principal
from .errors import PasswordChangeRequired, SignInRequired, forbidden, form_expired
from .settings import StaffSettings, get_staff_settings
from .users import DEV_PREFIX, ROLE_NAMES, principal_for

SESSION_COOKIE = "ibd_staff_session"
SIGNIN_COOKIE = "ibd_staff_signin"
CSRF_FIELD = "csrf_token"
COOKIE_PATH = "/staff"
# Writing last_seen_at on every page would make every read a write; once a minute is enough.
TOUCH_EVERY = timedelta(minutes=1)


async def current_staff_settings() -> StaffSettings:
    """The staff settings, as a dependency (tests override this one)."""
    return get_staff_settings()


StaffSettingsDep = Annotated[StaffSettings, Depends(current_staff_settings)]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(str(given).encode(), str(expected).encode())


def cookie_secure(request: Request, staff: StaffSettings) -> bool:
    if staff.cookie_secure == "auto":
        return request.url.scheme == "https"
    return staff.cookie_secure == "always"


def set_cookie(
    response: Response, request: Request, staff: StaffSettings, name: str, value: str, max_age: int | None = None
) -> None:
    """An HttpOnly, SameSite=Lax cookie for /staff; without max_age it ends when the browser closes."""
    response.set_cookie(
        name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="lax",
        secure=cookie_secure(request, staff),
    )  # fmt: skip


def clear_cookie(response: Response, request: Request, staff: StaffSettings, name: str) -> None:
    response.delete_cookie(name, path=COOKIE_PATH, httponly=True, samesite="lax", secure=cookie_secure(request, staff))


def start_session(session: Session, user: StaffUser, staff: StaffSettings, now: datetime) -> str:
    """A new session for the user (expired and idle ones are swept out on the way); returns the cookie token."""
    sweep_expired(session, staff, now)
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=staff.session_max_hours),
        )
    )
    return token


def end_session(session: Session, token: str | None) -> StaffSession | None:
    """Delete the session the cookie names; returns it (with its user) when there was one."""
    if not token:
        return None
    row = session.query(StaffSession).filter(StaffSession.token_hash == token_hash(token)).one_or_none()
    if row is not None:
        session.delete(row)
    return row


def load_session(
    session: Session, token: str | None, settings: Settings, staff: StaffSettings, now: datetime
) -> StaffSession | None:
    """The live session of the cookie: not expired, not idle too long, user still active."""
    if not token or len(token) > 100:
        return None
    idle_cutoff = now - timedelta(minutes=staff.session_idle_minutes)
    row = session.query(StaffSession).filter(StaffSession.token_hash == token_hash(token)).one_or_none()
    if row is None:
        return None
    user = row.user
    dev_in_production = settings.environment == "production" and user.username.startswith(DEV_PREFIX)
    if row.expires_at <= now or row.last_seen_at <= idle_cutoff or not user.active or dev_in_production:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return row


def sweep_expired(session: Session, staff: StaffSettings, now: datetime) -> None:
    idle_cutoff = now - timedelta(minutes=staff.session_idle_minutes)
    session.execute(
        delete(StaffSession).where(or_(StaffSession.expires_at < now, StaffSession.last_seen_at < idle_cutoff))
    )


@dataclass(frozen=True)
class Staff:
    """The signed-in person on this request: their user row, session and access rules."""

    user: StaffUser
    session: StaffSession
    principal: Principal

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.user.role, self.user.role)

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token

    def can(self, *roles: str) -> bool:
        return self.user.role in roles


def _here(request: Request) -> str:
    path = request.url.path
    return path + (f"?{request.url.query}" if request.url.query else "")


def signed_in_staff(request: Request, session: SessionDep, settings: SettingsDep, staff: StaffSettingsDep) -> Staff:
    """The signed-in user, or a redirect to the sign-in page (and back here afterwards)."""
    row = load_session(session, request.cookies.get(SESSION_COOKIE), settings, staff, utcnow())
    if row is None:
        raise SignInRequired(_here(request) if request.method == "GET" else "")
    current = Staff(user=row.user, session=row, principal=principal_for(row.user))
    request.state.staff = current  # for the error pages' navigation
    return current


AnyStaff = Annotated[Staff, Depends(signed_in_staff)]


def active_staff(current: AnyStaff) -> Staff:
    """The signed-in user, who has chosen their own password (not a temporary one)."""
    if current.user.must_change_password:
        raise PasswordChangeRequired()
    return current


def require(*roles: str) -> Callable[[Staff], Staff]:
    """A dependency letting through signed-in users with one of `roles`; the others get a 403 page."""

    def _check(current: Annotated[Staff, Depends(active_staff)]) -> Staff:
        if not current.can(*roles):
            names = " eller ".join(ROLE_NAMES[r].lower() for r in roles)
            raise forbidden(f"Denne siden er for {names}. Du er logget inn som {current.role_name.lower()}.")
        return current

    _check.__name__ = f"require_{'_or_'.join(roles)}"
    return _check


async def checked_form(request: Request, current: AnyStaff) -> FormData:
    """The posted form, after its CSRF token was compared with the session's; else a 403 page."""
    form = await request.form()
    if not same(_text(form.get(CSRF_FIELD)), current.csrf_token):
        raise form_expired()
    return form


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


CheckedForm = Annotated[FormData, Depends(checked_form)]


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a path inside /staff (no open redirect)."""
    if not value or not value.startswith("/staff") or value.startswith("//") or "\\" in value:
        return ""
    if any(ord(ch) < 32 for ch in value):
        return ""
    return value


def signin_url(next_path: str = "", message: str = "") -> str:
    params = []
    if safe_next(next_path):
        params.append(f"next={quote(next_path, safe='/')}")
    if message:
        params.append(f"ok={message}")
    return "/staff/login" + (f"?{'&'.join(params)}" if params else "")
