"""Retraining with editors' examples, and rollback: the jobs the trainer (bot/trainer.py) carries out.

The staff pages queue a job; the trainer, a separate process beside the Rasa servers, claims it
through the API, trains on the repository's data plus the examples in force, evaluates the new
model against the held-out floors and only then loads it into every Rasa server, keeping the old
one for a one-click rollback. A failed job changes nothing. One job at a time: asking while one is
queued or running is refused.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import audit, content_store
from .models import ContentChange, TrainingJob, utcnow
from .security import Principal

# A job running longer than this lost its trainer (a crash or a restart): it is given up.
STALE_AFTER = timedelta(minutes=45)


class JobRefused(ValueError):
    """The job cannot be queued now: `code` says why ("busy", "no_previous")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def active(session: Session) -> TrainingJob | None:
    return session.scalar(select(TrainingJob).where(TrainingJob.status.in_(("queued", "running")))
                          .order_by(TrainingJob.id))  # fmt: skip


def model_in_force(session: Session) -> TrainingJob | None:
    """The last job that put a model in force (None: the model the servers were started with)."""
    return session.scalar(
        select(TrainingJob).where(TrainingJob.status == "done").order_by(TrainingJob.finished_at.desc())
    )


def trained_revision(session: Session) -> int:
    """The content revision of the newest successful training: examples after it are waiting."""
    newest = session.scalar(
        select(TrainingJob).where(TrainingJob.status == "done", TrainingJob.kind == "train")
        .order_by(TrainingJob.id.desc())
    )  # fmt: skip
    return newest.content_revision if newest else 0


def waiting_examples(session: Session) -> int:
    """Example changes (added or removed) since the last successful training."""
    query = select(func.count()).where(ContentChange.kind == "example", ContentChange.id > trained_revision(session))
    return int(session.scalar(query) or 0)


def request(session: Session, principal: Principal, kind: str = "train") -> TrainingJob:
    """Queue a training (or a rollback to the model before the one in force)."""
    _give_up_stale(session)
    if active(session) is not None:
        raise JobRefused("busy")
    previous = None
    if kind == "rollback":
        in_force = model_in_force(session)
        if in_force is None or not in_force.previous_model_path:
            raise JobRefused("no_previous")
        previous = in_force.previous_model_path
    job = TrainingJob(kind=kind, status="queued", stage="Venter på treneren", requested_by=principal.actor,
                      content_revision=content_store.revision(session), model_path=previous,
                      examples=len(content_store.examples_in_force(session)))  # fmt: skip
    session.add(job)
    session.flush()
    audit.record(session, principal, f"model.{kind}", item_kind="training_job", item_reference=str(job.id))
    return job


def _give_up_stale(session: Session) -> None:
    session.execute(
        update(TrainingJob)
        .where(TrainingJob.status == "running", TrainingJob.started_at < utcnow() - STALE_AFTER)
        .values(status="failed", stage="Treneren svarte ikke; ingenting er endret", finished_at=utcnow())
    )


def claim(session: Session) -> dict[str, Any] | None:
    """The oldest queued job, now running, with what the trainer needs; None when there is none.

    The update only succeeds for one claimer, so two trainers never take the same job."""
    _give_up_stale(session)
    job = session.scalar(select(TrainingJob).where(TrainingJob.status == "queued").order_by(TrainingJob.id))
    if job is None:
        return None
    taken = session.execute(
        update(TrainingJob).where(TrainingJob.id == job.id, TrainingJob.status == "queued")
        .values(status="running", started_at=utcnow(), stage="Startet")
    )  # fmt: skip
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(job)
    in_force = model_in_force(session)
    return {
        "id": job.id, "kind": job.kind, "rollback_to": job.model_path if job.kind == "rollback" else None,
        "model_in_force": in_force.model_path if in_force else None,
        "examples": content_store.examples_in_force(session) if job.kind == "train" else [],
    }  # fmt: skip


def progress(session: Session, job: TrainingJob, stage: str) -> None:
    job.stage = stage[:200]


def finish(session: Session, job: TrainingJob, ok: bool, stage: str, model_path: str | None,
           previous_model_path: str | None, figures: dict[str, Any] | None) -> None:  # fmt: skip
    job.status = "done" if ok else "failed"
    job.stage = stage[:200]
    job.finished_at = utcnow()
    job.figures = figures
    if ok:
        job.model_path = model_path
        job.previous_model_path = previous_model_path
    audit.record(session, None, f"model.{job.kind}.{job.status}", item_kind="training_job",
                 item_reference=str(job.id), actor="trainer")  # fmt: skip


def recent(session: Session, limit: int = 10) -> list[TrainingJob]:
    return list(session.scalars(select(TrainingJob).order_by(TrainingJob.id.desc()).limit(limit)))
