"""The theme model's training data: the shipped labelled comments, plus staff corrections when set.

The one place the model's training comments come from (model.default_model fits on them, and
`analytics themes retrain` measures with them). The shipped file is data/train.yml; the corrections
file is what `analytics themes export-corrections` writes from the comments whose themes staff set on
the staff pages. Which corrections file is used: the `corrections` argument, else the
ANALYTICS_THEME_CORRECTIONS setting (analytics/config.py); empty means none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .evaluate import LabelledComment, load_labelled
from .model import TRAINING_DATA

# The labelled files shipped with the package: data/train.yml, then the comments written in the
# style of real ones (data/real_style_*.yml, one file per writer, labelled by GUIDE.md).
SHIPPED: tuple[Path, ...] = (TRAINING_DATA, *sorted(TRAINING_DATA.parent.glob("real_style_*.yml")))


@dataclass(frozen=True)
class TrainingData:
    """The labelled comments a model is fitted on, and where they came from."""

    comments: list[LabelledComment]
    shipped: int
    corrections: int
    corrections_file: Path | None
    # Corrections left out because the shipped data already holds the same comment.
    duplicates: int = 0


def normalised(text: str) -> str:
    """A comment without case and punctuation: the same comment written with another comma is the same."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def corrections_setting() -> Path | None:
    """The corrections file of the ANALYTICS_THEME_CORRECTIONS setting, or None."""
    from ..config import get_settings

    return get_settings().corrections_file()


def load_training_data(corrections: Path | None = None, *, shipped_only: bool = False) -> TrainingData:
    """The shipped labelled comments, then the corrections file's (`corrections`, else the setting).

    A correction of a comment the shipped data already holds is left out (the shipped label was checked
    against the labelling guide). A corrections file that is set but missing is an error, not silence:
    the model would quietly fall back to what it knew before.
    """
    shipped = [comment for path in SHIPPED for comment in load_labelled(path)]
    path = None if shipped_only else (corrections or corrections_setting())
    if path is None:
        return TrainingData(shipped, len(shipped), 0, None)
    if not path.is_file():
        raise FileNotFoundError(
            f"the theme corrections file {path} does not exist (--corrections or ANALYTICS_THEME_CORRECTIONS)"
        )
    known = {normalised(comment.text) for comment in shipped}
    loaded = load_corrections(path)
    added: list[LabelledComment] = []
    for comment in loaded:
        key = normalised(comment.text)
        if key in known:
            continue
        known.add(key)
        added.append(comment)
    return TrainingData([*shipped, *added], len(shipped), len(added), path, len(loaded) - len(added))


def load_corrections(path: Path) -> list[LabelledComment]:
    """The comments of a corrections file (an empty `comments:` list is allowed)."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not raw.get("comments"):
        return []
    return load_labelled(path)


def training_comments(corrections: Path | None = None, *, shipped_only: bool = False) -> Sequence[LabelledComment]:
    """The labelled comments the theme model is fitted on (see load_training_data)."""
    return load_training_data(corrections, shipped_only=shipped_only).comments
