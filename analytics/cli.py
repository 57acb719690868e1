"""Command line: `analytics <command>`; each command is a thin shell over a library function."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from innbygger_common.catalogue import catalogue
from innbygger_common.opening_hours import OSLO
from intake_api.config import get_settings as intake_settings
from intake_api.db import make_engine

from . import format as fmt
from .botstats import bot_figures
from .config import demo_urls
from .config import get_settings as analytics_settings
from .data import load_feedback, load_units
from .figures import figures_from_frame, sector_figures
from .learning import improved_units, recurring_themes
from .periods import current_period, parse_period, report_window

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, str]] = {}
# `analytics themes <action>`: sub-commands of `themes` (whose own arguments are comments to classify).
THEME_ACTIONS: dict[str, tuple[Command, str]] = {}


def command(name: str, summary: str) -> Callable[[Command], Command]:
    def register(func: Command) -> Command:
        COMMANDS[name] = (func, summary)
        return func

    return register


def theme_action(name: str, summary: str) -> Callable[[Command], Command]:
    def register(func: Command) -> Command:
        THEME_ACTIONS[name] = (func, summary)
        return func

    return register


def _urls(args: argparse.Namespace) -> tuple[str, str]:
    if getattr(args, "demo", False):
        return demo_urls()
    settings = intake_settings()
    return args.database_url or settings.database_url, getattr(
        args, "tracker_url", None
    ) or settings.tracker_database_url


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Engine]:
    engine = make_engine(_urls(args)[0])
    try:
        yield engine
    finally:
        engine.dispose()


def _period(args: argparse.Namespace) -> Any:
    return parse_period(args.period) if args.period else current_period("tertial")


def _json(value: Any) -> str:
    plain = dataclasses.asdict(value) if dataclasses.is_dataclass(value) and not isinstance(value, type) else value
    return json.dumps(
        plain,
        ensure_ascii=False,
        indent=2,
        default=str,
    )


def _write(content: str | bytes, out: str | None) -> None:
    if not out:
        sys.stdout.write(content if isinstance(content, str) else content.decode())
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    print(f"Skrev {path}", file=sys.stderr)


@command("sectors", "feedback count and mean rating per sector (all time)")
def cmd_sectors(args: argparse.Namespace) -> int:
    """Feedback count and mean rating per sector, over all feedback; fewer than 5 responses are not shown.

    Example:
        analytics sectors
        analytics sectors --database-url sqlite:///data/intake.db
    """
    with _engine(args) as engine:
        rows = sector_figures(load_feedback(engine, with_text=False))
    if not rows:
        print("Ingen tilbakemeldinger ennå.")
        return 0
    width = max(len(r.sector_name) for r in rows)
    print(f"{'Sektor':<{width}}  {'Antall':>6}  {'Snitt (1–6)':>11}")
    for r in rows:
        if r.count is None:
            print(f"{r.sector_name:<{width}}  {'<5':>6}  {'–':>11}")
        else:
            print(f"{r.sector_name:<{width}}  {r.count:>6}  {r.mean_rating:>11.2f}")
    return 0


@command("figures", "figures per sector, unit or for the kommune in a period")
def cmd_figures(args: argparse.Namespace) -> int:
    """Volume, ratings, change, open/overdue, avvik and themes per group for a period.

    Periods: 2026-03 (month), 2026-T1 (tertial), 2026 (year), 2026-01-01..2026-02-15 (from–to).

    Example:
        analytics figures --period 2026-T1
        analytics figures --period 2026-03 --level unit --sector barnehage
        analytics figures --period 2026 --level kommune --json
    """
    period = _period(args)
    with _engine(args) as engine:
        start, end = report_window(period, months_back=1)
        frame = load_feedback(engine, start, end, sectors=[args.sector] if args.sector else None)
        rows = figures_from_frame(frame, period, args.level, units=load_units(engine))
    if args.json:
        print(_json([dataclasses.asdict(r) for r in rows]))
        return 0
    print(f"{period.label} (endring mot {period.previous().label})")
    width = max([len(r.name) for r in rows] + [10])
    print(
        f"{'':<{width}}  {'Svar':>6}  {'Snitt':>5}  {'Fornøyde':>8}  {'Endring':>7}  {'Åpne':>5} "
        f" {'Over frist':>10}  {'Avvik':>5}"
    )
    for r in rows:
        if r.suppressed:
            print(f"{r.name:<{width}}  færre enn 5 svar")
            continue
        change = r.previous.mean if r.previous else None
        print(
            f"{r.name:<{width}}  {r.responses:>6}  {fmt.number(r.mean):>5}  {fmt.percent(r.satisfied_share):>8}  "
            f"{fmt.signed(change):>7}  {r.open:>5}  {r.overdue:>10}  {r.avvik:>5}"
        )
    return 0


@command("themes", "the themes of a comment (or evaluate a labelled set)")
def cmd_themes(args: argparse.Namespace) -> int:
    """Classify comments into themes, or print precision and recall on a labelled YAML set.

    Staff corrections (themes set on the staff pages) as training data, see their --help:
        analytics themes export-corrections --out FILE   the corrected comments, scrubbed, as labelled YAML
        analytics themes retrain --corrections FILE      figures of the model without and with them

    Example:
        analytics themes "Ventet i tre uker på svar, og ingen tok telefonen."
        analytics themes --evaluate tests/analytics/themes/heldout2.yml
        analytics themes export-corrections --out data/theme-corrections.yml
    """
    from .themes import classify, is_suggestion, theme_name

    if args.evaluate:
        from .themes.evaluate import evaluate, load_labelled

        result = evaluate(load_labelled(Path(args.evaluate)))
        print(f"{result.size} comments")
        print(result.table())
        return 0
    for text in args.text:
        names = [theme_name(code) for code in classify(text)] or ["(ingen tema)"]
        suggestion = " · forslag" if is_suggestion(text) else ""
        print(f"{text}\n  → {', '.join(names)}{suggestion}")
    return 0


@theme_action("export-corrections", "the comments whose themes staff corrected, scrubbed, as labelled YAML")
def cmd_themes_export(args: argparse.Namespace) -> int:
    """Write every comment whose themes a person set on the staff pages as labelled training data (YAML).

    One line per comment in the format of analytics/themes/data/train.yml, with `source: staff-correction`.
    The text is scrubbed first: fødselsnummer, phone numbers, e-mail and account numbers, and words that
    look like a person's name. Comments without text and themes a client (not a person) stored are left out.
    Reads the intake database (--database-url, default INTAKE_DATABASE_URL); without --out the YAML goes to
    standard output.

    Example:
        analytics themes export-corrections --out data/theme-corrections.yml
        analytics themes retrain --corrections data/theme-corrections.yml
    """
    from .themes.corrections import export_corrections

    with _engine(args) as engine:
        content, count = export_corrections(engine)
    _write(content, args.out)
    print(f"{count} {'rettet kommentar' if count == 1 else 'rettede kommentarer'}", file=sys.stderr)
    return 0


@theme_action("retrain", "fit the theme model with staff corrections and print the figures before and after")
def cmd_themes_retrain(args: argparse.Namespace) -> int:
    """Fit the theme model with staff corrections, and print its figures before and after.

    Before: the model fitted on the shipped training data (analytics/themes/data/train.yml); after: fitted
    on it plus the corrections file. For both: precision, recall and F1 per theme and micro-averaged,
    cross-validated on the model's own training comments and measured on the held-out set
    (tests/analytics/themes/heldout3.yml, when the repository is at hand).

    The corrections file is --corrections FILE, else the ANALYTICS_THEME_CORRECTIONS setting. This command
    writes nothing, neither into the package nor elsewhere. The running service fits its model once per process
    on analytics/themes/data/train.yml plus the file ANALYTICS_THEME_CORRECTIONS names (empty: none), so to
    use the corrections, set that variable for the intake API and analytics and restart them; to keep some
    for good, review them and copy the lines into analytics/themes/data/train.yml. Takes 15–60 s (two
    cross-validations); --folds 2 --repeats 1 is quicker and rougher.

    Example:
        analytics themes retrain --corrections data/theme-corrections.yml
        ANALYTICS_THEME_CORRECTIONS=data/theme-corrections.yml analytics themes retrain --json
    """
    from .themes.corrections import HELDOUT, report_dict, report_text, retrain

    corrections = Path(args.corrections) if args.corrections else None
    heldout = Path(args.heldout) if args.heldout else HELDOUT
    try:
        report = retrain(corrections, heldout, folds=args.folds, repeats=args.repeats)
    except FileNotFoundError as missing:
        print(f"analytics: {missing}", file=sys.stderr)
        return 2
    sys.stdout.write(_json(report_dict(report)) + "\n" if args.json else report_text(report))
    return 0


@command("learning", "themes recurring across units, and the units that improved most")
def cmd_learning(args: argparse.Namespace) -> int:
    """Kommune-level learning for a period: recurring critical themes and the most improved units.

    Example:
        analytics learning --period 2026-T2
    """
    period = _period(args)
    with _engine(args) as engine:
        units = load_units(engine)
        start, end = report_window(period, months_back=1)
        frame = load_feedback(engine, start, end)
        current = frame[(frame["created_at"] >= period.bounds()[0]) & (frame["created_at"] < end)]
        recurring = recurring_themes(current, units)
        improved = improved_units(figures_from_frame(frame, period, "unit", units=units))
    print(f"Temaer som går igjen i kritiske kommentarer ved flere enheter, {period.label}:")
    for theme in recurring:
        print(f"  {theme.name}: {len(theme.units)} enheter, {theme.mentions} kommentarer")
    print(f"Enheter som har forbedret seg mest mot {period.previous().label}:")
    for unit in improved:
        print(f"  {unit.name}: snitt {fmt.number(unit.mean)} ({fmt.signed(unit.change)})")
    if not recurring and not improved:
        print("  (ingen)")
    return 0


@command("digest", "unit digests by e-mail (SMTP) or to the outbox folder")
def cmd_digest(args: argparse.Namespace) -> int:
    """New feedback per unit grouped by theme, with open and overdue items; sent to each unit's digest address.

    Without ANALYTICS_SMTP_HOST the e-mails are written to the outbox folder (ANALYTICS_OUTBOX_DIR,
    default data/outbox). Links point to ANALYTICS_STAFF_BASE_URL/staff/items/<reference>.

    Example:
        analytics digest --all --days 7
        analytics digest --unit 3 --since 2026-11-01 --print text
    """
    from .digest import build_unit_digest
    from .mail import deliver
    from .render import render_digest_html, render_digest_text

    settings = analytics_settings()
    until = datetime.now(OSLO)
    if args.until:
        until = datetime.combine(datetime.fromisoformat(args.until).date() + timedelta(days=1), time(0), OSLO)
    since = (
        datetime.combine(datetime.fromisoformat(args.since).date(), time(0), OSLO)
        if args.since
        else until - timedelta(days=args.days)
    )
    with _engine(args) as engine:
        units = load_units(engine)
        wanted = sorted(u.id for u in units.values() if u.active) if args.all else [args.unit]
        for unit_id in wanted:
            digest = build_unit_digest(engine, unit_id, since, until, base_url=settings.staff_base_url)
            if args.print:
                sys.stdout.write(render_digest_text(digest) if args.print == "text" else render_digest_html(digest))
                continue
            if digest.new_items == 0 and not digest.overdue and not args.send_empty:
                continue
            done = deliver(digest, settings)
            where = done.path if done.path else f"SMTP {settings.smtp_host}"
            print(f"{digest.unit.name}: {digest.new_items} nye → {done.recipient} ({where})")
    return 0


@command("pack", "dialogue-conference pack for one sector (HTML or PDF)")
def cmd_pack(args: argparse.Namespace) -> int:
    """The dialogue-conference pack for one sector and period; .pdf in --out gives a PDF.

    Sectors: the codes of content/topics.yml (analytics pack --list-sectors).

    Example:
        analytics pack --sector omsorg --period 2026-T2 --out dialogkonferanse-omsorg.pdf
        analytics pack --sector barnehage --period 2026 --out barnehage.html
    """
    from .pack import build_dialogue_pack
    from .render import html_to_pdf, render_pack_html

    if args.list_sectors or not args.sector:
        for code, name in catalogue().sectors.items():
            print(f"{code:<24} {name}")
        return 0 if args.list_sectors else 2
    with _engine(args) as engine:
        html = render_pack_html(build_dialogue_pack(engine, args.sector, _period(args)))
    _write(html_to_pdf(html) if (args.out or "").endswith(".pdf") else html, args.out)
    return 0


@command("summary", "the rådmann's summary for politicians (HTML or PDF)")
def cmd_summary(args: argparse.Namespace) -> int:
    """All sectors on one overview page, then a page per sector and the chatbot's figures.

    Example:
        analytics summary --period 2026-T2 --out radmann-2026-T2.pdf
        analytics --demo summary --period 2026 --out demo-2026.html
    """
    from .render import html_to_pdf, render_summary_html
    from .summary import build_radmann_summary

    tracker = _tracker(args)
    with _engine(args) as engine:
        html = render_summary_html(build_radmann_summary(engine, _period(args), tracker))
    if tracker is not None:
        tracker.dispose()
    _write(html_to_pdf(html) if (args.out or "").endswith(".pdf") else html, args.out)
    return 0


def _tracker(args: argparse.Namespace) -> Engine | None:
    url = _urls(args)[1]
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None  # no conversations yet: the summary says so instead of creating an empty file
    return create_engine(url)


@command("bot", "the chatbot's service figures for a period")
def cmd_bot(args: argparse.Namespace) -> int:
    """Conversations, share outside office hours, answered rate, unhelpful answers, questions not understood.

    Example:
        analytics bot --period 2026-T2
        analytics bot --period 2026-10 --tracker-url postgresql+psycopg://rasa@db/rasa --json
    """
    tracker = _tracker(args)
    with _engine(args) as engine:
        figures = bot_figures(engine, tracker, _period(args))
    if tracker is not None:
        tracker.dispose()
    if args.json or not figures.available:
        print(_json(figures))
        return 0
    assumed = f" ({figures.office_hours_note})" if figures.office_hours_note else ""
    print(
        f"Samtaler: {fmt.count(figures.conversations)}; utenfor åpningstid: "
        f"{fmt.percent(figures.outside_office_hours_share)}{assumed}"
    )
    print(f"Forstått og besvart: {fmt.percent(figures.answered_share)} av {fmt.count(figures.user_messages)} spørsmål")
    for topic in figures.unhelpful_topics:
        print(f"  hjalp ikke: {topic.question} ({fmt.percent(topic.unhelpful_share)} av {topic.ratings})")
    for question in figures.not_understood_questions:
        print(f"  ikke forstått: «{question.text}» ({question.conversations} samtaler)")
    return 0


@command("demo-data", "generate clearly marked demo data into a database of its own")
def cmd_demo_data(args: argparse.Namespace) -> int:
    """Fill data/demo.db (and data/demo_tracker.db) with 24 months of demo feedback, ratings and conversations.

    Refuses a database with real feedback. Every report from it carries a DEMODATA banner; run
    other commands with --demo to read it.

    Example:
        analytics demo-data
        analytics --demo summary --period 2026-T2 --out demo.pdf
    """
    from .demo import generate_demo
    from .demo.generate import DemoRefused

    database_url, tracker_url = demo_urls()
    database_url = args.database_url or database_url
    tracker_url = args.tracker_url or tracker_url
    try:
        result = generate_demo(database_url, tracker_url, months=args.months, seed=args.seed)
    except DemoRefused as refused:
        print(f"Avbrutt: {refused}", file=sys.stderr)
        return 1
    print(
        f"Demodata: {result.feedback} tilbakemeldinger, {result.answer_ratings} svarvurderinger, "
        f"{result.conversations} samtaler, {result.first_day:%d.%m.%Y}–{result.last_day:%d.%m.%Y}\n"
        f"  {result.database_url}\n  {result.tracker_url}"
    )
    return 0


def _add_options(name: str, parser: argparse.ArgumentParser) -> None:
    if name in ("figures", "learning", "pack", "summary", "bot"):
        parser.add_argument("--period", help="2026-03, 2026-T1, 2026 or 2026-01-01..2026-02-15 (default: last tertial)")
    if name in ("summary", "pack"):
        parser.add_argument("--out", help="file to write (.html or .pdf); default: HTML to standard output")
    if name == "figures":
        parser.add_argument("--level", choices=["sector", "unit", "kommune"], default="sector")
        parser.add_argument("--sector", help="only this sector code")
    if name in ("figures", "bot"):
        parser.add_argument("--json", action="store_true", help="machine-readable output")
    if name == "pack":
        parser.add_argument("--sector", help="sector code, e.g. omsorg")
        parser.add_argument("--list-sectors", action="store_true", help="list the sector codes")
    if name == "themes":
        parser.add_argument("text", nargs="*", help="comment(s) to classify")
        parser.add_argument("--evaluate", metavar="YAML", help="a labelled set (tests/analytics/themes/*.yml)")
    if name == "digest":
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", type=int, help="unit id (GET /api/v1/units lists them)")
        which.add_argument("--all", action="store_true", help="every active unit")
        parser.add_argument("--days", type=int, default=7, help="new feedback of the last N days (default 7)")
        parser.add_argument("--since", help="first day, e.g. 2026-11-01 (instead of --days)")
        parser.add_argument("--until", help="last day included (default: now)")
        parser.add_argument("--print", choices=["text", "html"], help="print instead of sending")
        parser.add_argument("--send-empty", action="store_true", help="also send when nothing is new or overdue")
    if name == "themes export-corrections":
        parser.add_argument("--out", help="the YAML file to write (default: standard output)")
    if name == "themes retrain":
        parser.add_argument(
            "--corrections", metavar="FILE", help="corrections YAML (default: ANALYTICS_THEME_CORRECTIONS)"
        )
        parser.add_argument("--heldout", metavar="FILE", help="held-out labelled set (default: heldout3.yml)")
        parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
        parser.add_argument("--repeats", type=int, default=2, help="cross-validation repeats (default 2)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
    if name == "demo-data":
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--seed", type=int, default=2026)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analytics",
        description="Feedback figures and reports for the kommune's quality cycle.",
        epilog=(
            "Example:\n  analytics demo-data\n  analytics --demo pack --sector omsorg --period 2026-T2 --out pack.pdf"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the intake API's INTAKE_DATABASE_URL)")
    parser.add_argument("--tracker-url", help="Rasa tracker store URL (default: INTAKE_TRACKER_DATABASE_URL)")
    parser.add_argument("--demo", action="store_true", help="read the demo database (data/demo.db) instead")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    actions = {f"themes {name}": (func, "") for name, (func, _) in THEME_ACTIONS.items()}
    for name, (func, summary) in {**COMMANDS, **actions}.items():
        description, raw = func.__doc__, argparse.RawDescriptionHelpFormatter
        if name in COMMANDS:
            child = sub.add_parser(name, help=summary, description=description, formatter_class=raw)
        else:  # a theme action: listed in `analytics themes --help`, not as a command of its own
            child = sub.add_parser(name, description=description, formatter_class=raw)
        # Accepted after the command too ("analytics sectors --database-url …"), as the first version did.
        child.add_argument("--database-url", dest="database_url", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        child.add_argument("--tracker-url", dest="tracker_url", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        child.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        _add_options(name, child)
        child.set_defaults(func=func)
    return parser


def _joined_theme_action(argv: list[str]) -> list[str]:
    """`themes retrain …` → `"themes retrain" …`: the theme actions are sub-parsers of their own."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in ("--database-url", "--tracker-url"):
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        if token == "themes" and i + 1 < len(argv) and argv[i + 1] in THEME_ACTIONS:
            return [*argv[:i], f"themes {argv[i + 1]}", *argv[i + 2 :]]
        return argv
    return argv


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_joined_theme_action(list(sys.argv[1:] if argv is None else argv)))
    try:
        return int(args.func(args))
    except ValueError as problem:  # a bad period or sector: say what to type instead
        print(f"analytics: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
