"""The privacy officer's pages: who looked at this person, what did this user look at, unusual
access, the CSV export; never another organisation's persons or a case's contents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.audit.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked_at(client, vt_worker, make_case):
    """A case whose page vt_worker opened; returns (case, the adult victim)."""
    case = make_case()
    client.force_login(vt_worker)
    client.get(reverse("casework:detail", args=[case.pk]))
    client.logout()
    return case, case.report.involved.order_by("pk").first().person


def test_a_person_is_found_by_name_and_their_log_lists_who_looked(
    client, privacy_officer, vt_worker, looked_at
):
    case, person = looked_at
    client.force_login(privacy_officer)
    found = client.get(reverse("audit:person_search"), {"q": f"{person.first_names} Jansen"})
    assert found.status_code == 200
    assert reverse("audit:person_log", args=[person.pk]) in found.content.decode()
    page = client.get(reverse("audit:person_log", args=[person.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert vt_worker.username in html and "zaakpagina" in html  # the detail in Dutch
    assert case.report.summary not in html  # log metadata, never the file's contents
    # The officer's own look is logged too.
    own = AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.VIEW).get()
    assert person.pk in own.person_ids


def test_a_person_is_found_by_bsn(client, privacy_officer, make_case):
    case = make_case()
    person = case.report.involved.order_by("pk").first().person
    person.bsn = "111222333"
    person.save(update_fields=["bsn", "bsn_index"])
    client.force_login(privacy_officer)
    found = client.get(reverse("audit:person_search"), {"q": "111 222 333"})
    assert reverse("audit:person_log", args=[person.pk]) in found.content.decode()


def test_another_organisations_person_is_not_found(client, privacy_officer, other_vt_org):
    from ketenzicht.intake.models import Person

    stranger = Person.objects.create(surname="Onbekend", first_names="Piet")
    client.force_login(privacy_officer)
    assert client.get(reverse("audit:person_log", args=[stranger.pk])).status_code == 404
    found = client.get(reverse("audit:person_search"), {"q": "Onbekend"})
    assert "Piet" not in found.content.decode()


def test_what_a_user_looked_at_in_a_period(client, privacy_officer, vt_worker, looked_at):
    case, person = looked_at
    client.force_login(privacy_officer)
    today = timezone.localdate().isoformat()
    page = client.get(
        reverse("audit:user_log"), {"user": vt_worker.pk, "start": today, "end": today}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert case.reference in html and person.full_name in html
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    empty = client.get(
        reverse("audit:user_log"), {"user": vt_worker.pk, "start": yesterday, "end": yesterday}
    )
    assert case.reference not in empty.content.decode()


def test_a_user_of_another_organisation_cannot_be_chosen(client, privacy_officer, other_vt_worker):
    client.force_login(privacy_officer)
    response = client.get(reverse("audit:user_log"), {"user": other_vt_worker.pk})
    assert response.status_code == 422


def test_a_period_that_ends_before_it_starts_is_refused(client, privacy_officer, vt_worker):
    client.force_login(privacy_officer)
    response = client.get(
        reverse("audit:user_log"),
        {"user": vt_worker.pk, "start": "2026-03-10", "end": "2026-03-01"},
    )
    assert response.status_code == 422


def test_the_export_is_a_safe_csv_and_is_itself_logged(
    client, privacy_officer, vt_worker, looked_at
):
    _case, person = looked_at
    client.force_login(privacy_officer)
    response = client.get(reverse("audit:person_log", args=[person.pk]), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert "Wat" in header and "Detail (zoals vastgelegd)" in header
    # What was done in the reader's language, next to the detail as the chain holds it.
    assert vt_worker.username in text and "zaakpagina;case page" in text
    export = AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.EXPORT).get()
    assert person.pk in export.person_ids


def test_unusual_access_names_the_rule_and_the_reason(
    client, privacy_officer, administrator, make_case, settings
):
    from ketenzicht.audit.services import access_record

    case = make_case()
    access_record(
        request=None,
        action=AccessAction.BREAK_GLASS,
        user=administrator,
        case_ids=(case.pk,),
        detail="case page (break-glass)",
    )
    client.force_login(privacy_officer)
    page = client.get(reverse("audit:unusual"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "break-glass" in html.lower() or "noodtoegang" in html.lower()
    assert administrator.username in html


def test_many_unassigned_case_files_in_a_day_are_flagged(
    client, privacy_officer, vt_worker, make_case, settings
):
    settings.KZ_UNUSUAL_UNASSIGNED_CASES = 2
    settings.KZ_UNUSUAL_OFFICE_HOURS = "00:00-23:59"
    cases = [make_case() for _ in range(3)]
    client.force_login(vt_worker)
    for case in cases:
        client.get(reverse("casework:detail", args=[case.pk]))
    client.force_login(privacy_officer)
    html = client.get(reverse("audit:unusual")).content.decode()
    assert vt_worker.username in html
    assert "3" in html


def test_only_the_privacy_officer_reaches_the_pages(client, team_lead, administrator):
    for user in (team_lead, administrator):
        client.force_login(user)
        assert client.get(reverse("audit:home")).status_code == 403
