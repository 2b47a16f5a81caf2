from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ketenzicht.audit.models import AccessLogEntry
from ketenzicht.mda.models import MdaReview, MdaStatus, MdaTrajectory
from ketenzicht.mda.selectors import mda_panel_context, review_state, team_list_rows
from ketenzicht.mda.services import mda_analysis_record
from ketenzicht.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def test_the_director_brings_the_case_in_from_the_form(client, plan, pro_a, mda_org):
    client.force_login(pro_a)
    url = reverse("mda:refer", args=[plan.pk])
    page = client.get(url).content.decode()
    assert mda_org.name in page
    response = client.post(
        url, {"team": mda_org.pk, "reason": "Geweld houdt aan.", "review_weeks": 6}
    )
    trajectory = MdaTrajectory.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mda:detail", args=[trajectory.pk])
    assert trajectory.team == mda_org


def test_a_form_with_bad_input_answers_422_and_saves_nothing(client, plan, pro_a, mda_org):
    client.force_login(pro_a)
    response = client.post(
        reverse("mda:refer", args=[plan.pk]), {"team": mda_org.pk, "reason": "", "review_weeks": 6}
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode() or "Er is niets" in (
        response.content.decode()
    )
    assert not MdaTrajectory.objects.exists()


def test_a_team_the_form_never_offered_is_refused_with_400(client, plan, pro_a, other_mda_org):
    client.force_login(pro_a)
    response = client.post(
        reverse("mda:refer", args=[plan.pk]),
        {"team": other_mda_org.pk, "reason": "Reden.", "review_weeks": 6},
    )
    assert response.status_code == 400
    assert not MdaTrajectory.objects.exists()


def test_the_team_analyses_reviews_and_ends_from_its_pages(client, trajectory, mda_pro, plan):
    client.force_login(mda_pro)
    client.post(reverse("mda:analysis", args=[trajectory.pk]), {"analysis": "Patroon."})
    today = timezone.localdate()
    response = client.post(
        reverse("mda:review", args=[trajectory.pk]),
        {
            "held_on": today.isoformat(),
            "agreements_kept": "Huisbezoek gedaan.",
            "agreements_not_kept": "",
            "conclusions": "Doorgaan.",
            "review_weeks": 4,
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.analysis == "Patroon."
    assert MdaReview.objects.get().next_review_on == today + timedelta(weeks=4)
    page = client.get(reverse("mda:detail", args=[trajectory.pk])).content.decode()
    assert "Huisbezoek gedaan." in page
    assert "Huisbezoek en veiligheidsafspraken nalopen." in page  # the plan's agreements
    response = client.post(reverse("mda:end", args=[trajectory.pk]), {"reason": "Klaar."})
    assert response["Location"] == reverse("mda:list")
    trajectory.refresh_from_db()
    assert trajectory.status == MdaStatus.ENDED
    assert PlanVersion.objects.filter(plan=plan).count() == 4


def test_the_trajectory_page_is_in_the_access_log(client, trajectory, mda_pro, plan):
    client.force_login(mda_pro)
    client.get(reverse("mda:detail", args=[trajectory.pk]))
    entry = AccessLogEntry.objects.filter(detail="MDA++ trajectory page").get()
    assert entry.case_ids == [plan.case_id]
    assert entry.household_ids == [plan.household_id]
    assert entry.username == "mda_pro"


def test_the_teams_list_puts_due_and_overdue_reviews_first(client, trajectory, mda_pro):
    client.force_login(mda_pro)
    assert not team_list_rows(mda_pro)["due"]
    MdaTrajectory.objects.filter(pk=trajectory.pk).update(
        next_review_on=timezone.localdate() - timedelta(days=1)
    )
    rows = team_list_rows(mda_pro)
    assert [r["state"] for r in rows["due"]] == ["overdue"]
    html = client.get(reverse("mda:list")).content.decode()
    assert trajectory.reference in html
    assert AccessLogEntry.objects.filter(detail="MDA++ team list").exists()


def test_review_state():
    today = timezone.localdate()
    assert review_state(today - timedelta(days=1), today) == "overdue"
    assert review_state(today + timedelta(days=7), today) == "due"
    assert review_state(today + timedelta(days=8), today) == "planned"
    assert review_state(None, today) == ""


def test_the_list_takes_the_same_queries_with_more_cases(
    client, trajectory, mda_pro, django_assert_max_num_queries
):
    client.force_login(mda_pro)
    client.get(reverse("mda:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("mda:list"))


def test_mda_staff_have_the_menu_link_and_others_not(client, mda_pro, pro_a):
    client.force_login(mda_pro)
    assert reverse("mda:list") in client.get(reverse("home"), follow=True).content.decode()
    client.force_login(pro_a)
    assert (
        f'href="{reverse("mda:list")}"'
        not in client.get(reverse("home"), follow=True).content.decode()
    )


def test_the_plan_panel(plan, pro_a, mda_pro, mda_org):
    context = mda_panel_context(pro_a, plan)
    assert context["mda_trajectory"] is None and context["mda_can_refer"]
    html = render_to_string("mda/_plan_panel.html", context)
    assert context["mda_refer_url"] in html
    from ketenzicht.mda.services import mda_refer

    trajectory = mda_refer(plan=plan, team=mda_org, actor=pro_a, reason="Reden.")
    mda_analysis_record(trajectory=trajectory, actor=mda_pro, analysis="Analyse.")
    context = mda_panel_context(pro_a, plan)
    assert context["mda_trajectory"] == trajectory
    assert not context["mda_can_refer"]
    assert context["mda_is_team"] is False
    assert mda_panel_context(mda_pro, plan)["mda_is_team"] is True
    html = render_to_string("mda/_plan_panel.html", context)
    assert mda_org.name in html and context["mda_url"] in html


def test_the_plan_panel_tag_renders_for_the_user_of_the_request(rf, plan, pro_a, trajectory):
    from django.template import engines

    request = rf.get("/")
    request.user = pro_a
    html = (
        engines["django"]
        .from_string("{% load mda %}{% mda_plan_panel plan %}")
        .render({"plan": plan}, request)
    )
    assert trajectory.reference in html
    assert 'id="mda"' in html
