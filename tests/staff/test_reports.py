"""Leaders' reports: figures and charts from analytics for a chosen period, and the downloads."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from intake_api.models import AuditEntry
from intake_api.staff.routes.reports import chosen_period, period_choices

from .helpers import feedback_in, signed_in, text_of


@pytest.fixture
def feedback(client, session):
    """Six pieces of feedback for one unit: enough to be shown (groups under five are suppressed)."""
    for rating in (2, 3, 5, 5, 6, 6):
        feedback_in(client, session, "Hjemmetjenesten", rating=rating, text="Hyggelige folk, men de kom for sent.")


def test_leaders_see_sector_and_unit_figures_with_charts(client, users, feedback):
    page = signed_in(client, users.leader).get("/staff/reports")
    assert page.status_code == 200
    text = text_of(page)
    assert "Innbyggerne ga 6 tilbakemeldinger" in text
    assert "Pleie og omsorg 6 4,5 67 %" in text  # sector row: responses, mean, satisfied (5–6)
    assert "Hjemmetjenesten 6 4,5" in text
    assert page.text.count("<svg") >= 3 and 'role="img"' in page.text
    assert "Last ned sammendraget som PDF" in text


def test_the_period_can_be_chosen(client, users, feedback):
    signed_in(client, users.leader)
    last_year = client.get("/staff/reports?periode=2020")
    assert last_year.status_code == 200 and "For få tilbakemeldinger i 2020" in text_of(last_year)
    today = date.today().isoformat()
    ranged = client.get(f"/staff/reports?fra=2020-01-01&til={today}")
    assert "Innbyggerne ga 6 tilbakemeldinger" in text_of(ranged)


@pytest.mark.parametrize(("query", "message"), [
    ("periode=tull", "Velg en periode fra listen."),
    ("fra=2026-05-01&til=2026-04-01", "Til-datoen må være samme dag som eller etter fra-datoen."),
    ("fra=1.5.2026&til=2026-06-01", "Skriv datoene som åååå-mm-dd"),
])  # fmt: skip
def test_a_bad_period_is_explained(client, users, query, message):
    page = signed_in(client, users.leader).get(f"/staff/reports?{query}")
    assert page.status_code == 422 and message in text_of(page)


def test_period_choices_and_parsing():
    today = date(2026, 11, 28)
    codes = [code for code, _label in period_choices(today)]
    assert codes[:3] == ["2026-T3", "2026-T2", "2026-T1"] and "2026" in codes and "2025" in codes and "2026-10" in codes
    assert chosen_period({}, today)[0].code == "2026-T3"
    assert chosen_period({"periode": "2026-T1"}, today)[0].label == "1. tertial 2026"


@pytest.mark.parametrize(("path", "kind"), [
    ("/staff/reports/radmann?periode={p}&format=pdf", "pdf"),
    ("/staff/reports/radmann?periode={p}&format=html", "html"),
    ("/staff/reports/dialogkonferanse?periode={p}&sektor=omsorg&format=pdf", "pdf"),
    ("/staff/reports/dialogkonferanse?periode={p}&sektor=omsorg&format=html", "html"),
])  # fmt: skip
def test_downloads(client, users, session, feedback, path, kind):
    period = chosen_period({}, date.today())[0].code
    response = signed_in(client, users.leader).get(path.format(p=period))
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["content-disposition"].endswith(f'-{period}.{kind}"')
    if kind == "pdf":
        assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF")
    else:
        assert response.headers["content-type"].startswith("text/html") and "Pleie og omsorg" in response.text
        assert "style-src 'unsafe-inline'" in response.headers["content-security-policy"]
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "report.download"))
    assert entry.actor == f"user:{users.leader}" and entry.detail == {"period": period, "format": kind}


@pytest.mark.parametrize(("path", "message"), [
    ("/staff/reports/dialogkonferanse?sektor=tull", "Velg hvilket tjenesteområde"),
    ("/staff/reports/radmann?format=docx", "Velg PDF eller HTML"),
    ("/staff/reports/radmann?periode=2026-T9", "Velg en periode fra listen"),
])  # fmt: skip
def test_bad_download_requests(client, users, path, message):
    response = signed_in(client, users.leader).get(path)
    assert response.status_code == 400 and message in text_of(response)


@pytest.mark.parametrize("who", ["unit", "servicetorget", "admin"])
def test_only_leaders_read_the_reports(client, users, who):
    signed_in(client, getattr(users, who))
    for path in ("/staff/reports", "/staff/reports/radmann", "/staff/reports/dialogkonferanse?sektor=omsorg"):
        assert client.get(path).status_code == 403
