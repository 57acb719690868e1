"""Load feedback from the intake database into pandas (read-only)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake_api.models import Feedback

FEEDBACK_COLUMNS = ["reference", "sector", "rating", "text", "channel", "language", "status", "created_at"]


def load_feedback(engine: Engine) -> pd.DataFrame:
    """All feedback rows as a DataFrame with the columns in FEEDBACK_COLUMNS."""
    query = select(*(getattr(Feedback, name) for name in FEEDBACK_COLUMNS))
    with engine.connect() as connection:
        frame = pd.read_sql(query, connection)
    return frame.reindex(columns=FEEDBACK_COLUMNS)
