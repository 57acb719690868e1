"""The topic catalogue: sector codes and service topics (the contract in topics.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .content import content_dir


@dataclass(frozen=True)
class Topic:
    """One service topic, answered by the retrieval intent faq/<id>."""

    id: str
    sector: str
    question: str


@dataclass(frozen=True)
class Catalogue:
    """Sector codes with their Norwegian names, and the topics."""

    sectors: dict[str, str]
    topics: dict[str, Topic]

    def sector_name(self, code: str) -> str:
        return self.sectors[code]


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read topics.yml; validates that every topic names a known sector."""
    path = path or content_dir() / "topics.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sectors = dict(raw["sectors"])
    topics = {}
    for topic_id, spec in raw["topics"].items():
        if spec["sector"] not in sectors:
            raise ValueError(f"topic {topic_id} names unknown sector {spec['sector']!r}")
        topics[topic_id] = Topic(id=topic_id, sector=spec["sector"], question=spec["q"])
    return Catalogue(sectors=sectors, topics=topics)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue of this deployment, read once per process."""
    return load_catalogue()
