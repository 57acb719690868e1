"""The editable content is complete and consistent: catalogue, profile, answers."""

from pathlib import Path

import pytest
import yaml

from innbygger_common.answers import load_answers
from innbygger_common.catalogue import catalogue
from innbygger_common.profile import fill, placeholders, profile

REPO = Path(__file__).resolve().parents[2]
SHARED_SPEC = REPO.parent / "shared" / "spec" / "topics.yml"


@pytest.mark.skipif(not SHARED_SPEC.exists(), reason="shared/spec is not beside this clone")
def test_catalogue_keeps_the_contract():
    """Every sector and topic id of the shared contract exists unchanged (adding is allowed)."""
    contract = yaml.safe_load(SHARED_SPEC.read_text(encoding="utf-8"))
    assert set(contract["sectors"]) <= set(catalogue().sectors)
    for topic_id, spec in contract["topics"].items():
        assert catalogue().topics[topic_id].sector == spec["sector"]


def test_profile_has_the_facts_code_relies_on():
    assert profile()["reference_prefix"].isalpha()
    assert profile()["web"]["home"].startswith("https://")
    assert "@" in profile()["servicetorget"]["email"]


def test_every_answer_fills_from_the_profile():
    answers = load_answers()
    assert answers, "content/answers is empty"
    for topic, texts in answers.items():
        for language, text in texts.items():
            filled = fill(text)
            assert not placeholders(filled), (topic, language)
            assert len(filled) <= 600, f"{topic}/{language} is too long for a chat answer ({len(filled)} chars)"
