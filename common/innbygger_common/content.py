"""Where the editable content lives: the topic catalogue and the kommune profile."""

from __future__ import annotations

import os
from pathlib import Path

# The package is installed in editable mode from the repository, so the content
# folder sits two levels above this file; INNBYGGER_CONTENT_DIR overrides that
# for deployments that ship content separately.
_DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


def content_dir() -> Path:
    """Folder holding topics.yml, kommune/ and answers/."""
    return Path(os.environ.get("INNBYGGER_CONTENT_DIR", _DEFAULT_CONTENT_DIR))
