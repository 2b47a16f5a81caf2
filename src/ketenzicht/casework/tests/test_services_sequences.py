"""Random sequences of service calls on one case keep its state and history consistent.

After every call: the case's state is the ``to_state`` of its last state-changing event, the
state-changing events form one chain, no event is lost or duplicated (the history grows by
exactly what the call writes), and a refused call changes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ketenzicht.casework import services
from ketenzicht.casework.models import Case, CaseEvent, Handover, Task
from ketenzicht.casework.states import HANDOVER_DECISIONS, Decision, State

from .utils import snapshot

Op = Callable[[Case, Any, dict[str, Any]], int | None]
OPS: dict[str, Op] = {}


def op(func: Op) -> Op:
    OPS[func.__name__] = func
    return func


def pick(data, ctx, *names):
    return ctx[data.draw(st.sampled_from(names))]


@op
def propose(case, data, ctx):
    decision = data.draw(st.sampled_from([d.value for d in Decision]))
    target, org = "", None
    if decision in HANDOVER_DECISIONS:
        target, org = data.draw(
            st.sampled_from(
                [
                    ("local_team", "local_team_a"),
                    ("own_network", None),
                    ("rvdk", "rvdk_org"),
                    ("police", "police_org"),
                    ("mda", "mda_org"),
                    ("local_team", None),
                ]
            )
        )
        org = ctx[org] if org else None
    services.assessment_propose(
        case=case,
        actor=pick(data, ctx, "vt_worker", "vt_worker", "team_lead", "intake_worker", "pro_a"),
        acute_unsafety=data.draw(st.sampled_from([False, False, True])),
        structural_unsafety=True,
        risk_factors=["escalation"],
        considerations=data.draw(st.sampled_from(["Onderbouwing.", "Onderbouwing.", ""])),
        outcome="unsafe",
        decision=decision,
        handover_target=target,
        handover_organisation=org,
    )
    return 1


@op
def review(case, data, ctx):
    latest = case.assessments.order_by("-proposed_at", "-pk").first()
    approve = data.draw(st.sampled_from([True, True, False]))
    services.assessment_review(
        case=case,
        reviewer=pick(data, ctx, "team_lead", "team_lead", "second_team_lead", "vt_worker"),
        approve=approve,
        comment=data.draw(st.sampled_from(["", "Akkoord of niet.", "Akkoord of niet."])),
    )
    return 2 if approve and latest.decision in HANDOVER_DECISIONS else 1


@op
def vv_complete(case, data, ctx):
    target, org = data.draw(
        st.sampled_from([("local_team", "local_team_a"), ("own_network", None)])
    )
    services.vv_complete(
        case=case,
        actor=pick(data, ctx, "vt_worker", "pro_a"),
        safety_conditions="Afspraken.",
        summary="Samenvatting.",
        handover_target=target,
        handover_organisation=ctx[org] if org else None,
    )
    return 1


@op
def investigation_start(case, data, ctx):
    services.investigation_start(case=case, actor=ctx["vt_worker"])
    return 1


@op
def investigation_conclude(case, data, ctx):
    handover = data.draw(st.booleans())
    services.investigation_conclude(
        case=case,
        actor=ctx["vt_worker"],
        outcome=data.draw(st.sampled_from(["confirmed", "unknown"])),
        conclusion="Conclusie.",
        handover_target="local_team" if handover else "",
        handover_organisation=ctx["local_team_a"] if handover else None,
        summary="Samenvatting." if handover else "",
    )
    return 1


def latest_handover(case) -> Handover | None:
    return Handover.objects.filter(case=case).order_by("-offered_at", "-pk").first()


@op
def handover_accept(case, data, ctx):
    handover = latest_handover(case)
    if handover is None:
        return None
    services.handover_accept(handover=handover, actor=pick(data, ctx, "pro_a", "pro_a", "pro_b"))
    return 1


@op
def handover_refuse(case, data, ctx):
    handover = latest_handover(case)
    if handover is None:
        return None
    services.handover_refuse(
        handover=handover,
        actor=pick(data, ctx, "pro_a", "pro_a", "pro_b"),
        reason=data.draw(st.sampled_from(["Geen plek.", "Geen plek.", ""])),
    )
    return 1


@op
def handover_offer(case, data, ctx):
    target, org = data.draw(
        st.sampled_from(
            [("local_team", "local_team_a"), ("local_team", "local_team_b"), ("own_network", None)]
        )
    )
    services.handover_offer(
        case=case,
        actor=ctx["vt_worker"],
        target=target,
        organisation=ctx[org] if org else None,
        summary="Samenvatting.",
    )
    return 1


@op
def case_reassess(case, data, ctx):
    services.case_reassess(case=case, actor=ctx["vt_worker"], reason="Opnieuw.")
    return 1


@op
def monitoring_record(case, data, ctx):
    services.monitoring_record(
        case=case,
        actor=ctx["vt_worker"],
        conditions_met="partly",
        direct_safety=data.draw(st.booleans()),
        stable_safety=data.draw(st.booleans()),
        recovery_attention=True,
        notes="Notities.",
        outcome=data.draw(st.sampled_from(["continue", "stable", "renewed"])),
    )
    return 1


def some_task(case, data) -> Task | None:
    # mostly open tasks: those are the ones a worker completes
    order = (F("done_at").asc(nulls_first=True), "pk")
    tasks = list(Task.objects.filter(case=case).order_by(*order)[:3])
    return data.draw(st.sampled_from(tasks)) if tasks else None


@op
def task_complete(case, data, ctx):
    task = some_task(case, data)
    if task is None:
        return None
    services.task_complete(
        task=task, actor=pick(data, ctx, "vt_worker", "pro_a"), outcome="Gedaan."
    )
    return 1


@op
def task_extend(case, data, ctx):
    task = some_task(case, data)
    if task is None:
        return None
    services.task_extend(task=task, actor=ctx["vt_worker"], reason="Reden.")
    return 1


@op
def case_close(case, data, ctx):
    services.case_close(case=case, actor=ctx["vt_worker"])
    return 1


@op
def case_reopen(case, data, ctx):
    services.case_reopen(
        case=case, actor=ctx["vt_worker"], reason=data.draw(st.sampled_from(["", "Signalen."]))
    )
    return 1


@op
def case_assign(case, data, ctx):
    assignee = pick(data, ctx, "vt_worker", "team_lead", "pro_a")
    services.case_assign(case=case, assignee=assignee, actor=ctx["team_lead"])
    # Assigning to the person already assigned changes nothing and records nothing.
    return 1 if case.assigned_to_id != assignee.pk else 0


@op
def restraining_order(case, data, ctx):
    active = case.restraining_orders.filter(status__in=["active", "extended"]).first()
    if active is not None and data.draw(st.booleans()):
        services.restraining_order_end(order=active, actor=ctx["vt_worker"], lifted_early=False)
    else:
        services.restraining_order_register(
            case=case,
            actor=ctx["vt_worker"],
            imposed_at=timezone.now() - timedelta(hours=1),
            rihg_outcome="RiHG rood.",
        )
    return 1


# The calls that can move a case on from each state; drawn more often than the others.
RELEVANT: dict[State, list[str]] = {
    State.REGISTERED: ["propose"],
    State.REVIEW: ["review"],
    State.DECIDED: ["task_complete", "case_close"],
    State.VV: ["vv_complete"],
    State.INVESTIGATION: ["investigation_start", "investigation_conclude"],
    State.HANDOVER_OFFERED: ["handover_accept", "handover_refuse"],
    State.HANDOVER_REFUSED: ["handover_offer", "case_reassess"],
    State.MONITORING: ["monitoring_record"],
    State.CLOSED: ["case_reopen"],
}


def state_changing(events: list[CaseEvent]) -> list[CaseEvent]:
    return [e for e in events if e.to_state]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_service_calls_keep_the_state_and_its_history_consistent(
    data,
    make_case,
    vt_worker,
    intake_worker,
    team_lead,
    second_team_lead,
    pro_a,
    pro_b,
    local_team_a,
    local_team_b,
    mda_org,
    police_org,
    rvdk_org,
):
    ctx = dict(locals())
    case = make_case()
    for _ in range(data.draw(st.integers(min_value=1, max_value=25))):
        case.refresh_from_db()
        relevant = data.draw(st.integers(min_value=0, max_value=3)) > 0
        name = data.draw(st.sampled_from(RELEVANT[State(case.state)] if relevant else sorted(OPS)))
        before = snapshot(case)
        count_before = CaseEvent.objects.filter(case=case).count()
        try:
            written = OPS[name](case, data, ctx)
        except ValidationError:
            assert snapshot(case) == before, f"refused {name} changed something"
            continue
        if written is None:
            continue
        case.refresh_from_db()
        events = list(CaseEvent.objects.filter(case=case).order_by("pk"))
        assert len(events) == count_before + written, name
        moves = state_changing(events)
        assert moves[0].kind == "registered"
        assert case.state == moves[-1].to_state, name
        for previous, following in pairwise(moves):
            assert following.from_state == previous.to_state
        assert case.state in set(State)
        assert case.is_open == (case.state != State.CLOSED)
        assert (case.closed_at is None) == case.is_open
        event(f"reached {case.state}")
