"""The trainer: retrains the bot with editors' examples and loads the new model into every Rasa server.

    python -m bot.trainer            (started by `make run` beside the other servers)
    python -m bot.trainer --once     (take one queued job, if any, and stop)

Editors queue a job in the staff pages (Modell); this process claims it through the intake API
(POST /api/v1/training/claim), so several intake API replicas and one trainer work together. For a
training it copies bot/data, adds the editors' examples as one more NLU file, trains, and runs
bot/evaluate.py --check: the new model goes into service only when it keeps every held-out floor.
Then it is loaded into each Rasa server through Rasa's HTTP API (PUT /model), and the path of the
model in force is written to <data>/models/current so that a restart starts with it too. A
rollback loads the model that was in force before. Whatever fails, the servers keep the model they
had, and the job says why. Each stage is reported to the API and shown on the staff page.

Environment: INTAKE_API_URL, INTAKE_BOT_API_KEY, RASA_SERVER_URLS (comma-separated, default
http://127.0.0.1:5005), RASA_TOKEN, RASA_MODEL (the model the servers started with),
INNBYGGER_DATA_DIR, TRAINER_POLL_SECONDS (default 5).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BOT_DATA = REPO / "bot" / "data"
TRAIN_TIMEOUT_S = 30 * 60
logger = logging.getLogger("trainer")


def data_dir() -> Path:
    return Path(os.environ.get("INNBYGGER_DATA_DIR", REPO / "data"))


def current_pointer() -> Path:
    """The file naming the model in force, read by devtools/stack.py when the servers start."""
    return data_dir() / "models" / "current"


def model_at_start() -> str:
    pointer = current_pointer()
    if pointer.exists() and Path(pointer.read_text(encoding="utf-8").strip()).exists():
        return pointer.read_text(encoding="utf-8").strip()
    return str(Path(os.environ.get("RASA_MODEL", REPO / "models" / "innbygger.tar.gz")).resolve())


class Failed(Exception):
    """A stage failed; the message (bokmål, for the editors' page) says what happened."""


@dataclass
class Api:
    base_url: str
    api_key: str

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(
            self.base_url.rstrip("/") + path,
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return json.loads(raw) if raw else None


def nlu_file(examples: list[dict[str, Any]]) -> str:
    """The editors' examples in Rasa's NLU format: faq/<topic> per topic, out_of_scope as itself."""
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        topic = str(example["topic"])
        intent = "out_of_scope" if topic == "out_of_scope" else f"faq/{topic}"
        text = " ".join(str(example["text"]).split())
        if text:
            by_intent.setdefault(intent, []).append(text)
    lines = [
        'version: "3.1"',
        "# Examples editors added from the worklist (staff pages); written by bot/trainer.py.",
        "nlu:",
    ]
    for intent, texts in sorted(by_intent.items()):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {json.dumps(text, ensure_ascii=False)[1:-1]}" for text in dict.fromkeys(texts)]
    return "\n".join(lines) + "\n"


def rasa_servers() -> list[str]:
    urls = os.environ.get("RASA_SERVER_URLS", "http://127.0.0.1:5005")
    return [url.strip().rstrip("/") for url in urls.split(",") if url.strip()]


def load_everywhere(model: str, servers: list[str], token: str) -> None:
    """PUT /model on every server; on a failure, the ones already switched go back to what they had."""
    switched: list[str] = []
    for server in servers:
        try:
            _put_model(server, model, token)
            switched.append(server)
        except (OSError, urllib.error.URLError) as error:
            previous = model_at_start()
            for done in switched:
                try:
                    _put_model(done, previous, token)
                except (OSError, urllib.error.URLError):
                    logger.error("could not put %s back on its previous model", done)
            message = f"Modellen kunne ikke lastes på {server} ({type(error).__name__}); ingen server er endret."
            raise Failed(message) from error


def _put_model(server: str, model: str, token: str) -> None:
    request = urllib.request.Request(
        f"{server}/model?token={token}",
        method="PUT",
        data=json.dumps({"model_file": model}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    # Loading a model takes seconds; the server answers when it serves the new one.
    with urllib.request.urlopen(request, timeout=300) as response:
        if response.status >= 300:
            raise OSError(f"HTTP {response.status}")


def train(job: dict[str, Any], say: Any) -> tuple[str, dict[str, Any]]:
    """Train on bot/data plus the examples and check the floors; the new model's path and figures."""
    work = data_dir() / "training" / f"job-{job['id']}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(BOT_DATA, work / "data")
    (work / "data" / "nlu" / "editor_examples.yml").write_text(nlu_file(job["examples"]), encoding="utf-8")
    models = data_dir() / "models"
    models.mkdir(parents=True, exist_ok=True)
    say(f"Trener modellen med {len(job['examples'])} eksempler fra redaktørene")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    bin_dir = Path(sys.executable).parent
    started = time.monotonic()
    trained = subprocess.run(
        [
            str(bin_dir / "rasa"),
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            str(work / "data"),
            "--out",
            str(models),
            "--fixed-model-name",
            f"editors-{job['id']}",
            "--quiet",
            "--force",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TRAIN_TIMEOUT_S,
        check=False,
    )
    model = models / f"editors-{job['id']}.tar.gz"
    if trained.returncode != 0 or not model.exists():
        logger.error("rasa train failed: %s", trained.stderr[-2000:])
        raise Failed("Treningen mislyktes; modellen i bruk er ikke endret.")
    training_s = time.monotonic() - started
    say("Tester den nye modellen mot kravene til testsettene")
    report = work / "understanding.json"
    checked = subprocess.run(
        [sys.executable, "bot/evaluate.py", "--model", str(model), "--check", "--json", str(report)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TRAIN_TIMEOUT_S,
        check=False,
    )
    figures = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    summary = {"training_seconds": round(training_s), **_summary(figures)}
    if checked.returncode != 0:
        reason = next((line for line in checked.stderr.splitlines() if "regressed" in line), "testene feilet")
        model.unlink(missing_ok=True)
        raise Failed(f"Den nye modellen holdt ikke kravene ({reason[:120]}); modellen i bruk er ikke endret.")
    shutil.rmtree(work / "data", ignore_errors=True)
    return str(model.resolve()), summary


def _summary(figures: dict[str, Any]) -> dict[str, Any]:
    keep: dict[str, Any] = {}
    for name in ("heldout", "real_phrasing", "real_phrasing2"):
        if name in figures:
            keep[name] = {k: figures[name].get(k) for k in ("topic_accuracy", "within_one_click", "wrong_answer")}
    return keep


def run_job(api: Api, job: dict[str, Any]) -> None:
    def say(stage: str) -> None:
        logger.info("job %s: %s", job["id"], stage)
        api.call("POST", f"/api/v1/training/{job['id']}/progress", {"stage": stage})

    token = os.environ.get("RASA_TOKEN", "dev-rasa-token")
    before = job.get("model_in_force") or model_at_start()
    try:
        figures: dict[str, Any] = {}
        if job["kind"] == "rollback":
            model = str(job["rollback_to"])
            if not Path(model).exists():
                raise Failed("Den forrige modellen finnes ikke lenger på disken; ingenting er endret.")
        else:
            model, figures = train(job, say)
        servers = rasa_servers()
        say(f"Tar i bruk modellen på {len(servers)} {'server' if len(servers) == 1 else 'servere'}")
        load_everywhere(model, servers, token)
        current_pointer().parent.mkdir(parents=True, exist_ok=True)
        current_pointer().write_text(model + "\n", encoding="utf-8")
    except Failed as failed:
        api.call("POST", f"/api/v1/training/{job['id']}/finish", {"ok": False, "stage": str(failed)})
        return
    except Exception as error:  # the job must end whatever happened, or it would block the queue
        logger.exception("job %s failed", job["id"])
        stage = f"Uventet feil ({type(error).__name__}); modellen i bruk er ikke endret."
        api.call("POST", f"/api/v1/training/{job['id']}/finish", {"ok": False, "stage": stage})
        return
    done = "Ferdig: den nye modellen er i bruk" if job["kind"] == "train" else "Ferdig: den forrige modellen er i bruk"
    result = {"ok": True, "stage": done, "model_path": model, "previous_model_path": before, "figures": figures}
    api.call("POST", f"/api/v1/training/{job['id']}/finish", result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="take one queued job, if any, and stop")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s trainer %(levelname)s %(message)s")
    api = Api(
        os.environ.get("INTAKE_API_URL", "http://127.0.0.1:8000"), os.environ.get("INTAKE_BOT_API_KEY", "dev-bot-key")
    )
    poll_s = float(os.environ.get("TRAINER_POLL_SECONDS", "5"))
    while True:
        try:
            job = api.call("POST", "/api/v1/training/claim")
        except (OSError, urllib.error.URLError) as error:
            logger.warning("intake API not reachable (%s); trying again", type(error).__name__)
            job = None
        if job:
            run_job(api, job)
        if args.once:
            return 0
        time.sleep(poll_s)


if __name__ == "__main__":
    sys.exit(main())
