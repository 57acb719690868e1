"""Reading posted forms: the raw form as a dependency and plain-text fields out of it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

MAX_FIELD = 10_000


async def posted_form(request: Request) -> FormData:
    """The posted form, for routes that check their fields themselves (Norwegian messages, no JSON 422)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def text(form: FormData, name: str, *, strip: bool = True) -> str:
    """A text field ('' when missing or a file); NUL characters, which no column can hold, are dropped."""
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    value = value[:MAX_FIELD].replace("\x00", "")
    return value.strip() if strip else value


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def int_or_none(value: str | None) -> int | None:
    """A small positive whole number written with 0–9, else None ("²" and "١" are digits to Python)."""
    value = (value or "").strip()
    if not value or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)
