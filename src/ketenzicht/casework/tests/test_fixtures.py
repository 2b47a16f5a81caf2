import pytest


@pytest.mark.parametrize(
    "state",
    [
        "registered",
        "review",
        "handover_offered",
        "handover_refused",
        "monitoring",
        "decided",
        "closed",
        "vv",
        "investigation",
    ],
)
def test_advance_case_reaches_every_state(make_case, advance_case, state):
    case = make_case()
    assert advance_case(case, state).state == state


def test_every_persona_is_there_with_the_right_kind_of_organisation(
    intake_worker,
    vt_worker,
    team_lead,
    second_team_lead,
    pro_a,
    pro_b,
    policy_officer,
    administrator,
    outsider,
    other_vt_worker,
    mda_org,
    police_org,
    rvdk_org,
):
    assert vt_worker.is_vt and not pro_a.is_vt and not outsider.is_vt
    assert other_vt_worker.organisation.region_id != vt_worker.organisation.region_id
