"""Bot-answer ratings and the per-topic summary editors read."""

from __future__ import annotations

from innbygger_common.catalogue import catalogue
from tests.app_fixtures import BOT, KEYS


def rate(client, topic: str, helpful: bool):
    return client.post("/api/v1/answer-ratings", json={"topic": topic, "helpful": helpful}, headers=BOT)


def test_summary_counts_per_topic_most_unhelpful_first(client):
    for topic, helpful in [("tommekalender", True), ("tommekalender", False), ("tommekalender", False),
                           ("soke_barnehageplass", True)]:  # fmt: skip
        assert rate(client, topic, helpful).status_code == 201
    summary = client.get("/api/v1/answer-ratings/summary", headers=KEYS["leader"]).json()
    assert summary[0] == {
        "topic": "tommekalender", "sector": catalogue().topics["tommekalender"].sector,
        "question": catalogue().topics["tommekalender"].question,
        "helpful": 1, "unhelpful": 2, "total": 3, "helpful_share": 0.333,
    }  # fmt: skip
    assert [row["topic"] for row in summary] == ["tommekalender", "soke_barnehageplass"]
    assert client.get("/api/v1/answer-ratings/summary", params={"from": "2000-01-01", "to": "2000-12-31"},
                      headers=KEYS["admin"]).json() == []  # fmt: skip


def test_unknown_topic_is_a_422(client):
    response = rate(client, "romfart", True)
    assert response.status_code == 422 and "unknown topic" in response.text
