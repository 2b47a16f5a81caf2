"""Model rules: the append-only history and the configurable terms."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ketenzicht.casework.deadlines import DEFAULT_TERMS
from ketenzicht.casework.models import CaseEvent, TermConfiguration


def test_a_stored_event_cannot_be_changed(make_case):
    event = CaseEvent.objects.filter(case=make_case()).get()
    event.reason = "Achteraf aangepast"
    with pytest.raises(ValidationError, match="append-only"):
        event.save()
    event.refresh_from_db()
    assert event.reason == ""


def test_a_stored_event_cannot_be_deleted(make_case):
    case = make_case()
    event = CaseEvent.objects.filter(case=case).get()
    with pytest.raises(ValidationError, match="append-only"):
        event.delete()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_the_history_cannot_be_bulk_updated_or_deleted_either(make_case):
    case = make_case()
    events = CaseEvent.objects.filter(case=case)
    with pytest.raises(ValidationError, match="append-only"):
        events.update(reason="Achteraf aangepast")
    with pytest.raises(ValidationError, match="append-only"):
        events.delete()
    assert events.get().reason == ""


def test_a_new_event_can_be_added(make_case, vt_worker):
    from django.utils import timezone

    case = make_case()
    CaseEvent.objects.create(case=case, kind="note", actor=vt_worker, at=timezone.now())
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_the_default_term_configuration_matches_the_law():
    assert TermConfiguration().as_terms() == DEFAULT_TERMS


def test_monitoring_months_are_parsed_from_a_comma_separated_list_in_order_without_doubles():
    config = TermConfiguration(monitoring_months=" 10, 3 ,3")
    assert config.parsed_monitoring_months() == (3, 10)


def test_repeat_report_windows_are_configurable_and_checked():
    assert TermConfiguration().parsed_repeat_report_months() == (6, 12, 24)
    with pytest.raises(ValidationError) as info:
        TermConfiguration(repeat_report_months="0,500").clean()
    assert "repeat_report_months" in info.value.message_dict


@pytest.mark.parametrize("months", ["", "0", "3,x", "61", "-1"])
def test_bad_monitoring_months_are_refused(months):
    with pytest.raises(ValidationError) as info:
        TermConfiguration(monitoring_months=months).clean()
    assert "monitoring_months" in info.value.message_dict


def test_the_longest_restraining_order_is_not_shorter_than_the_normal_one():
    with pytest.raises(ValidationError) as info:
        TermConfiguration(restraining_order_days=10, restraining_order_max_days=7).clean()
    assert "restraining_order_max_days" in info.value.message_dict


def test_references_are_readable(make_case):
    case = make_case()
    assert case.reference == f"Z{case.pk:07d}"
    assert str(case) == case.reference
    assert case.state_label == "Wacht op veiligheidsbeoordeling"
