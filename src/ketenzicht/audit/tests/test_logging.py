"""Every page that shows or changes personal data leaves an access-log entry with the right
user, action and ids; a failed write leaves none; refused requests are recorded as DENIED."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketenzicht.audit.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db


def _last(**filters) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(**filters).order_by("-sequence").first()


def _people(case) -> list[int]:
    return sorted(case.report.involved.values_list("person_id", flat=True))


def test_the_case_page_logs_a_view_of_the_case_its_people_and_household(
    client, vt_worker, make_case
):
    case = make_case()
    client.force_login(vt_worker)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 200
    entry = _last(action=AccessAction.VIEW)
    assert entry.user_id == vt_worker.pk and entry.role == vt_worker.role
    assert entry.organisation_id == vt_worker.organisation_id
    assert entry.case_ids == [case.pk]
    assert entry.person_ids == _people(case)
    assert entry.household_ids == [case.report.household_id]
    assert entry.path == reverse("casework:detail", args=[case.pk])


def test_the_work_queue_logs_the_cases_on_the_page(client, vt_worker, make_case):
    cases = [make_case(assign_to=vt_worker) for _ in range(3)]
    client.force_login(vt_worker)
    client.get(reverse("casework:queue"))
    entry = _last(action=AccessAction.SEARCH)
    assert entry.user_id == vt_worker.pk
    assert entry.case_ids == sorted(c.pk for c in cases)


def test_a_case_action_form_logs_a_view_and_its_change_an_edit(client, vt_worker, make_case):
    case = make_case()
    client.force_login(vt_worker)
    url = reverse("casework:assign", args=[case.pk])
    client.get(url)
    assert _last(action=AccessAction.VIEW).case_ids == [case.pk]
    response = client.post(url, {"assignee": vt_worker.pk})
    assert response.status_code == 302
    entry = _last(action=AccessAction.EDIT)
    assert (entry.user_id, entry.detail, entry.case_ids) == (vt_worker.pk, "case_assign", [case.pk])
    assert entry.person_ids == _people(case)
    assert entry.path == url and entry.method == "POST"  # where from, through the middleware


def test_a_refused_write_leaves_no_edit_entry(client, vt_worker, make_case):
    case = make_case()
    client.force_login(vt_worker)
    before = AccessLogEntry.objects.filter(action=AccessAction.EDIT).count()
    # A reason is required: the service refuses, nothing is written.
    response = client.post(reverse("casework:close", args=[case.pk]), {"reason": ""})
    assert response.status_code == 422
    assert AccessLogEntry.objects.filter(action=AccessAction.EDIT).count() == before


def test_a_write_that_fails_inside_the_service_rolls_back_its_entry(vt_worker, make_case):
    from django.core.exceptions import ValidationError

    from ketenzicht.casework.services import case_reopen

    case = make_case()
    before = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError):
        case_reopen(case=case, actor=vt_worker, reason="Nieuwe zorgen.")  # the case is open
    assert AccessLogEntry.objects.count() == before


def test_registering_a_report_logs_an_edit_in_its_transaction(intake_worker, make_case):
    case = make_case()
    entry = _last(action=AccessAction.EDIT)
    assert entry.user_id == intake_worker.pk and entry.detail == "report_register"
    assert entry.case_ids == [case.pk] and entry.person_ids == _people(case)


def test_the_chain_partner_handover_pages_are_logged(client, pro_a, make_case, advance_case):
    case = advance_case(make_case(), "handover_offered")
    handover = case.handovers.get()
    client.force_login(pro_a)
    client.get(reverse("casework:inbox"))
    assert _last(action=AccessAction.SEARCH, user_id=pro_a.pk).case_ids == [case.pk]
    client.get(reverse("casework:handover_detail", args=[handover.pk]))
    entry = _last(action=AccessAction.VIEW, user_id=pro_a.pk)
    assert entry.case_ids == [case.pk] and entry.person_ids == _people(case)
    assert entry.organisation_name == pro_a.organisation.name
    client.post(reverse("casework:handover_accept", args=[handover.pk]), {"note": ""})
    assert _last(action=AccessAction.EDIT, user_id=pro_a.pk).detail == "handover_accept"


def test_monitoring_and_assessment_writes_are_logged(vt_worker, team_lead, make_case, advance_case):
    case = advance_case(make_case(), "review")
    assert _last(action=AccessAction.EDIT, user_id=vt_worker.pk).detail == "assessment_propose"
    advance_case(case, "handover_offered")
    assert _last(action=AccessAction.EDIT, user_id=team_lead.pk).detail == "assessment_review"
    advance_case(case, "monitoring")
    assert _last(action=AccessAction.EDIT).detail == "handover_accept"


def test_the_intake_radar_logs_a_lookup_of_the_candidates(client, intake_worker, make_case):
    case = make_case()
    jansen = case.report.involved.order_by("pk").first().person
    client.force_login(intake_worker)
    data = {
        "prefix": "people-0",
        "people-0-first_names": jansen.first_names,
        "people-0-surname": jansen.surname,
        "people-0-date_of_birth": jansen.date_of_birth.isoformat(),
        "people-0-sex": jansen.sex,
        "people-0-role": "victim",
    }
    assert client.post(reverse("intake:person_candidates"), data).status_code == 200
    entry = _last(action=AccessAction.RADAR_LOOKUP)
    assert entry.user_id == intake_worker.pk
    assert jansen.pk in entry.person_ids


def test_advice_requests_are_logged(client, intake_worker, vt_org):
    from django.utils import timezone

    from ketenzicht.intake.services import advice_request_register

    advice = advice_request_register(
        organisation=vt_org,
        handled_by=intake_worker,
        received_at=timezone.now(),
        channel="phone",
        reporter_role="school",
        question="Wat kan ik doen bij zorgen over een leerling?",
        advice="Doorloop de Meldcode.",
        kinds=["child_emotional_neglect"],
    )
    assert _last(action=AccessAction.EDIT).detail == f"advice_request_register {advice.reference}"
    client.force_login(intake_worker)
    client.get(reverse("intake:advice_detail", args=[advice.pk]))
    assert _last(action=AccessAction.VIEW).detail == f"advice request {advice.reference}"


def test_linkage_pages_and_merges_are_logged(client, vt_worker, make_case):
    from ketenzicht.linkage.merging import person_merge, person_unmerge

    first, again = make_case(), make_case()
    child = first.report.involved.order_by("pk").last().person
    child_again = again.report.involved.order_by("pk").last().person
    client.force_login(vt_worker)
    client.get(reverse("linkage:person", args=[child.pk]))
    entry = _last(action=AccessAction.VIEW)
    assert (entry.person_ids, entry.detail) == ([child.pk], "person page")
    merge = person_merge(survivor=child, merged=child_again, by=vt_worker, reason="Zelfde kind.")
    entry = _last(action=AccessAction.EDIT)
    assert entry.detail == "person_merge"
    assert entry.person_ids == sorted([child.pk, child_again.pk])
    client.get(reverse("linkage:merge", args=[merge.pk]))
    assert _last(action=AccessAction.VIEW).detail == "merge page"
    person_unmerge(merge=merge, by=vt_worker, reason="Toch niet hetzelfde kind.")
    assert _last(action=AccessAction.EDIT).detail == "person_unmerge"


def test_a_wrong_organisation_id_in_a_url_is_refused_and_logged(client, other_vt_worker, make_case):
    case = make_case()
    client.force_login(other_vt_worker)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    entry = _last(action=AccessAction.DENIED)
    assert entry.user_id == other_vt_worker.pk
    assert entry.case_ids == [case.pk]
    assert entry.path == reverse("casework:detail", args=[case.pk])
    assert "refused (404) casework:detail" in entry.detail


def test_a_page_outside_the_role_is_refused_and_logged(client, pro_a, make_case):
    case = make_case()
    client.force_login(pro_a)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 403
    entry = _last(action=AccessAction.DENIED)
    assert (entry.user_id, entry.case_ids) == (pro_a.pk, [case.pk])
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW, user_id=pro_a.pk).exists()


def test_anonymous_visitors_leave_no_denied_entry(client, make_case):
    case = make_case()
    client.get(reverse("casework:detail", args=[case.pk]))
    assert not AccessLogEntry.objects.filter(action=AccessAction.DENIED).exists()
