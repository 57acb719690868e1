"""Staff corrections flow back: exported (scrubbed) as labelled comments, and the model retrained with them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import update

from analytics.cli import THEME_ACTIONS, main
from analytics.config import get_settings
from analytics.themes.corrections import correction_line
from analytics.themes.evaluate import load_labelled
from analytics.themes.training import SHIPPED, load_training_data
from intake_api.models import Feedback, utcnow
from tests.app_fixtures import BOT
from tests.intake_api.helpers import new_key

KEYS = {"lang", "suggestion", "themes", "polarity", "theme_polarity", "text", "source"}


def feedback(client, session, text: str, language: str = "nb", **corrected) -> str:
    body = {"sector": "omsorg", "rating": 2, "text": "Hei", "channel": "chat", "language": language}
    response = client.post("/api/v1/feedback", json=body, headers={**BOT, "Idempotency-Key": new_key("corr")})
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    # The text as it might reach the row some other way than the API's scrubbing (older rows, imports).
    session.execute(update(Feedback).where(Feedback.reference == reference).values(text=text, **corrected))
    session.commit()
    return reference


def corrected(themes: list[str], polarity: str | None = None, minutes: int = 0) -> dict:
    at = utcnow() - timedelta(minutes=60 - minutes)
    return {"themes": themes, "polarity": polarity, "themes_corrected_by": "user:enhet", "themes_corrected_at": at}


def test_export_writes_only_corrected_comments_scrubbed_one_line_each(client, session, database_url, tmp_path, capsys):
    feedback(client, session, "Ring Kari Nordmann på 912 34 567 eller skriv til kari.nordmann@example.no, "
             "hun venter fortsatt på svar fra Hjemmetjenesten.", **corrected(["ventetid"], "kritikk"))  # fmt: skip
    feedback(client, session, "Eg fekk hjelp med ein gong, tusen takk til dei på Rossvollheimen!", language="nn",
             **corrected(["respektfull_behandling", "ansatte"], "ros", minutes=1))  # fmt: skip
    feedback(client, session, "Fakturaen kom to ganger", language="other", **corrected(["pris"], minutes=2))
    feedback(client, session, "", **corrected(["kvalitet"], "kritikk", minutes=3))  # no text: nothing to learn
    feedback(client, session, "Stored by a client, not corrected by a person.", themes=["kvalitet"])
    feedback(client, session, "Ingen har sett på denne.")
    out = tmp_path / "rettinger.yml"
    assert main(["--database-url", database_url, "themes", "export-corrections", "--out", str(out)]) == 0
    assert "3 rettede kommentarer" in capsys.readouterr().err
    content = out.read_text(encoding="utf-8")
    assert content.startswith("# Staff corrections of feedback themes")
    records = [line for line in content.splitlines() if line.startswith("  - ")]
    assert len(records) == 3
    assert all(line.startswith("  - {lang: ") and line.endswith(", source: staff-correction}") for line in records)
    assert records[0].startswith("  - {lang: nb, suggestion: false, themes: [ventetid], polarity: kritikk, "
                                 "theme_polarity: {}, text: \"")  # fmt: skip
    comments = yaml.safe_load(content)["comments"]
    assert all(set(c) == KEYS for c in comments)
    first, second, third = comments
    assert "912" not in first["text"] and "kari.nordmann@" not in first["text"] and "Kari" not in first["text"]
    assert "[telefon]" in first["text"] and "[e-post]" in first["text"] and "[navn]" in first["text"]
    assert "Hjemmetjenesten" in first["text"]  # a unit's name is not a person's
    assert (second["lang"], second["themes"], second["polarity"]) == (
        "nn",
        ["respektfull_behandling", "ansatte"],
        "ros",
    )
    assert "Rossvollheimen" in second["text"]
    assert (third["lang"], third["polarity"], third["theme_polarity"]) == ("nb", None, {})
    assert "Ingen har sett" not in content and "Stored by a client" not in content
    # The file is labelled data as the training file is: the theme loader reads it.
    assert [c.themes for c in load_labelled(out)] == [{"ventetid"}, {"respektfull_behandling", "ansatte"}, {"pris"}]


def test_export_of_no_corrections_is_an_empty_list(database_url, capsys):
    assert main(["--database-url", database_url, "themes", "export-corrections"]) == 0
    captured = capsys.readouterr()
    assert yaml.safe_load(captured.out) == {"comments": []} and "0 rettede" in captured.err


def test_a_line_keeps_odd_text_on_one_valid_line():
    line = correction_line('Han sa "nei"\nog gikk. \\ Tab\there \x7f', "nb", ["informasjon"], None)
    assert "\n" not in line
    [comment] = yaml.safe_load("comments:\n" + line)["comments"]
    assert comment["text"] == 'Han sa "nei" og gikk. \\ Tab here'


CORRECTIONS = [
    ("nb", ["ventetid"], "kritikk", "Har ringt sentralbordet fire ganger denne uka uten å komme gjennom til noen."),
    ("nn", ["informasjon"], "kritikk", "Vi fekk ikkje noko brev om at tøminga var flytta til fredag denne veka."),
    ("nb", ["lokaler"], "kritikk", "Heisen på helsesenteret har stått i stykker helt siden påske, mor må bæres."),
    ("nb", ["ansatte", "kvalitet"], "blandet", "Nye folk hver eneste dag, men maten har blitt mye bedre i høst."),
]


@pytest.fixture
def corrections_file(tmp_path: Path) -> Path:
    path = tmp_path / "rettinger.yml"
    lines = [correction_line(text, lang, themes, polarity) for lang, themes, polarity, text in CORRECTIONS]
    path.write_text("comments:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def heldout_file(tmp_path: Path) -> Path:
    """A small held-out set (quicker than heldout3) that shares one comment with the corrections."""
    path = tmp_path / "heldout.yml"
    rows = [
        ("nb", ["pris"], "Gebyret for feiing har økt mye uten at noen har forklart hvorfor."),
        ("nn", ["ventetid"], "Eg har venta på svar på søknaden sidan januar."),
        ("nb", ["lokaler"], CORRECTIONS[2][3]),
    ]
    lines = [correction_line(text, lang, themes, None) for lang, themes, text in rows]
    path.write_text("comments:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_training_data_grows_by_the_corrections_through_the_one_loader(corrections_file, monkeypatch):
    shipped = sum(len(load_labelled(path)) for path in SHIPPED)
    monkeypatch.delenv("ANALYTICS_THEME_CORRECTIONS", raising=False)
    get_settings.cache_clear()
    assert len(load_training_data().comments) == shipped
    monkeypatch.setenv("ANALYTICS_THEME_CORRECTIONS", str(corrections_file))
    get_settings.cache_clear()
    try:
        data = load_training_data()
        assert (data.shipped, data.corrections, len(data.comments)) == (shipped, 4, shipped + 4)
        assert data.comments[-1].themes == {"ansatte", "kvalitet"}
        assert len(load_training_data(shipped_only=True).comments) == shipped
        monkeypatch.setenv("ANALYTICS_THEME_CORRECTIONS", str(corrections_file.with_name("mangler.yml")))
        get_settings.cache_clear()
        with pytest.raises(FileNotFoundError, match="ANALYTICS_THEME_CORRECTIONS"):
            load_training_data()
    finally:
        get_settings.cache_clear()


def test_retrain_prints_the_figures_before_and_after_with_the_corrections(
    corrections_file, heldout_file, capsys, monkeypatch
):
    monkeypatch.delenv("ANALYTICS_THEME_CORRECTIONS", raising=False)
    get_settings.cache_clear()
    quick = ["--folds", "2", "--repeats", "1", "--heldout", str(heldout_file)]
    assert main(["themes", "retrain", "--corrections", str(corrections_file), *quick, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    shipped = report["shipped_comments"]
    assert report["corrections_added"] == 4 and report["corrections_in_heldout_left_out"] == 1
    assert report["before"]["training_comments"] == shipped
    assert report["after"]["training_comments"] == shipped + 3  # the held-out comment is not learnt from
    for stage in ("before", "after"):
        figures = report[stage]
        assert set(figures["crossval"]) >= {"micro", "ventetid", "lokaler"}
        assert 0 < figures["crossval"]["micro"]["f1"] <= 1
        assert figures["heldout"]["comments"] == 3 and figures["heldout"]["micro"]["support"] == 3
    # Cross-validation pools every training comment once per repeat: the corrections are in it.
    support = sum(report["after"]["crossval"][code]["support"] for code in ("ventetid", "informasjon", "ansatte"))
    before = sum(report["before"]["crossval"][code]["support"] for code in ("ventetid", "informasjon", "ansatte"))
    assert support == before + 3

    assert main(["themes", "retrain", "--corrections", str(corrections_file), *quick]) == 0
    text = capsys.readouterr().out
    assert f"Treningskommentarer: {shipped} fra pakken + 4 rettinger" in text
    assert "kryssvalidering P/R/F1" in text and "testsett P/R/F1" in text
    assert "Mikro-F1, kryssvalidering:" in text and "→" in text
    assert "Rettinger av kommentarer som står i testsettet: 1" in text
    assert all(any(line.startswith(code) for line in text.splitlines()) for code in ("informasjon", "micro"))


def test_retrain_without_corrections_says_how_to_give_them(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("ANALYTICS_THEME_CORRECTIONS", raising=False)
    get_settings.cache_clear()
    assert main(["themes", "retrain"]) == 2
    assert "--corrections FILE or set ANALYTICS_THEME_CORRECTIONS" in capsys.readouterr().err
    assert main(["themes", "retrain", "--corrections", str(tmp_path / "mangler.yml")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("action", sorted(THEME_ACTIONS))
def test_the_theme_actions_are_documented_with_an_example(action, capsys):
    with pytest.raises(SystemExit) as done:
        main(["themes", action, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert f"analytics themes {action}" in text and "Example:" in text
    if action == "retrain":
        assert "ANALYTICS_THEME_CORRECTIONS" in text and "writes nothing" in text
    with pytest.raises(SystemExit):
        main(["themes", "--help"])
    assert f"analytics themes {action}" in capsys.readouterr().out


def test_no_theme_set_by_staff_wins_over_the_classifier_in_reports(client, session, engine):
    from analytics.data import load_feedback
    from analytics.figures import resolve_themes

    none = feedback(client, session, "Ventet i tre uker på svar, ingen tok telefonen.", **corrected([]))
    unset = feedback(client, session, "Ventet i tre uker på svar, ingen tok telefonen igjen.")
    frame = resolve_themes(load_feedback(engine)).set_index("reference")
    assert frame.loc[none, "themes"] == () and "ventetid" in frame.loc[unset, "themes"]
