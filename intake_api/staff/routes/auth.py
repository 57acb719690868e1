"""Sign in, sign out, change password, and the start page that sends each role to its own page."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ... import audit
from ...deps import SessionDep, SettingsDep
from ...models import StaffUser, utcnow
from ...ratelimit import limiter_for
from ..errors import PageError
from ..passwords import hash_password, needs_rehash, verify_password
from ..sessions import (
    CSRF_FIELD,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    AnyStaff,
    CheckedForm,
    StaffSettingsDep,
    clear_cookie,
    end_session,
    load_session,
    safe_next,
    same,
    set_cookie,
    start_session,
)
from ..settings import StaffSettings
from ..templating import HOME, render
from ..users import (
    DEV_PREFIX,
    UserRefused,
    count_failed_signin,
    normalise_username,
    open_for_signin,
    principal_for,
    set_password,
)
from .forms import PostedForm, text

router = APIRouter(prefix="/staff", include_in_schema=False)

NOTICES = {
    "signed_out": "Du er logget ut.",
    "expired": "Du ble logget ut fordi du ikke hadde vært aktiv på en stund. Logg inn igjen.",
    "password": "Passordet er endret. Logg inn med det nye passordet.",
}


def refused_message(staff: StaffSettings) -> str:
    """The one answer to every refused sign-in: unknown username, wrong password, locked or deactivated."""
    return (
        "Feil brukernavn eller passord, eller kontoen er midlertidig låst. Sjekk brukernavnet og passordet, "
        f"og prøv igjen. Er kontoen låst, kan du prøve igjen om {staff.lockout_minutes} minutter "
        "eller be en administrator om å låse den opp."
    )


def _signin_page(
    request: Request, staff: StaffSettingsDep, *, next_path: str, username: str = "",
    errors: dict[str, str] | None = None, error: str = "", notice: str = "", status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The sign-in form with a fresh double-submit token in the form and a cookie."""
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html", None, status_code=status_code, signin_token=token, next_path=next_path,
        username=username, errors=errors or {}, error=error, notice=notice, staff=staff,
    )  # fmt: skip
    set_cookie(response, request, staff, SIGNIN_COOKIE, token, max_age=3600)
    return response


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def start(current: AnyStaff) -> Response:
    """Each role starts on its own page."""
    return RedirectResponse(HOME.get(current.role, "/staff/password"), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def signin_form(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffSettingsDep, next: str = "", ok: str = ""
) -> Response:
    """The sign-in page (someone already signed in goes straight on)."""
    live = load_session(session, request.cookies.get(SESSION_COOKIE), settings, staff, utcnow())
    if live is not None:
        return RedirectResponse(safe_next(next) or HOME.get(live.user.role, "/staff/password"), status_code=303)
    return _signin_page(request, staff, next_path=safe_next(next), notice=NOTICES.get(ok, ""))


@router.post("/login", response_class=HTMLResponse)
def signin(
    request: Request, form: PostedForm, session: SessionDep, settings: SettingsDep, staff: StaffSettingsDep
) -> Response:
    """Check username and password; lock the account for a while after repeated failures."""
    next_path = safe_next(text(form, "next"))
    username = normalise_username(text(form, "username"))[:80]
    password = text(form, "password", strip=False)
    if not same(text(form, CSRF_FIELD), request.cookies.get(SIGNIN_COOKIE)):
        return _signin_page(
            request, staff, next_path=next_path, username=username, status_code=400,
            error="Innloggingsskjemaet var utløpt. Skriv brukernavn og passord på nytt.",
        )  # fmt: skip
    errors = {}
    if not username:
        errors["username"] = "Skriv brukernavnet ditt."
    if not password:
        errors["password"] = "Skriv passordet ditt."
    if errors:
        return _signin_page(request, staff, next_path=next_path, username=username, errors=errors, status_code=422)
    if settings.rate_limit_enabled:
        client = request.client.host if request.client else "unknown"
        retry = limiter_for(request, settings.rate_limit_storage).check(staff.signin_rate_limit, "signin", client)
        if retry is not None:
            raise PageError(429, "For mange forsøk", f"Det er gjort for mange innloggingsforsøk fra denne maskinen. "
                            f"Vent {retry} sekunder og prøv igjen.")  # fmt: skip

    now = utcnow()
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is not None and settings.environment == "production" and user.username.startswith(DEV_PREFIX):
        user = None  # development users never open a production service
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    # One argon2 verification on every path (against a dummy hash for an unknown username), and one
    # answer for every refusal: neither the page nor its timing tells whether a username exists,
    # is locked or is deactivated.
    matched = verify_password(user.password_hash if user else None, password, staff)

    def refused() -> HTMLResponse:
        session.commit()
        return _signin_page(request, staff, next_path=next_path, username=username, status_code=401,
                            error=refused_message(staff))  # fmt: skip

    if user is None:
        audit.record(session, None, "signin.failed", actor="anonymous", detail={"reason": "unknown user"})
        return refused()
    if locked:
        assert user.locked_until is not None
        minutes = max(1, round((user.locked_until - now).total_seconds() / 60))
        audit.record(session, principal_for(user), "signin.locked", detail={"minutes_left": minutes})
        return refused()
    if not matched:
        failures = count_failed_signin(session, user, staff, now)  # atomic: parallel attempts all count
        audit.record(session, principal_for(user), "signin.failed",
                     detail={"reason": "wrong password", "failures": failures})  # fmt: skip
        if failures >= staff.lockout_attempts:
            audit.record(session, principal_for(user), "signin.lockout",
                         detail={"minutes": staff.lockout_minutes, "failures": failures})  # fmt: skip
        return refused()
    if not user.active:
        audit.record(session, principal_for(user), "signin.failed", detail={"reason": "deactivated"})
        return refused()
    if not open_for_signin(session, user, now):  # locked by a parallel attempt since it was read
        audit.record(session, principal_for(user), "signin.locked", detail={"minutes_left": staff.lockout_minutes})
        return refused()

    if needs_rehash(user.password_hash, staff):
        user.password_hash = hash_password(password, staff)  # the settings ask for a stronger hash now
    end_session(session, request.cookies.get(SESSION_COOKIE))  # no session fixation: always a new token
    token = start_session(session, user, staff, now)
    audit.record(session, principal_for(user), "signin")
    session.commit()
    target = "/staff/password" if user.must_change_password else (next_path or HOME.get(user.role, "/staff/"))
    response = RedirectResponse(target, status_code=303)
    # A browser-session cookie: closing the browser on a shared PC signs out; the server ends it anyway
    # after session_idle_minutes without use or session_max_hours in all.
    set_cookie(response, request, staff, SESSION_COOKIE, token)
    clear_cookie(response, request, staff, SIGNIN_COOKIE)
    return response


@router.post("/logout")
def signout(
    request: Request, current: AnyStaff, form: CheckedForm, session: SessionDep, staff: StaffSettingsDep
) -> Response:
    """End the session (in the database, not only the cookie)."""
    end_session(session, request.cookies.get(SESSION_COOKIE))
    audit.record(session, current.principal, "signout")
    session.commit()
    response = RedirectResponse("/staff/login?ok=signed_out", status_code=303)
    clear_cookie(response, request, staff, SESSION_COOKIE)
    return response


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, current: AnyStaff, staff: StaffSettingsDep) -> HTMLResponse:
    """Change your own password (required after a temporary one)."""
    return render(request, "password.html", current, errors={}, staff=staff)


@router.post("/password", response_class=HTMLResponse)
def change_password(
    request: Request, current: AnyStaff, form: CheckedForm, session: SessionDep, staff: StaffSettingsDep
) -> Response:
    """Check the current password, then set the new one; every session ends and the user signs in again."""
    old, new, again = (text(form, name, strip=False) for name in ("current_password", "new_password", "repeat"))
    errors: dict[str, str] = {}
    if not verify_password(current.user.password_hash, old, staff):
        errors["current_password"] = "Det nåværende passordet er feil." if old else "Skriv det nåværende passordet."
    if not new:
        errors["new_password"] = "Skriv et nytt passord."
    elif new != again:
        errors["repeat"] = "De to nye passordene er ikke like. Skriv det samme passordet begge gangene."
    elif new == old:
        errors["new_password"] = "Det nye passordet må være et annet enn det nåværende."
    if not errors:
        try:
            set_password(session, staff, current.user, new, temporary=False)
        except UserRefused as refused:
            errors[refused.field or "new_password"] = str(refused)
    if errors:
        session.rollback()
        return render(request, "password.html", current, errors=errors, staff=staff, status_code=422)
    audit.record(session, current.principal, "password.change")
    session.commit()
    response = RedirectResponse("/staff/login?ok=password", status_code=303)
    clear_cookie(response, request, staff, SESSION_COOKIE)
    return response
