"""Need-to-know on the pages: a shielded reporter is seen by Veilig Thuis only, and a chain
partner's handover page shows what the partner needs, not the VT file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.intake.tests.factories import child, victim_adult

pytestmark = pytest.mark.django_db

REPORTER = {
    "reporter_name": "Meester Geheimhouden",
    "reporter_organisation": "Kindcentrum Het Anker",
    "reporter_phone": "078-1234567",
    "reporter_email": "melder@hetanker.example",
    "reporter_shielded": True,
}
REPORTER_TRACES = ("Geheimhouden", "Het Anker", "078-1234567", "hetanker.example")


@pytest.fixture
def shielded_case(make_case, advance_case):
    people = [victim_adult(surname="Jansen", bsn="111222333"), child(surname="Jansen")]
    return advance_case(make_case(people=people, **REPORTER), "handover_offered")


@pytest.mark.parametrize("persona", ["intake_worker", "vt_worker", "team_lead"])
def test_veilig_thuis_sees_the_shielded_reporter(client, request, persona, shielded_case):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("casework:detail", args=[shielded_case.pk])).content.decode()
    assert "Geheimhouden" in html and "078-1234567" in html


def test_the_chain_partner_never_sees_the_reporter(client, pro_a, shielded_case):
    client.force_login(pro_a)
    handover = shielded_case.handovers.get()
    for name in ("handover_detail", "handover_accept", "handover_refuse"):
        html = client.get(reverse(f"casework:{name}", args=[handover.pk])).content.decode()
        for trace in REPORTER_TRACES:
            assert trace not in html, (name, trace)
    inbox = client.get(reverse("casework:inbox")).content.decode()
    for trace in REPORTER_TRACES:
        assert trace not in inbox


def test_a_policy_officer_never_sees_the_reporter(client, policy_officer, shielded_case):
    client.force_login(policy_officer)
    html = client.get(reverse("casework:overview")).content.decode()
    for trace in (*REPORTER_TRACES, "Jansen"):
        assert trace not in html


def test_the_handover_page_shows_what_the_partner_needs(client, pro_a, shielded_case):
    client.force_login(pro_a)
    handover = shielded_case.handovers.get()
    html = client.get(reverse("casework:handover_detail", args=[handover.pk])).content.decode()
    assert handover.assessment_summary.splitlines()[0] in html  # assessment summary
    assert "Vader woont tijdelijk elders." in html  # safety conditions
    assert "Jansen" in html  # the people it takes over help for


def test_the_handover_page_is_not_the_vt_file(client, pro_a, make_case, shielded_case):
    # An earlier report about the same household, with its own free text.
    adult = shielded_case.report.involved.order_by("pk").first().person
    make_case(
        people=[victim_adult(surname="Jansen", existing_person_id=adult.pk)],
        summary="Eerdere melding: buren hoorden geschreeuw.",
    )
    client.force_login(pro_a)
    handover = shielded_case.handovers.get()
    html = client.get(reverse("casework:handover_detail", args=[handover.pk])).content.decode()
    assert "111222333" not in html  # no BSN
    assert "ruzies thuis" not in html  # not the report's own free text
    assert "buren hoorden" not in html  # nor another report's
    assert 'id="radar-title"' not in html  # no radar
    assert reverse("casework:detail", args=[shielded_case.pk]) not in html  # no way into the file
    assert "/koppelen/" not in html


def test_a_chain_partner_cannot_open_the_persons_of_a_handover(client, pro_a, shielded_case):
    adult = shielded_case.report.involved.order_by("pk").first().person
    client.force_login(pro_a)
    assert client.get(reverse("linkage:person", args=[adult.pk])).status_code == 403
    assert client.get(reverse("casework:detail", args=[shielded_case.pk])).status_code == 403
