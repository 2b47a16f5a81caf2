"""restraining_order_register, restraining_order_extend and restraining_order_end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenzicht.casework import services
from ketenzicht.casework.deadlines import AMSTERDAM
from ketenzicht.casework.models import RestrainingOrder, RestrainingOrderStatus
from ketenzicht.intake.models import Person
from ketenzicht.intake.tests.factories import child, victim_adult

from .utils import events_of, snapshot

IMPOSED = datetime(2026, 3, 6, 18, 0, tzinfo=AMSTERDAM)  # Friday evening


@pytest.fixture
def case(monday, make_case):
    return make_case(
        people=[
            victim_adult(surname="Jansen"),
            victim_adult(surname="Jansen", first_names="Kees", role="alleged_perpetrator", sex="M"),
            child(surname="Jansen"),
        ]
    )


def person(case, role):
    return case.report.involved.get(role=role).person


def register(case, actor, **kw):
    fields = {"imposed_at": IMPOSED, "rihg_outcome": "Twee rode signalen in deel A."}
    fields.update(kw)
    return services.restraining_order_register(case=case, actor=actor, **fields)


# --- registering ------------------------------------------------------------------------------


def test_a_restraining_order_ends_ten_days_after_it_was_imposed(case, vt_worker, police_org):
    subject = person(case, "alleged_perpetrator")
    order = register(
        case, vt_worker, subject=subject, icm_name="Ilse ICM", icm_organisation=police_org
    )
    assert order.ends_at == datetime(2026, 3, 16, 18, 0, tzinfo=AMSTERDAM)
    assert order.status == RestrainingOrderStatus.ACTIVE
    assert order.subject == subject
    assert order.recorded_by == vt_worker
    event = events_of(case)[-1]
    assert event.kind == "restraining_order_registered"
    assert event.to_state == ""  # a parallel track: the case keeps its state
    case.refresh_from_db()
    assert case.state == "registered"


def test_the_end_of_a_restraining_order_becomes_the_next_deadline_when_earliest(case, vt_worker):
    register(case, vt_worker)
    case.refresh_from_db()
    # ends Monday 16 March 18:00, before the assessment term (end of that day)
    assert case.next_due_label == "restraining_order"
    assert case.next_due_at == datetime(2026, 3, 16, 18, 0, tzinfo=AMSTERDAM)


def test_only_one_restraining_order_runs_at_a_time(case, vt_worker):
    register(case, vt_worker)
    before = snapshot(case)
    with pytest.raises(ValidationError, match="al een huisverbod"):
        register(case, vt_worker, imposed_at=IMPOSED + timedelta(days=1))
    assert snapshot(case) == before


def test_after_an_order_ended_a_new_one_may_be_registered(case, vt_worker):
    order = register(case, vt_worker)
    services.restraining_order_end(order=order, actor=vt_worker, lifted_early=False)
    register(case, vt_worker, imposed_at=IMPOSED + timedelta(days=2))
    assert RestrainingOrder.objects.filter(case=case).count() == 2


def test_a_restraining_order_is_not_imposed_on_a_child(case, vt_worker):
    before = snapshot(case)
    with pytest.raises(ValidationError, match="volwassene"):
        register(case, vt_worker, subject=person(case, "child_in_household"))
    assert snapshot(case) == before


def test_a_restraining_order_is_not_imposed_on_someone_turning_18_tomorrow(case, vt_worker):
    today = timezone.localdate()
    almost = Person.objects.create(
        surname="Bijna",
        date_of_birth=date(today.year - 18, today.month, today.day) + timedelta(days=1),
    )
    case.report.involved.create(person=almost, role="other")
    before = snapshot(case)
    with pytest.raises(ValidationError, match="volwassene"):
        register(case, vt_worker, subject=almost)
    assert snapshot(case) == before


def test_a_restraining_order_is_imposed_on_someone_18_today(case, vt_worker):
    today = timezone.localdate()
    adult = Person.objects.create(
        surname="Net", date_of_birth=date(today.year - 18, today.month, today.day)
    )
    case.report.involved.create(person=adult, role="alleged_perpetrator")
    assert register(case, vt_worker, subject=adult).subject == adult


def test_a_restraining_order_concerns_someone_involved_in_the_report(case, vt_worker, make_case):
    stranger = make_case().report.involved.get(role="victim").person
    before = snapshot(case)
    with pytest.raises(ValidationError, match="betrokkene"):
        register(case, vt_worker, subject=stranger)
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rihg_outcome": " "},
        {"imposed_at": datetime(2026, 3, 6, 18, 0)},  # naive
        {"imposed_at": datetime(2026, 3, 10, 18, 0, tzinfo=AMSTERDAM)},  # in the future
    ],
    ids=["no RiHG outcome", "naive time", "in the future"],
)
def test_a_restraining_order_with_bad_input_writes_nothing(case, vt_worker, kwargs):
    before = snapshot(case)
    with pytest.raises(ValidationError):
        register(case, vt_worker, **kwargs)
    assert snapshot(case) == before


@pytest.mark.parametrize("actor", ["pro_a", "other_vt_worker", "outsider"])
def test_only_veilig_thuis_registers_a_restraining_order(case, request, actor):
    before = snapshot(case)
    with pytest.raises(ValidationError):
        register(case, request.getfixturevalue(actor))
    assert snapshot(case) == before


# --- extending --------------------------------------------------------------------------------


def test_an_order_may_be_extended_to_28_days_after_it_was_imposed(case, vt_worker):
    order = register(case, vt_worker)
    latest = IMPOSED + timedelta(days=28)
    order = services.restraining_order_extend(
        order=order, actor=vt_worker, extended_until=latest, reason="Dreiging blijft."
    )
    assert order.ends_at == latest
    assert order.status == RestrainingOrderStatus.EXTENDED
    assert order.extension_reason == "Dreiging blijft."
    assert order.is_active
    event = events_of(case)[-1]
    assert event.kind == "restraining_order_extended"
    assert datetime.fromisoformat(event.data["to"]) == latest


def test_an_order_is_not_extended_beyond_28_days(case, vt_worker):
    order = register(case, vt_worker)
    before = snapshot(case)
    with pytest.raises(ValidationError) as info:
        services.restraining_order_extend(
            order=order,
            actor=vt_worker,
            extended_until=IMPOSED + timedelta(days=28, minutes=1),
            reason="Dreiging blijft.",
        )
    assert "extended_until" in info.value.message_dict
    assert snapshot(case) == before


def test_an_extension_must_end_after_the_current_end(case, vt_worker):
    order = register(case, vt_worker)
    with pytest.raises(ValidationError):
        services.restraining_order_extend(
            order=order, actor=vt_worker, extended_until=order.ends_at, reason="x"
        )


def test_an_extension_needs_a_reason(case, vt_worker):
    order = register(case, vt_worker)
    with pytest.raises(ValidationError) as info:
        services.restraining_order_extend(
            order=order, actor=vt_worker, extended_until=IMPOSED + timedelta(days=20), reason=""
        )
    assert "reason" in info.value.message_dict


def test_an_extension_with_a_naive_end_is_a_validation_error(case, vt_worker):
    order = register(case, vt_worker)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.restraining_order_extend(
            order=order, actor=vt_worker, extended_until=datetime(2026, 3, 20, 18), reason="x"
        )
    assert snapshot(case) == before


def test_an_extension_may_be_extended_again_within_28_days(case, vt_worker):
    order = register(case, vt_worker)
    order = services.restraining_order_extend(
        order=order, actor=vt_worker, extended_until=IMPOSED + timedelta(days=20), reason="a"
    )
    order = services.restraining_order_extend(
        order=order, actor=vt_worker, extended_until=IMPOSED + timedelta(days=28), reason="b"
    )
    assert order.ends_at == IMPOSED + timedelta(days=28)


def test_an_ended_order_is_not_extended(case, vt_worker):
    order = register(case, vt_worker)
    services.restraining_order_end(order=order, actor=vt_worker, lifted_early=False)
    with pytest.raises(ValidationError, match="loopt niet meer"):
        services.restraining_order_extend(
            order=order, actor=vt_worker, extended_until=IMPOSED + timedelta(days=20), reason="x"
        )


# --- ending -----------------------------------------------------------------------------------


def test_an_order_ends_and_leaves_the_deadlines(case, vt_worker):
    order = register(case, vt_worker)
    order = services.restraining_order_end(order=order, actor=vt_worker, lifted_early=False)
    assert order.status == RestrainingOrderStatus.ENDED
    assert not order.is_active
    case.refresh_from_db()
    assert case.next_due_label != "restraining_order"
    assert events_of(case)[-1].data == {"order": order.pk, "lifted_early": False}


def test_lifting_an_order_early_needs_a_reason(case, vt_worker):
    order = register(case, vt_worker)
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.restraining_order_end(order=order, actor=vt_worker, lifted_early=True, reason="")
    assert snapshot(case) == before
    order = services.restraining_order_end(
        order=order, actor=vt_worker, lifted_early=True, reason="Beroep toegekend."
    )
    assert order.status == RestrainingOrderStatus.LIFTED


def test_an_order_ends_only_once(case, vt_worker):
    order = register(case, vt_worker)
    services.restraining_order_end(order=order, actor=vt_worker, lifted_early=False)
    with pytest.raises(ValidationError, match="loopt niet meer"):
        services.restraining_order_end(order=order, actor=vt_worker, lifted_early=False)
