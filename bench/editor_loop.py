"""Does the editors' loop work? Replay real-style questions in weekly batches and let an editor act.

    .venv/app/bin/python -m bench.editor_loop [--weeks 4] [--seed 7]

Starts the whole service (intake API, action server, Rasa server and the trainer) on free ports
with an empty data folder, then for each week:

1. residents ask that week's questions through Rasa's REST channel, each in a new conversation;
   when the bot answers a wrong topic the resident says "nei" to "Fikk du svar?", as residents do;
2. the outcome of every question is read from the tracker store, the way the worklist reads it
   (answered with which topic, asked back, rejected);
3. an automated editor signs in to the staff pages, opens the week's worklist and decides every
   group: the right topic (an editor reading the question knows it), or out of scope; it also
   notes, for the groups that belong to a topic, whether the worklist's first suggestion was it;
4. the editor presses "Tren og ta i bruk ny modell" and the bench waits until the trainer has
   trained, checked the held-out floors and loaded the model.

The questions are the independent real-phrasing sets (tests/nlu/real_phrasing*.yml, none of
them a training example: tests/nlu/test_held_out_stays_held_out.py), shuffled with a fixed seed;
questions for national agencies are left out (the worklist assigns faq topics and out of scope
only). Each week's answered rate is measured on questions the editors have not seen yet, so it
shows what the examples of earlier weeks taught. At the end the first week is asked again
(seen questions: an upper bound, not generalisation). Results: bench/results/editor-loop.{json,md}.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sqlite3
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import yaml

from devtools.stack import REPO_ROOT, Stack, StackConfig
from innbygger_common.catalogue import catalogue
from intake_api.staff.users import DEV_USERS
from intake_api.worklist import group_key
from tests.e2e.conftest import free_port

SETS = [REPO_ROOT / "tests" / "nlu" / "real_phrasing.yml", REPO_ROOT / "tests" / "nlu" / "real_phrasing2.yml"]
RESULTS = REPO_ROOT / "bench" / "results"
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def questions(seed: int) -> list[dict[str, str]]:
    found = []
    for path in SETS:
        for example in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]:
            if example["topic"] in catalogue().topics or example["topic"] == "out_of_scope":
                found.append({"text": example["text"], "topic": example["topic"], "lang": example["lang"]})
    random.Random(seed).shuffle(found)
    return found


def outcome(tracker: Path, sender: str) -> str:
    """What the bot did with the conversation's first question: a topic, "asked_back" or "rejected"."""
    with sqlite3.connect(tracker) as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    seen_user = 0
    for kind, raw in rows:
        data = json.loads(raw)
        if kind == "user":
            seen_user += 1
            if seen_user > 1:
                break
        elif kind == "slot" and data.get("name") == "last_topic" and data.get("value"):
            return str(data["value"])
        elif kind == "bot":
            said = (data.get("metadata") or {}).get("utter_action")
            if said == "utter_did_you_mean":
                return "asked_back"
            if said in ("utter_out_of_scope", "utter_default"):
                return "rejected"
            if said == "utter_emergency":
                return "akutt_nodnummer"
    return "rejected"


class Editor:
    """The staff pages as an editor uses them, over HTTP."""

    def __init__(self, api_url: str):
        self.client = httpx.Client(base_url=api_url, timeout=60, follow_redirects=True)
        page = self.client.get("/staff/login")
        username, _name, password = DEV_USERS["editor"]
        self.client.post("/staff/login", data={"csrf_token": self.token(page.text), "username": username,
                                               "password": password}).raise_for_status()  # fmt: skip

    @staticmethod
    def token(text: str) -> str:
        match = _CSRF.search(text)
        assert match, "no CSRF token in the page"
        return html.unescape(match.group(1))

    def worklist(self) -> tuple[str, list[dict[str, str]]]:
        page = self.client.get("/staff/editor/worklist?days=7").text
        groups = []
        for section in page.split('<section class="group"')[1:]:
            key = html.unescape(re.search(r'name="key" value="([^"]*)"', section).group(1))  # type: ignore[union-attr]
            suggested = re.search(r'<option value="([^"]+)" selected>', section)
            language = html.unescape(re.search(r'name="language" value="([^"]*)"', section).group(1))  # type: ignore[union-attr]
            text = html.unescape(re.search(r'name="text" type="text" value="([^"]*)"', section).group(1))  # type: ignore[union-attr]
            groups.append({"key": key, "suggested": suggested.group(1) if suggested else "", "language": language,
                           "text": text})  # fmt: skip
        return self.token(page), groups

    def decide(self, token: str, group: dict[str, str], topic: str) -> None:
        form = {"csrf_token": token, "key": group["key"], "days": "7", "language": group["language"],
                "text": group["text"], "note": ""}  # fmt: skip
        if topic == "out_of_scope":
            form |= {"decision": "out_of_scope", "topic": ""}
        else:
            form |= {"decision": "example", "topic": topic}
        self.client.post("/staff/editor/worklist", data=form).raise_for_status()

    def retrain(self, timeout_s: float = 1800) -> tuple[str, float]:
        page = self.client.get("/staff/editor/model").text
        started = time.monotonic()
        self.client.post("/staff/editor/model/train", data={"csrf_token": self.token(page)}).raise_for_status()
        while time.monotonic() - started < timeout_s:
            status = self.client.get("/staff/editor/model/status").text
            newest = re.search(r"<td>(I kø|Pågår|Ferdig|Mislyktes)</td>\s*<td>(.*?)</td>", status)
            if newest and newest.group(1) in ("Ferdig", "Mislyktes"):
                return html.unescape(newest.group(2)), time.monotonic() - started
            time.sleep(5)
        return "timed out", time.monotonic() - started


def ask_all(rasa_url: str, tracker: Path, batch: list[dict[str, str]]) -> list[str]:
    outcomes = []
    with httpx.Client(timeout=60) as client:
        for question in batch:
            sender = f"bench-{uuid.uuid4()}"
            client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": question["text"]})
            got = outcome(tracker, sender)
            if got in catalogue().topics and got != question["topic"]:
                client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": "nei"})
            outcomes.append(got)
    return outcomes


def rates(batch: list[dict[str, str]], outcomes: list[str]) -> dict[str, Any]:
    in_scope = [(q, o) for q, o in zip(batch, outcomes, strict=True) if q["topic"] != "out_of_scope"]
    oos = [o for q, o in zip(batch, outcomes, strict=True) if q["topic"] == "out_of_scope"]
    by_language: dict[str, list[bool]] = {}
    for q, o in in_scope:
        by_language.setdefault(q["lang"], []).append(o == q["topic"])
    return {
        "questions": len(batch), "in_scope": len(in_scope),
        "answered_right": sum(o == q["topic"] for q, o in in_scope) / len(in_scope),
        "asked_back": sum(o == "asked_back" for _, o in in_scope) / len(in_scope),
        "wrong_topic": sum(o in catalogue().topics and o != q["topic"] for q, o in in_scope) / len(in_scope),
        "out_of_scope_caught": sum(o not in catalogue().topics for o in oos) / len(oos) if oos else None,
        "answered_right_by_language": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_language.items())},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results alone")
    args = parser.parse_args()
    everything = questions(args.seed)
    size = len(everything) // args.weeks
    weeks = [everything[i * size : (i + 1) * size] for i in range(args.weeks)]
    report: dict[str, Any] = {"weeks": [], "seed": args.seed, "questions": len(everything)}
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        config = StackConfig(rasa_port=free_port(), action_port=free_port(), api_port=free_port(), data_dir=data,
                             model=REPO_ROOT / "models" / "innbygger.tar.gz", log_dir=data / "logs",
                             extra_env={"TRAINER_POLL_SECONDS": "2"})  # fmt: skip
        with Stack(config):
            editor = Editor(config.api_url)
            tracker = data / "rasa_tracker.db"
            for number, batch in enumerate(weeks, start=1):
                outcomes = ask_all(config.rasa_url, tracker, batch)
                week = {"week": number, **rates(batch, outcomes)}
                truth = {group_key(q["text"]): q["topic"] for q in batch}
                token, groups = editor.worklist()
                suggestion_right = topic_groups = 0
                decided: Counter[str] = Counter()
                for group in groups:
                    topic = truth.get(group["key"])
                    if topic is None:  # a group merged from a near-identical wording: its first member decides
                        topic = next((t for k, t in truth.items() if k.startswith(group["key"][:20])), "out_of_scope")
                    if topic != "out_of_scope":  # out of scope has no topic to suggest
                        topic_groups += 1
                        suggestion_right += group["suggested"] == topic
                    editor.decide(token, group, topic)
                    decided["out_of_scope" if topic == "out_of_scope" else "example"] += 1
                right = suggestion_right / topic_groups if topic_groups else None
                week |= {"worklist_groups": len(groups), "decided": dict(decided), "first_suggestion_right": right}
                status, seconds = editor.retrain()
                week |= {"retrain": status, "retrain_seconds": round(seconds)}
                print(json.dumps(week, ensure_ascii=False), flush=True)
                report["weeks"].append(week)
            again = ask_all(config.rasa_url, tracker, weeks[0])
            report["first_week_asked_again"] = rates(weeks[0], again)
            print(json.dumps(report["first_week_asked_again"], ensure_ascii=False))
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "editor-loop.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        intro = (
            f"{report['questions']} real-style questions (tests/nlu/real_phrasing*.yml, national agencies left out), "
            f"seed {args.seed}, {args.weeks} weekly batches. Answered right: on that week's questions, before the "
            "editor saw them."
        )
        header = (
            "| week | in scope | answered right | nb / nn / en | asked back | wrong topic | out of scope caught | "
            "worklist groups | first suggestion right | retrain |"
        )
        lines = ["# The editors' loop, week by week (bench/editor_loop.py)", "", intro, "", header,
                 "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for w in report["weeks"]:
            lang = w["answered_right_by_language"]
            languages = " / ".join(f"{lang.get(code, 0):.1%}" for code in ("nb", "nn", "en"))
            lines.append(
                f"| {w['week']} | {w['in_scope']} | {w['answered_right']:.1%} | {languages} | {w['asked_back']:.1%} | "
                f"{w['wrong_topic']:.1%} | {(w['out_of_scope_caught'] or 0):.1%} | {w['worklist_groups']} | "
                f"{(w['first_suggestion_right'] or 0):.0%} | {w['retrain_seconds']} s ({w['retrain']}) |"
            )
        again = report["first_week_asked_again"]
        lines += ["", f"Week 1 asked again after the last training (seen questions, an upper bound): answered right "
                      f"{again['answered_right']:.1%}, wrong topic {again['wrong_topic']:.1%}."]  # fmt: skip
        (RESULTS / "editor-loop.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
