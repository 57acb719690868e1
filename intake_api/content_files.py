"""Editors' content as files, for review and for moving it between installations.

    python -m intake_api.content_files export --out DIR     # what editors changed, as YAML
    python -m intake_api.content_files import DIR           # record the files' answers and facts as changes

`export` writes DIR/answers/<sector>.yml in the format of content/answers/ (only the topics editors
changed, with their texts in force), DIR/facts.yml (path: {value, source}) and DIR/examples.yml (the
training examples added from the worklist): a reviewer diffs them against content/ and may copy them
into the seed. `import` checks every answer and fact as the staff pages do and records only what
differs from what is in force, as changes by "import:<file>" in the history and the audit log;
if anything is refused, nothing is recorded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from innbygger_common.answer_check import LANGUAGES, answer_problems
from innbygger_common.catalogue import catalogue

from . import content_store
from .config import get_settings
from .db import make_engine
from .security import Principal


def export(session: Session, folder: Path) -> dict[str, int]:
    changed = {t: c for t, c in content_store.newest(session, "answer").items() if c.body}
    in_force = content_store.answers_in_force(session)
    by_sector: dict[str, dict[str, Any]] = {}
    for topic in sorted(changed):
        by_sector.setdefault(catalogue().topics[topic].sector, {})[topic] = {
            lang: in_force[topic][lang] for lang in LANGUAGES
        }
    (folder / "answers").mkdir(parents=True, exist_ok=True)
    for sector, answers in by_sector.items():
        text = yaml.safe_dump(answers, allow_unicode=True, sort_keys=False, width=100)
        (folder / "answers" / f"{sector}.yml").write_text(
            f"# Changed by editors; exported for review.\n{text}", "utf-8"
        )
    facts = content_store.fact_overrides(session)
    (folder / "facts.yml").write_text(yaml.safe_dump(facts, allow_unicode=True, sort_keys=True), encoding="utf-8")
    examples = [{k: e[k] for k in ("topic", "text", "language")} for e in content_store.examples_in_force(session)]
    (folder / "examples.yml").write_text(yaml.safe_dump(examples, allow_unicode=True, sort_keys=False), "utf-8")
    return {"answers": len(changed), "facts": len(facts), "examples": len(examples)}


class ImportRefused(ValueError):
    """The files hold something the staff pages would refuse; every problem is listed."""


def import_files(session: Session, folder: Path) -> dict[str, int]:
    """Record the files' answers and facts that differ from what is in force (all or nothing)."""
    problems: list[str] = []
    answers: dict[str, dict[str, str]] = {}
    for path in sorted((folder / "answers").glob("*.yml")):
        for topic, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if topic not in content_store.seed_answers():
                problems.append(f"{path.name}: {topic!r} is not a topic")
                continue
            texts = {lang: " ".join(str((texts or {}).get(lang) or "").split()) for lang in LANGUAGES}
            found = answer_problems(texts, content_store.profile_in_force(session))
            problems += [f"{path.name}: {topic} ({lang}): {p}" for lang, ps in found.items() for p in ps]
            answers[topic] = texts
    facts_path = folder / "facts.yml"
    facts = (yaml.safe_load(facts_path.read_text(encoding="utf-8")) or {}) if facts_path.exists() else {}
    for fact_path, body in facts.items():
        if fact_path not in content_store.seed_facts():
            problems.append(f"facts.yml: {fact_path!r} is not a fact of the profile")
        elif not str((body or {}).get("value") or "").strip() or not str((body or {}).get("source") or "").strip():
            problems.append(f"facts.yml: {fact_path} needs a value and a source")
    if problems:
        raise ImportRefused("\n".join(problems))
    principal = Principal(actor=f"import:{folder.name}"[:60], roles=frozenset({"editor"}))
    in_force = content_store.answers_in_force(session)
    recorded = {"answers": 0, "facts": 0}
    for topic, texts in answers.items():
        if texts != in_force[topic]:
            content_store.record(session, principal, "answer", topic, texts)
            recorded["answers"] += 1
    current = {f.path: f for f in content_store.facts_in_force(session)}
    for fact_path, body in facts.items():
        value, source = " ".join(str(body["value"]).split()), " ".join(str(body["source"]).split())
        if (current[fact_path].value, current[fact_path].source) != (value, source):
            content_store.record(session, principal, "fact", fact_path, {"value": value, "source": source})
            recorded["facts"] += 1
    return recorded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake_api.content_files", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--database-url", help="default: INTAKE_DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export", help="write what editors changed as YAML").add_argument("--out", type=Path, required=True)
    sub.add_parser("import", help="record the files' answers and facts as changes").add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    engine = make_engine(args.database_url or get_settings().database_url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            if args.command == "export":
                counts = export(session, args.out)
                print(f"exported to {args.out}: {counts}")
            else:
                try:
                    counts = import_files(session, args.folder)
                except ImportRefused as refused:
                    print(f"nothing imported:\n{refused}", file=sys.stderr)
                    return 2
                session.commit()
                print(f"imported from {args.folder}: {counts}")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
