"""Users and their roles."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("persona", "is_vt", "is_team_lead", "is_chain_professional", "is_policy_officer"),
    [
        ("intake_worker", True, False, False, False),
        ("vt_worker", True, False, False, False),
        ("team_lead", True, True, False, False),
        ("pro_a", False, False, True, False),
        ("policy_officer", False, False, False, True),
        ("administrator", False, False, False, False),
        ("outsider", False, False, False, False),
    ],
)
def test_each_persona_has_the_role_it_needs(
    request, persona, is_vt, is_team_lead, is_chain_professional, is_policy_officer
):
    user = request.getfixturevalue(persona)
    assert user.is_vt is is_vt
    assert user.is_team_lead is is_team_lead
    assert user.is_chain_professional is is_chain_professional
    assert user.is_policy_officer is is_policy_officer


def test_the_region_holds_dordrecht_and_zwijndrecht(region, municipality_a, municipality_b):
    assert municipality_a.code == "GM0505"
    assert municipality_b.code == "GM0642"
    assert set(region.municipalities.all()) == {municipality_a, municipality_b}
    assert region.centre_municipality == municipality_a


def test_local_teams_work_for_their_own_municipality(local_team_a, local_team_b):
    assert local_team_a.municipality.name == "Dordrecht"
    assert local_team_b.municipality.name == "Zwijndrecht"
    assert not local_team_a.is_veilig_thuis


def test_personas_cannot_log_in_with_a_password(vt_worker, outsider):
    assert not vt_worker.has_usable_password()
    assert not outsider.has_usable_password()


def test_a_user_reads_as_their_full_name(vt_worker):
    assert str(vt_worker) == "Vera Veilig"
