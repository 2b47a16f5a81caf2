"""The demo programme loads through the import, across the three national lines and governance."""

from __future__ import annotations

import pytest

from ketenzicht.organisations.tests.factories import MunicipalityFactory
from ketenzicht.programme.demo import programme_demo_load
from ketenzicht.programme.models import (
    Action,
    Decision,
    GovernanceBody,
    Meeting,
    ProgrammePeriod,
)

pytestmark = pytest.mark.django_db

OTHER_CODES = ["GM0482", "GM0512", "GM0523", "GM0531", "GM1963", "GM1978", "GM0590", "GM0610"]


@pytest.fixture
def demo_region(region):
    for code in OTHER_CODES:
        MunicipalityFactory(code=code, name=f"Gemeente {code}", region=region)
    return region


def test_the_demo_programme_covers_the_three_lines_and_the_regions_own(demo_region, policy_officer):
    period = programme_demo_load(region=demo_region, actor=policy_officer)
    nationals = list(period.lines.order_by("position").values_list("national", flat=True))
    assert nationals == ["seen_earlier", "stopped", "specific_groups", ""]
    actions = Action.objects.filter(ambition__line__period=period)
    assert actions.count() == 18
    assert {a.status for a in actions} == {
        "not_started",
        "on_track",
        "at_risk",
        "late",
        "done",
        "dropped",
    }
    assert actions.filter(responsibility="local", municipalities__code="GM0512").exists()
    assert actions.exclude(indicator="").count() >= 4


def test_the_demo_has_a_project_with_contacts_and_a_decision_log(demo_region, policy_officer):
    period = programme_demo_load(region=demo_region, actor=policy_officer)
    project = period.projects.get()
    assert project.contacts.count() == 8 and project.actions.count() == 2
    assert GovernanceBody.objects.filter(region=demo_region).count() == 3
    assert Decision.objects.filter(actions__title__startswith="Werkvoorraad").count() == 2


def test_loading_the_demo_twice_keeps_one_programme(demo_region, policy_officer):
    programme_demo_load(region=demo_region, actor=policy_officer)
    programme_demo_load(region=demo_region, actor=policy_officer)
    assert ProgrammePeriod.objects.count() == 1
    assert GovernanceBody.objects.count() == 3 and Meeting.objects.count() == 4


def test_the_demo_refuses_an_actor_of_another_region(demo_region, other_vt_worker):
    with pytest.raises(ValueError):
        programme_demo_load(region=demo_region, actor=other_vt_worker)
