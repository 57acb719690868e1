"""Bad requests get a precise 4xx a developer can act on, never a 500."""

from __future__ import annotations

import pytest

from tests.app_fixtures import BOT, KEYS

from .helpers import VALID_FEEDBACK

HEADERS = {**BOT, "Idempotency-Key": "bad-input-0001"}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", '{"sector": "omsorg", "rating": 5}'),
        ("application/x-www-form-urlencoded", "sector=omsorg&rating=5"),
        (None, '{"sector": "omsorg", "rating": 5}'),
    ],
)
def test_wrong_content_type_is_a_415(client, content_type, body):
    headers = dict(HEADERS)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post("/api/v1/feedback", content=body.encode(), headers=headers)
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


def test_json_with_charset_is_fine(client):
    response = client.post(
        "/api/v1/feedback", content=b'{"sector": "omsorg", "rating": 5}',
        headers={**HEADERS, "Content-Type": "application/json; charset=utf-8"},
    )  # fmt: skip
    assert response.status_code == 201


@pytest.mark.parametrize("body", ['{"sector": "omsorg", "rating": 5', "{sector: omsorg}", "", "[1, 2"])
def test_malformed_json_is_a_400_with_the_position(client, body):
    response = client.post(
        "/api/v1/feedback", content=body.encode(), headers={**HEADERS, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    if body:
        assert response.status_code == 400
        assert response.json()["detail"].startswith("malformed JSON body at character")


@pytest.mark.parametrize("body", [[], "text", 5, None, {"sector": None, "rating": None}])
def test_json_of_the_wrong_shape_is_a_422(client, body):
    response = client.post("/api/v1/feedback", json=body, headers=HEADERS)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("key", "reason"),
    [("short", "at least 8"), ("has spaces in it", "pattern"), ("x" * 129, "at most 128")],
)
def test_bad_idempotency_keys(client, key, reason):
    response = client.post("/api/v1/feedback", json=VALID_FEEDBACK, headers={**BOT, "Idempotency-Key": key})
    assert response.status_code == 422
    assert reason in response.text


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/feedback", {"limit": 0}),
        ("/api/v1/feedback", {"limit": 100000}),
        ("/api/v1/feedback", {"offset": -1}),
        ("/api/v1/feedback", {"sector": "romfart"}),
        ("/api/v1/feedback", {"from": "i går"}),
        ("/api/v1/feedback", {"status": "ukjent"}),
        ("/api/v1/feedback", {"reference": "SKA-\x00ABCDE"}),
        ("/api/v1/feedback/SKA-!!!!!!", {}),
        ("/api/v1/exports/feedback", {"format": "xlsx"}),
    ],
)
def test_bad_query_parameters_are_a_422(client, path, params):
    response = client.get(path, params=params, headers=KEYS["leader"])
    assert response.status_code == 422


def test_nul_and_lone_surrogates_never_reach_the_database(client):
    nul = client.post("/api/v1/feedback", json={**VALID_FEEDBACK, "text": "a\x00b"}, headers=HEADERS)
    assert nul.status_code == 422 and "NUL" in nul.text
    surrogate = client.post(
        "/api/v1/feedback", content=b'{"sector": "omsorg", "rating": 5, "text": "\\ud800"}',
        headers={**HEADERS, "Content-Type": "application/json"},
    )  # fmt: skip
    assert surrogate.status_code in (400, 422)


def test_unknown_paths_and_methods(client):
    assert client.get("/api/v1/nothing-here").status_code == 404
    assert client.put("/api/v1/feedback", json={}, headers=BOT).status_code == 405
