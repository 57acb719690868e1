"""What the staff dependencies raise; `app.install` turns each into a page or a redirect."""

from __future__ import annotations


class SignInRequired(Exception):
    """No valid session: go to the sign-in page, and come back to `next_path` afterwards."""

    def __init__(self, next_path: str = ""):
        super().__init__(next_path)
        self.next_path = next_path


class PasswordChangeRequired(Exception):
    """The user signed in with a temporary password and must choose their own first."""


class PageError(Exception):
    """An error page: status code, heading and a sentence on what to do."""

    def __init__(self, status_code: int, title: str, message: str):
        super().__init__(title)
        self.status_code = status_code
        self.title = title
        self.message = message


def not_found(message: str = "Siden finnes ikke.") -> PageError:
    return PageError(404, "Fant ikke siden", f"{message} Sjekk adressen, eller gå tilbake til oversikten.")


def forbidden(message: str) -> PageError:
    return PageError(403, "Du har ikke tilgang", message)


def form_expired() -> PageError:
    return PageError(
        403,
        "Skjemaet er utløpt",
        "Siden var åpen for lenge, eller skjemaet kom fra et annet sted. Gå tilbake, last inn siden på nytt "
        "og prøv igjen. Ingenting er endret.",
    )
