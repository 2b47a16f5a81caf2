"""The radar shows what is already known about a case's people and household."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.casework.radar import radar_for_case, repeat_counts
from ketenzicht.casework.services import restraining_order_register
from ketenzicht.intake.services import AddressInput
from ketenzicht.intake.tests.factories import child, victim_adult

pytestmark = pytest.mark.django_db

WINDOWS = (6, 12, 24)
ELSEWHERE = AddressInput(street="Kade", house_number="3", postcode="3311 ZZ", city="Dordrecht")


def radar(case):
    case.refresh_from_db()
    involved = list(case.report.involved.select_related("person"))
    return radar_for_case(case, involved=involved, windows=WINDOWS, now=timezone.now())


def test_repeat_counts_count_reports_within_each_window():
    received = date(2026, 11, 23)
    earlier = [date(2026, 10, 1), date(2026, 3, 1), date(2025, 6, 1), date(2023, 1, 1)]
    assert repeat_counts(received, earlier, WINDOWS) == [(6, 1), (12, 2), (24, 3)]


def test_a_first_report_has_an_empty_radar(make_case):
    assert radar(make_case()).is_empty


def test_an_earlier_report_about_the_same_person_is_shown_with_their_name(make_case):
    first = make_case(received_at=timezone.now() - timedelta(days=40))
    mother = first.report.involved.get(role="victim").person
    second = make_case(
        household_address=ELSEWHERE,
        people=[replace(victim_adult(), existing_person_id=mother.pk)],
    )
    summary = radar(second)
    [item] = summary.earlier
    assert item.case == first
    assert item.shared_people == (mother.full_name,)
    assert not item.same_address
    assert item.open_at_receipt  # the first case was still open
    assert summary.open_involvement
    assert summary.repeat_counts == [(6, 1), (12, 1), (24, 1)]


def test_the_same_bsn_is_the_same_person_even_in_a_new_record(make_case):
    first = make_case(people=[victim_adult(bsn="111222333")])
    second = make_case(household_address=ELSEWHERE, people=[victim_adult(bsn="111222333")])
    [item] = radar(second).earlier
    assert item.case == first and item.shared_people


def test_an_earlier_report_at_the_same_address_is_a_household_signal(make_case):
    first = make_case(people=[victim_adult(surname="Yilmaz")])
    second = make_case(people=[child(surname="Bakker")])
    [item] = radar(second).earlier
    assert item.case == first
    assert item.same_address and item.shared_people == ()


def test_later_reports_stay_off_the_radar(make_case):
    first = make_case()
    make_case()  # a later report at the same address
    assert radar(first).is_empty


def test_another_region_s_reports_stay_off_the_radar(
    make_case, other_vt_org, other_vt_worker, other_municipality
):
    make_case(
        organisation=other_vt_org,
        registered_by=other_vt_worker,
        municipality=other_municipality,
        people=[victim_adult(bsn="111222333")],
        received_at=timezone.now() - timedelta(days=5),
    )
    ours = make_case(people=[victim_adult(bsn="111222333")])
    assert radar(ours).is_empty


def test_an_active_restraining_order_on_an_earlier_case_shows(make_case, vt_worker):
    first = make_case()
    restraining_order_register(
        case=first, actor=vt_worker, imposed_at=timezone.now(), rihg_outcome="Rood."
    )
    second = make_case()
    assert len(radar(second).active_orders) == 1


def test_the_case_page_shows_the_radar(client, vt_worker, make_case):
    make_case(received_at=timezone.now() - timedelta(days=3))
    second = make_case()
    client.force_login(vt_worker)
    html = client.get(reverse("casework:detail", args=[second.pk])).content.decode()
    assert "radar-known" in html
    assert "nog betrokken" in html  # VT was still involved when the report arrived


def test_the_radar_heading_says_so_when_nothing_is_known(client, vt_worker, make_case):
    first = make_case()
    client.force_login(vt_worker)
    html = client.get(reverse("casework:detail", args=[first.pk])).content.decode()
    assert "radar-known" not in html
    assert '<h2 id="radar-title">Radar: nog niets bekend</h2>' in html
    assert "Radar: al bekend" not in html


def test_the_radar_heading_says_already_known_when_something_is(client, vt_worker, make_case):
    make_case(received_at=timezone.now() - timedelta(days=3))
    second = make_case()
    client.force_login(vt_worker)
    html = client.get(reverse("casework:detail", args=[second.pk])).content.decode()
    assert '<h2 id="radar-title">Radar: al bekend</h2>' in html
