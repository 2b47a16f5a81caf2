"""List and case pages cost a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Each page also writes its access-log entry: 4 queries (the chain head locked, the entry, its
# subjects, the head moved on; audit/services.py).
ACCESS_LOG = 4
QUEUE_BUDGET = 10 + ACCESS_LOG


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_work_queue_costs_the_same_queries_for_three_or_thirty_cases(
    client, vt_worker, make_case
):
    client.force_login(vt_worker)
    for _ in range(3):
        make_case(assign_to=vt_worker)
    url = reverse("casework:queue") + "?view=team"
    few = count_queries(client, url)
    for _ in range(27):
        make_case(assign_to=vt_worker)
    many = count_queries(client, url)
    assert few == many
    assert many <= QUEUE_BUDGET


@pytest.mark.parametrize("view", ["mine", "team", "overdue", "week"])
def test_every_queue_view_has_a_small_fixed_query_budget(client, vt_worker, make_case, view):
    client.force_login(vt_worker)
    for _ in range(5):
        make_case(assign_to=vt_worker)
    assert count_queries(client, reverse("casework:queue") + f"?view={view}") <= QUEUE_BUDGET


def test_the_case_page_query_count_does_not_grow_with_its_history(
    client, vt_worker, team_lead, make_case, advance_case
):
    from ketenzicht.casework.models import TaskKind
    from ketenzicht.casework.services import case_assign, task_extend

    client.force_login(vt_worker)
    short = advance_case(make_case(), "monitoring")
    long = advance_case(make_case(), "monitoring")
    for assignee in (vt_worker, team_lead, vt_worker, team_lead):
        case_assign(case=long, assignee=assignee, actor=vt_worker)
    inform = long.tasks.get(kind=TaskKind.INFORM_INVOLVED)
    for _ in range(3):
        task_extend(task=inform, actor=vt_worker, reason="Betrokkene onbereikbaar.")
    assert long.events.count() > short.events.count() + 5
    url_short = reverse("casework:detail", args=[short.pk])
    url_long = reverse("casework:detail", args=[long.pk])
    assert count_queries(client, url_long) == count_queries(client, url_short)
    # 8 case, 4 radar, the log, 1 the session's second-factor device (django-otp)
    assert count_queries(client, url_long) <= 19 + ACCESS_LOG


def test_the_handover_inbox_costs_the_same_for_one_or_many_handovers(
    client, pro_a, make_case, advance_case
):
    client.force_login(pro_a)
    advance_case(make_case(), "handover_offered")
    one = count_queries(client, reverse("casework:inbox"))
    for _ in range(6):
        advance_case(make_case(), "handover_offered")
    assert count_queries(client, reverse("casework:inbox")) == one
