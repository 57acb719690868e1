"""The FastAPI application: includes the routers and serves the widget files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .config import REPO_ROOT
from .routes import answer_ratings, demo, feedback, health

STATIC_DIR = Path(__file__).resolve().parent / "static"
# socket.io-client is installed from npm by the Makefile (pinned in widget/package.json).
VENDOR_DIR = REPO_ROOT / "widget" / "node_modules" / "socket.io-client" / "dist"


def create_app() -> FastAPI:
    app = FastAPI(
        title="Innbyggerdialog intake API",
        version="0.1.0",
        description="Feedback and messages from residents; the system of record behind the chat bot.",
    )
    app.include_router(health.router)
    app.include_router(feedback.router)
    app.include_router(answer_ratings.router)
    app.include_router(demo.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if VENDOR_DIR.is_dir():
        app.mount("/vendor/socket.io", StaticFiles(directory=VENDOR_DIR), name="vendor-socketio")
    return app


app = create_app()
