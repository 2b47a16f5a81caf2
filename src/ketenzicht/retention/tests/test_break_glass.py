"""Break-glass: an administrator reads one case page for a limited time, with a reason, logged
and reported to the privacy officer; before and after, the case stays closed to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ketenzicht.casework.models import BreakGlassGrant
from ketenzicht.casework.selectors import case_for_page, cases_visible_to
from ketenzicht.retention.services import breakglass_open

pytestmark = pytest.mark.django_db

REASON = "Storingsmelding 4711: zaakpagina geeft een foutmelding."


def test_an_administrator_cannot_read_a_case_without_break_glass(client, administrator, make_case):
    case = make_case()
    client.force_login(administrator)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 403
    assert not cases_visible_to(administrator, break_glass=True).exists()


def test_break_glass_needs_a_reason_of_some_length(administrator, make_case):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        breakglass_open(user=administrator, case_reference=case.reference, reason="even kijken")
    assert "reason" in exc.value.message_dict
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_needs_an_existing_case(administrator):
    with pytest.raises(ValidationError) as exc:
        breakglass_open(user=administrator, case_reference="Z9999999", reason=REASON)
    assert "case_reference" in exc.value.message_dict


@pytest.mark.parametrize("persona", ["vt_worker", "team_lead", "privacy_officer", "pro_a"])
def test_only_an_administrator_can_break_the_glass(request, persona, make_case):
    case = make_case()
    user = request.getfixturevalue(persona)
    with pytest.raises(ValidationError):
        breakglass_open(user=user, case_reference=case.reference, reason=REASON)
    assert not BreakGlassGrant.objects.exists()


def test_a_grant_opens_that_one_case_page_with_a_banner(client, administrator, make_case, monday):
    case, other = make_case(), make_case()
    client.force_login(administrator)
    response = client.post(
        reverse("retention:break_glass"), {"case_reference": case.reference, "reason": REASON}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:detail", args=[case.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Jansen" in html
    assert "break-glass-banner" in html and "09-03-2026 11:00" in html  # ends after 60 minutes
    assert REASON in html
    # Read only: no actions, no radar of other files, no links into other pages.
    assert reverse("casework:assign", args=[case.pk]) not in html
    assert 'id="radar-title"' not in html
    assert "/koppelen/" not in html
    # The other case stays closed, and so do the actions on this one.
    assert client.get(reverse("casework:detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("casework:assign", args=[case.pk])).status_code == 403
    assert client.get(reverse("casework:queue")).status_code == 403


def test_the_grant_ends_after_its_time(client, administrator, make_case, monday, time_machine):
    case = make_case()
    breakglass_open(user=administrator, case_reference=case.reference, reason=REASON)
    url = reverse("casework:detail", args=[case.pk])
    time_machine.move_to(monday + timedelta(minutes=59), tick=False)
    client.force_login(administrator)  # a fresh session: sessions end after 15 idle minutes
    assert client.get(url).status_code == 200
    time_machine.move_to(monday + timedelta(minutes=60, seconds=1), tick=False)
    client.force_login(administrator)
    assert client.get(url).status_code == 403
    with pytest.raises(case.DoesNotExist):
        case_for_page(administrator, case.pk)


def test_the_length_of_a_grant_is_configurable(administrator, make_case, settings, monday):
    settings.KZ_BREAK_GLASS_MINUTES = 15
    grant = breakglass_open(user=administrator, case_reference=make_case().reference, reason=REASON)
    assert grant.expires_at == monday + timedelta(minutes=15)


def test_a_report_number_also_finds_the_case(administrator, make_case):
    case = make_case()
    grant = breakglass_open(user=administrator, case_reference=case.report.reference, reason=REASON)
    assert grant.case == case


def test_the_privacy_officer_sees_every_grant_on_their_organisation(
    client, administrator, privacy_officer, make_case, other_case
):
    case = make_case()
    breakglass_open(user=administrator, case_reference=case.reference, reason=REASON)
    breakglass_open(
        user=administrator, case_reference=other_case.reference, reason=REASON + " (andere VT)"
    )
    client.force_login(privacy_officer)
    response = client.get(reverse("retention:break_glass_report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html and REASON in html and administrator.username in html
    assert other_case.reference not in html  # another VT's privacy officer sees that one
    assert "Jansen" not in html  # the report shows the access, not the file


def test_a_form_with_a_short_reason_opens_nothing(client, administrator, make_case):
    case = make_case()
    client.force_login(administrator)
    response = client.post(
        reverse("retention:break_glass"), {"case_reference": case.reference, "reason": "kort"}
    )
    assert response.status_code == 422
    assert not BreakGlassGrant.objects.exists()
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 403


def test_a_shielded_reporter_stays_hidden_under_break_glass(client, administrator, make_case):
    case = make_case(
        reporter_name="Juf Annelies Verborgen",
        reporter_organisation="Basisschool De Geheime Tuin",
        reporter_shielded=True,
    )
    breakglass_open(user=administrator, case_reference=case.reference, reason=REASON)
    client.force_login(administrator)
    html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "Jansen" in html  # the file itself is readable
    assert "Annelies" not in html and "Geheime Tuin" not in html


def test_an_unshielded_reporter_shows_under_break_glass(client, administrator, make_case):
    case = make_case(reporter_name="Buurvrouw Open", reporter_shielded=False)
    breakglass_open(user=administrator, case_reference=case.reference, reason=REASON)
    client.force_login(administrator)
    html = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "Buurvrouw Open" in html
