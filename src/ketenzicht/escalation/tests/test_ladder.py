"""The escalation ladder's terms and rules, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ketenzicht.escalation import ladder
from ketenzicht.escalation.ladder import Step, Terms

AMS = ZoneInfo("Europe/Amsterdam")


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=AMS)


def end(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=AMS)


def test_the_ladder_has_five_steps_in_the_briefs_order() -> None:
    assert [s.value for s in Step] == [1, 2, 3, 4, 5]
    assert ladder.FIRST == Step.DESK_ADVICE and ladder.LAST == Step.ADMINISTRATIVE


def test_the_documented_default_terms() -> None:
    terms = ladder.DEFAULT_TERMS
    assert (
        terms.desk_advice_working_days,
        terms.meeting_working_days,
        terms.managers_working_days,
        terms.appointment_working_days,
        terms.urgent_meeting_working_days,
        terms.confirmation_hours,
    ) == (2, 5, 5, 2, 2, 24)


def test_the_process_director_is_due_two_working_days_later_skipping_kings_day() -> None:
    # Friday 24 April 2026; Monday 27 April is King's Day.
    assert ladder.step_due(Step.PROCESS_DIRECTOR, at(2026, 4, 24)) == end(2026, 4, 29)


def test_desk_advice_skips_good_friday_and_easter_monday() -> None:
    # Thursday 2 April 2026: Good Friday 3 April, Easter Monday 6 April.
    assert ladder.step_due(Step.DESK_ADVICE, at(2026, 4, 2)) == end(2026, 4, 8)


def test_the_meeting_term_skips_christmas() -> None:
    # Wednesday 23 December 2026: Christmas on Friday 25 (26 is a Saturday).
    assert ladder.step_due(Step.MEETING, at(2026, 12, 23)) == end(2026, 12, 31)


def test_the_managers_term_skips_christmas_days_and_new_year() -> None:
    # Wednesday 24 December 2025: Christmas on Thursday and Friday, New Year on a Thursday.
    assert ladder.step_due(Step.MANAGERS, at(2025, 12, 24)) == end(2026, 1, 5)


def test_the_working_day_is_the_amsterdam_date_not_the_utc_date() -> None:
    # 22:30 UTC on Thursday 23 April is already Friday 24 April in Amsterdam.
    started = datetime(2026, 4, 23, 22, 30, tzinfo=UTC)
    assert ladder.step_due(Step.PROCESS_DIRECTOR, started) == end(2026, 4, 29)


def test_a_configured_closing_day_does_not_count() -> None:
    due = ladder.step_due(Step.PROCESS_DIRECTOR, at(2026, 4, 24), closing_days=[date(2026, 4, 28)])
    assert due == end(2026, 4, 30)


def test_terms_can_be_configured() -> None:
    terms = Terms(desk_advice_working_days=1)
    assert ladder.step_due(Step.DESK_ADVICE, at(2026, 6, 1), terms=terms) == end(2026, 6, 2)


def test_an_urgent_care_meeting_is_due_within_two_working_days() -> None:
    assert ladder.urgent_meeting_due(at(2026, 4, 24, 16)) == end(2026, 4, 29)


def test_the_written_confirmation_is_exactly_24_hours_across_the_spring_dst_change() -> None:
    # Saturday 28 March 2026 12:00 CET; clocks go forward in the night to 29 March.
    due = ladder.confirmation_due(at(2026, 3, 28, 12))
    assert due.astimezone(UTC) - at(2026, 3, 28, 12).astimezone(UTC) == timedelta(hours=24)
    assert (due.hour, due.utcoffset()) == (13, timedelta(hours=2))


def test_the_written_confirmation_is_exactly_24_hours_across_the_autumn_dst_change() -> None:
    due = ladder.confirmation_due(at(2026, 10, 24, 12))
    assert due.astimezone(UTC) - at(2026, 10, 24, 12).astimezone(UTC) == timedelta(hours=24)
    assert (due.hour, due.utcoffset()) == (11, timedelta(hours=1))


def test_the_administrative_step_is_due_after_24_hours() -> None:
    assert ladder.step_due(Step.ADMINISTRATIVE, at(2026, 3, 28, 12)) == at(2026, 3, 29, 13)


def test_it_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        ladder.step_due(Step.DESK_ADVICE, datetime(2026, 4, 24, 10))
    with pytest.raises(ValueError):
        ladder.confirmation_due(datetime(2026, 4, 24, 10))


@pytest.mark.parametrize(
    ("current", "urgent", "serious", "expected"),
    [
        (Step.DESK_ADVICE, False, False, (Step.MEETING,)),
        (Step.DESK_ADVICE, True, False, (Step.MEETING, Step.PROCESS_DIRECTOR)),
        (Step.MEETING, True, True, (Step.MANAGERS, Step.PROCESS_DIRECTOR)),
        (Step.MANAGERS, True, False, (Step.PROCESS_DIRECTOR,)),
        (Step.MANAGERS, False, True, (Step.PROCESS_DIRECTOR,)),
        (Step.PROCESS_DIRECTOR, False, False, ()),
        (Step.PROCESS_DIRECTOR, False, True, (Step.ADMINISTRATIVE,)),
        (Step.ADMINISTRATIVE, True, True, ()),
    ],
)
def test_which_steps_may_follow(
    current: Step, urgent: bool, serious: bool, expected: tuple[Step, ...]
) -> None:
    assert ladder.allowed_next(current, urgent=urgent, serious=serious) == expected


def test_moving_on_needs_the_current_steps_outcome() -> None:
    problems = ladder.advance_problems(
        Step.DESK_ADVICE, Step.MEETING, urgent=False, serious=False, outcome="  "
    )
    assert problems == [ladder.NO_OUTCOME]
    assert not ladder.advance_problems(
        Step.DESK_ADVICE, Step.MEETING, urgent=False, serious=False, outcome="Advies: overleg."
    )


def test_it_refuses_to_skip_a_step_unless_urgent() -> None:
    assert ladder.advance_problems(
        Step.DESK_ADVICE, Step.PROCESS_DIRECTOR, urgent=False, serious=True, outcome="x"
    ) == [ladder.SKIPS]
    assert not ladder.advance_problems(
        Step.DESK_ADVICE, Step.PROCESS_DIRECTOR, urgent=True, serious=False, outcome="x"
    )
    # Urgent allows the jump to step 4, never straight to step 5.
    assert ladder.advance_problems(
        Step.DESK_ADVICE, Step.ADMINISTRATIVE, urgent=True, serious=True, outcome="x"
    ) == [ladder.SKIPS]


def test_it_refuses_to_go_back_or_stay() -> None:
    for target in (Step.DESK_ADVICE, Step.MEETING):
        assert ladder.advance_problems(
            Step.MEETING, target, urgent=True, serious=True, outcome="x"
        ) == [ladder.BACKWARDS]


def test_step_five_is_only_for_a_serious_case() -> None:
    assert ladder.advance_problems(
        Step.PROCESS_DIRECTOR, Step.ADMINISTRATIVE, urgent=True, serious=False, outcome="x"
    ) == [ladder.NOT_SERIOUS]
    assert not ladder.advance_problems(
        Step.PROCESS_DIRECTOR, Step.ADMINISTRATIVE, urgent=False, serious=True, outcome="x"
    )


def test_nothing_follows_the_last_step() -> None:
    assert ladder.advance_problems(
        Step.ADMINISTRATIVE, Step.ADMINISTRATIVE, urgent=True, serious=True, outcome=""
    ) == [ladder.NO_OUTCOME, ladder.LAST_STEP]


def test_a_deadline_is_missed_only_after_it_passed_without_the_step_done() -> None:
    due = end(2026, 4, 29)
    assert not ladder.is_missed(due, now=due)
    assert ladder.is_missed(due, now=due + timedelta(seconds=1))
    assert not ladder.is_missed(due, now=due + timedelta(days=3), done_at=due - timedelta(hours=1))
    # Done, but late: still a missed deadline on record.
    assert ladder.is_missed(due, now=due + timedelta(days=3), done_at=due + timedelta(hours=1))
