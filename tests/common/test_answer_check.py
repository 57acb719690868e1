"""The checks an editor's answer must pass, the plain-language hints, and the facts with their sources."""

from __future__ import annotations

from innbygger_common.answer_check import answer_problems, link_problem, plain_language
from innbygger_common.profile import profile
from innbygger_common.profile_facts import facts, profile_path, sources, with_overrides

GOOD = {"nb": "Ring {servicetorget.phone}.", "nn": "Ring {servicetorget.phone}.", "en": "Call {servicetorget.phone}."}


def test_a_good_answer_has_no_problems():
    assert answer_problems(GOOD, profile()) == {}


def test_each_problem_is_named_for_its_written_form():
    problems = answer_problems({**GOOD, "nn": "", "en": "See {web.nowhere} or http://example"}, profile())
    assert set(problems) == {"nn", "en"}
    assert "nynorsk mangler" in problems["nn"][0]
    assert any("{web.nowhere} er ikke et faktum" in p for p in problems["en"])
    assert any("gyldig domenenavn" in p for p in problems["en"])


def test_a_group_of_facts_is_not_a_placeholder():
    problems = answer_problems({**GOOD, "nb": "Ring {servicetorget.phone_hours}."}, profile())
    assert "gruppe av fakta" in problems["nb"][0]


def test_links():
    assert link_problem("https://www.skaun.kommune.no/barnehage.") is None  # the full stop ends the sentence
    assert "https://" in (link_problem("www.skaun.kommune.no") or "")
    assert "http://" in (link_problem("http://www.skaun.kommune.no") or "")
    assert "domenenavn" in (link_problem("https://skaun") or "")


def test_lix_and_the_longest_sentence():
    short = plain_language("Du søker på nett. Svaret kommer i posten.")
    assert (short.sentences, short.words, short.longest_sentence) == (2, 8, 4)
    assert short.level == "lett" and short.hints() == []
    long = plain_language(" ".join(["Betalingsregulativet"] * 30) + ".")
    assert long.lix > 50 and long.level == "tung" and len(long.hints()) == 2


def test_every_fact_has_a_path_and_the_profiles_sources_are_read():
    found = {f.path: f for f in facts(profile(), profile_path().read_text(encoding="utf-8"))}
    assert found["servicetorget.phone"].value == profile()["servicetorget"]["phone"]
    assert "veg.164071" in found["servicetorget.phone"].source
    assert found["servicetorget.phone_hours.nn"].source  # under a key with a source, the source holds
    assert "reference_prefix" not in found  # identifiers the code relies on are not editable


def test_same_page_refers_to_the_source_above():
    text = "a:\n  x: 1   # source: https://example.no/side\n  y: 2   # source: same page\n"
    assert sources(text) == {"a.x": "https://example.no/side", "a.y": "https://example.no/side (same page)"}


def test_overrides_replace_known_facts_only():
    changed = with_overrides(profile(), {"servicetorget.phone": "11 22 33 44", "finnes.ikke": "x",
                                         "servicetorget": "not a leaf"})  # fmt: skip
    assert changed["servicetorget"]["phone"] == "11 22 33 44"
    assert "finnes" not in changed and isinstance(changed["servicetorget"], dict)
    assert profile()["servicetorget"]["phone"] != "11 22 33 44"  # the cached profile is untouched
