from __future__ import annotations

from datetime import date

import pytest

from ketenzicht.programme import services
from ketenzicht.programme.checks import ActionData, MilestoneData


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """These tests read the English msgids (see ``in_english`` in the root conftest)."""
    yield


def action_data(**changes: object) -> ActionData:
    fields: dict[str, object] = {
        "title": "Aandachtsfunctionarissen trainen",
        "lead_organisation": "Veilig Thuis Zuid-Holland Zuid",
        "lead_name": "Coördinator deskundigheidsbevordering",
        "starts_on": date(2024, 1, 1),
        "ends_on": date(2025, 12, 31),
        "veilig_thuis": True,
        "all_municipalities": True,
        "cost": 1_250_000,
        "funding": "Decentralisatie-uitkering vrouwenopvang",
        "target": "In 2025 is 90% van de veiligheidsbeoordelingen binnen 5 werkdagen gedaan.",
        "indicator": "assessment",
        "target_value": 90,
    }
    fields.update(changes)
    return ActionData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def programme(policy_officer):
    return services.programme_create(
        actor=policy_officer, name="Regiovisie 2024-2027", start_year=2024, end_year=2027
    )


@pytest.fixture
def ambition(programme, policy_officer):
    line = programme.lines.get(national="seen_earlier")
    return services.ambition_add(
        actor=policy_officer, line=line, title="Professionals signaleren eerder"
    )


@pytest.fixture
def action(ambition, policy_officer):
    return services.action_create(actor=policy_officer, ambition=ambition, data=action_data())


@pytest.fixture
def local_action(ambition, policy_officer, municipality_b):
    return services.action_create(
        actor=policy_officer,
        ambition=ambition,
        data=action_data(
            title="Lokale aanpak huiselijk geweld Zwijndrecht",
            all_municipalities=False,
            municipalities=[municipality_b.code],
            responsibility="local",
            starts_on=None,
            ends_on=None,
            milestones=[MilestoneData("Plan vastgesteld", date(2024, 6, 30))],
            indicator="",
            target_value=None,
            target="",
            cost=None,
        ),
    )
