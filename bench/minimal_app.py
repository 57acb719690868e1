"""The yardstick for bench.intake_submit: a minimal FastAPI + SQLAlchemy insert endpoint.

One table, one POST that validates a small body with pydantic and inserts a row. Same
engine set-up as the intake API (intake_api.db.make_engine: SQLite in WAL mode), so the
difference measured is the intake API's own work (auth, idempotency, scrubbing, rate limit,
deadline, contact table), not the database configuration.

    INTAKE_DATABASE_URL=sqlite:///x.db uvicorn bench.minimal_app:app
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from intake_api.db import make_engine


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "bench_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Body(BaseModel):
    sector: str = Field(max_length=40)
    rating: int = Field(ge=1, le=6)
    text: str = Field(default="", max_length=4000)


engine = make_engine(os.environ["INTAKE_DATABASE_URL"])
Base.metadata.create_all(engine)
factory = sessionmaker(bind=engine, expire_on_commit=False)


def get_session() -> Iterator[Session]:
    with factory() as session:
        yield session


app = FastAPI()


@app.post("/api/v1/feedback", status_code=201)
def insert(body: Body, session: Annotated[Session, Depends(get_session)]) -> dict[str, int]:
    row = Row(sector=body.sector, rating=body.rating, text=body.text, created_at=datetime.now(timezone.utc))
    session.add(row)
    session.commit()
    return {"id": row.id}
