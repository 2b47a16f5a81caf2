"""The unusual-access rules, as pure functions (no database)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from ketenzicht.audit.rules import Event, RuleConfig, parse_hours, unusual_access

TUESDAY = date(2026, 3, 10)
SATURDAY = date(2026, 3, 14)
KINGS_DAY = date(2026, 4, 27)  # a Monday, a national holiday


def _event(seq, *, at=None, action="view", user_id=1, username="anna", role="vt_worker", **kw):
    return Event(
        sequence=seq,
        at=at or datetime.combine(TUESDAY, time(10, 0)),
        user_id=user_id,
        username=username,
        role=role,
        action=action,
        **kw,
    )


def _rules(hits):
    return [h.rule for h in hits]


def test_nothing_fires_on_an_ordinary_day():
    events = [_event(n, case_ids=(n,)) for n in range(1, 6)]
    assert unusual_access(events, config=RuleConfig()) == []


def test_it_flags_many_case_files_not_assigned_to_the_worker():
    config = RuleConfig(unassigned_cases_per_day=3)
    events = [_event(n, case_ids=(n,), unassigned_case_ids=(n,)) for n in range(1, 5)]
    [hit] = unusual_access(events, config=config)
    assert hit.rule == "unassigned_cases"
    assert (hit.count, hit.limit, hit.day) == (4, 3, TUESDAY)
    assert hit.sequences == (1, 2, 3, 4)


def test_opening_the_same_unassigned_file_again_counts_once():
    config = RuleConfig(unassigned_cases_per_day=3)
    events = [_event(n, case_ids=(7,), unassigned_case_ids=(7,)) for n in range(1, 10)]
    assert unusual_access(events, config=config) == []


def test_lists_and_team_leads_do_not_count_toward_unassigned_files():
    config = RuleConfig(unassigned_cases_per_day=1)
    lists = [_event(n, action="search", unassigned_case_ids=(n, n + 10)) for n in range(1, 4)]
    lead = [_event(n, role="team_lead", unassigned_case_ids=(n,)) for n in range(5, 9)]
    assert unusual_access(lists, config=config) == []
    assert unusual_access(lead, config=config) == []


@pytest.mark.parametrize(
    "at",
    [
        datetime.combine(TUESDAY, time(6, 59)),
        datetime.combine(TUESDAY, time(19, 0)),
        datetime.combine(SATURDAY, time(11, 0)),
        datetime.combine(KINGS_DAY, time(11, 0)),
    ],
)
def test_it_flags_access_outside_office_hours(at):
    [hit] = unusual_access([_event(1, at=at)], config=RuleConfig())
    assert hit.rule == "outside_office_hours" and hit.count == 1


def test_a_configured_closing_day_is_outside_office_hours_and_crisis_duty_is_exempt():
    at = datetime.combine(TUESDAY, time(11, 0))
    assert _rules(unusual_access([_event(1, at=at)], config=RuleConfig(), closing_days=[TUESDAY]))
    exempt = RuleConfig(office_hours_exempt=frozenset({"anna"}))
    night = datetime.combine(TUESDAY, time(23, 0))
    assert unusual_access([_event(1, at=night)], config=exempt) == []


def test_a_login_at_night_is_no_access_to_personal_data():
    night = datetime.combine(TUESDAY, time(23, 0))
    assert unusual_access([_event(1, at=night, action="login")], config=RuleConfig()) == []


def test_it_flags_many_radar_lookups_exports_and_repeated_refusals():
    config = RuleConfig(radar_lookups_per_day=2, exports_per_day=1, denied_per_day=3)
    events = [
        *(_event(n, action="radar_lookup") for n in range(1, 4)),
        *(_event(n, action="export") for n in range(4, 6)),
        *(_event(n, action="denied") for n in range(6, 9)),
    ]
    hits = unusual_access(events, config=config)
    assert _rules(hits) == ["many_radar_lookups", "many_exports", "repeated_denied"]
    assert [(h.count, h.limit) for h in hits] == [(3, 2), (2, 1), (3, 3)]


def test_any_break_glass_fires():
    [hit] = unusual_access(
        [_event(1, action="break_glass", role="administrator")], config=RuleConfig()
    )
    assert hit.rule == "break_glass"


def test_each_user_and_day_is_judged_apart():
    config = RuleConfig(radar_lookups_per_day=2)
    events = [
        _event(1, action="radar_lookup"),
        _event(2, action="radar_lookup", user_id=2, username="bert"),
        _event(3, action="radar_lookup", at=datetime.combine(date(2026, 3, 11), time(10))),
        _event(4, action="radar_lookup"),
    ]
    assert unusual_access(events, config=config) == []


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError):
        RuleConfig(denied_per_day=0)
    with pytest.raises(ValueError):
        RuleConfig(office_start=time(19), office_end=time(7))
    assert parse_hours("08:30-17:00") == (time(8, 30), time(17))
    for bad in ("8-17", "17:00-08:00", "daytime"):
        with pytest.raises(ValueError):
            parse_hours(bad)
