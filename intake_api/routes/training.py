"""The trainer's side of retraining: claim a queued job, report its stages, finish it.

Called by bot/trainer.py with the bot's key; editors queue jobs in the staff pages.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel, Field

from .. import training
from ..deps import BotKey, SessionDep
from ..errors import responses
from ..models import TrainingJob

router = APIRouter(prefix="/api/v1/training", tags=["training"])


class Progress(BaseModel):
    stage: str = Field(min_length=1, max_length=200)


class Finish(BaseModel):
    ok: bool
    stage: str = Field(min_length=1, max_length=200)
    model_path: str | None = Field(default=None, max_length=500)
    previous_model_path: str | None = Field(default=None, max_length=500)
    figures: dict[str, Any] | None = None


def _running(session: SessionDep, job_id: int) -> TrainingJob:
    job = session.get(TrainingJob, job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no training job {job_id}")
    if job.status != "running":
        raise HTTPException(status.HTTP_409_CONFLICT, f"training job {job_id} is {job.status}, not running")
    return job


@router.post("/claim", responses=responses(401, 403))
def claim_job(principal: BotKey, session: SessionDep) -> Any:
    """Take the oldest queued job (204 when there is none): its kind, the examples, the model in force."""
    claimed = training.claim(session)
    session.commit()
    return claimed if claimed is not None else Response(status_code=204)


@router.post("/{job_id}/progress", status_code=204, responses=responses(400, 401, 403, 404, 409, 422))
def report_progress(principal: BotKey, session: SessionDep, job_id: int, body: Progress) -> Response:
    """The stage a running job has reached, shown on the editors' model page."""
    training.progress(session, _running(session, job_id), body.stage)
    session.commit()
    return Response(status_code=204)


@router.post("/{job_id}/finish", status_code=204, responses=responses(400, 401, 403, 404, 409, 422))
def finish_job(principal: BotKey, session: SessionDep, job_id: int, body: Finish) -> Response:
    """The job's end: the model now in force (and the one before), or why nothing changed."""
    training.finish(session, _running(session, job_id), body.ok, body.stage, body.model_path,
                    body.previous_model_path, body.figures)  # fmt: skip
    session.commit()
    return Response(status_code=204)
