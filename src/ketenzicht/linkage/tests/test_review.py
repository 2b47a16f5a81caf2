"""The store deduplication proposes clusters; a reviewer confirms, rejects or splits them."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.dedupe import store_dedupe, store_records
from ketenzicht.linkage.merging import person_merge
from ketenzicht.linkage.models import MergeProposal, PersonMerge, ProposalStatus
from ketenzicht.linkage.review import proposal_confirm, proposal_reject, proposal_split
from ketenzicht.linkage.selectors import rejected_pairs, review_queue
from ketenzicht.linkage.tests.utils import links, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English msgids here (Dutch is tested once below)."""
    with translation.override("en"):
        yield


def member_sets() -> set[frozenset[int]]:
    return {
        frozenset(p.members.values_list("person_id", flat=True))
        for p in MergeProposal.objects.filter(status=ProposalStatus.OPEN)
    }


def proposal_of(*persons: Person) -> MergeProposal:
    wanted = frozenset(p.pk for p in persons)
    for proposal in MergeProposal.objects.filter(status=ProposalStatus.OPEN):
        if frozenset(proposal.members.values_list("person_id", flat=True)) == wanted:
            return proposal
    raise AssertionError(f"no open proposal of {sorted(wanted)}")


@pytest.fixture
def proposed(twice, vt_org):
    store_dedupe(organisation=vt_org)
    return twice


# --- the store deduplication -------------------------------------------------------------------


def test_the_store_records_are_the_persons_known_to_the_organisation_and_not_merged(
    twice, vt_org, other_vt_org, vt_worker
):
    ids = {r.record_id for r in store_records(vt_org.pk)}
    assert ids == {str(p) for p in ReportPerson.objects.values_list("person_id", flat=True)}
    assert list(store_records(other_vt_org.pk)) == []
    person_merge(survivor=twice.mark, merged=twice.mark_again, by=vt_worker, reason="Zelfde.")
    assert str(twice.mark_again.pk) not in {r.record_id for r in store_records(vt_org.pk)}


def test_a_record_from_values_is_the_same_as_from_the_person_row(twice, vt_org):
    from ketenzicht.linkage.conversion import person_record

    by_id = {r.record_id: r for r in store_records(vt_org.pk)}
    for person in Person.objects.select_related("municipality"):
        assert by_id[str(person.pk)] == person_record(person)


def test_the_dedupe_proposes_each_person_registered_twice_with_the_evidence(proposed):
    assert member_sets() == {
        frozenset({proposed.fatima.pk, proposed.fatima_again.pk}),
        frozenset({proposed.mark.pk, proposed.mark_again.pk}),
    }
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    [pair] = proposal.pairs.all()
    assert {pair.left_id, pair.right_id} == {proposed.fatima.pk, proposed.fatima_again.pk}
    assert pair.probability >= 0.9
    assert pair.strength in ("very_likely", "likely")
    fields = {item["field"]: item for item in pair.evidence}
    assert fields["surname"]["level"] == "similar"
    assert fields["date_of_birth"]["category"] == "agree"
    assert all(set(item) == {"field", "level", "category", "weight"} for item in pair.evidence)
    assert proposal.size == 2 and proposal.best == pair.probability


def test_a_second_run_keeps_the_open_proposals_of_the_same_sets(proposed, vt_org):
    before = set(MergeProposal.objects.values_list("pk", "proposed_at"))
    result = store_dedupe(organisation=vt_org)
    assert set(MergeProposal.objects.values_list("pk", "proposed_at")) == before
    assert (result.written.created, result.written.kept, result.written.removed) == (0, 2, 0)


def test_a_new_run_withdraws_open_proposals_that_no_longer_match(proposed, vt_org, vt_worker):
    person_merge(
        survivor=proposed.mark, merged=proposed.mark_again, by=vt_worker, reason="Zelfde man."
    )
    mark = proposal_of(proposed.mark, proposed.mark_again)
    assert mark not in review_queue(vt_worker)  # a record of it was merged since
    result = store_dedupe(organisation=vt_org)
    assert result.written.removed == 1
    assert not MergeProposal.objects.filter(pk=mark.pk).exists()


def test_the_dedupe_reads_only_its_own_organisation(proposed, other_vt_org):
    result = store_dedupe(organisation=other_vt_org)
    assert result.persons == 0
    assert not MergeProposal.objects.filter(organisation=other_vt_org).exists()


def test_the_command_deduplicates_every_veilig_thuis_and_prints_a_summary(twice, vt_org):
    out = io.StringIO()
    call_command("linkage_dedupe", stdout=out, stderr=io.StringIO())
    assert MergeProposal.objects.filter(organisation=vt_org, status="open").count() == 2
    text = out.getvalue()
    assert f"{vt_org}: 5 persons" in text
    assert "2 proposals open for review" in text


def test_the_command_can_be_limited_to_one_organisation(twice, vt_org, other_vt_org):
    call_command("linkage_dedupe", organisation=other_vt_org.pk, verbosity=0)
    assert not MergeProposal.objects.exists()
    with pytest.raises(CommandError):
        call_command("linkage_dedupe", organisation=999_999, verbosity=0)


@pytest.mark.parametrize("threshold", [0.0, 1.0, 1.5, -0.2])
def test_the_command_refuses_a_threshold_outside_zero_and_one_and_writes_nothing(twice, threshold):
    with pytest.raises(CommandError, match="--threshold must lie between 0 and 1"):
        call_command("linkage_dedupe", threshold=threshold, verbosity=0)
    assert not MergeProposal.objects.exists()


# --- confirm -----------------------------------------------------------------------------------


def test_confirming_merges_every_record_into_the_one_the_reviewer_keeps(proposed, vt_worker):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    [merged] = proposal_confirm(
        proposal=proposal, survivor=proposed.fatima_again, by=vt_worker, reason="Typfout."
    )
    assert (merged.survivor, merged.merged, merged.proposal) == (
        proposed.fatima_again,
        proposed.fatima,
        proposal,
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert (proposal.decided_by, proposal.reason, proposal.survivor) == (
        vt_worker,
        "Typfout.",
        proposed.fatima_again,
    )
    assert proposal.decided_at is not None
    assert ReportPerson.objects.filter(person=proposed.fatima_again).count() == 2


def test_a_confirmed_proposal_can_be_undone_merge_by_merge(proposed, vt_worker):
    from ketenzicht.linkage.merging import person_unmerge

    before = links()
    proposal = proposal_of(proposed.mark, proposed.mark_again)
    [merged] = proposal_confirm(
        proposal=proposal, survivor=proposed.mark, by=vt_worker, reason="Zelfde man."
    )
    person_unmerge(merge=merged, by=vt_worker, reason="Toch niet.")
    assert links() == before


def test_confirming_a_cluster_of_three_makes_two_merges(twice, vt_org, vt_worker, make_case):
    from ketenzicht.linkage.tests.conftest import people

    third = make_case(people=people(again=True, sem_id=twice.sem.pk)[:1])
    fatima_third = third.report.involved.get().person
    store_dedupe(organisation=vt_org)
    proposal = proposal_of(twice.fatima, twice.fatima_again, fatima_third)
    merges = proposal_confirm(proposal=proposal, survivor=twice.fatima, by=vt_worker, reason="Ja.")
    assert {m.merged_id for m in merges} == {twice.fatima_again.pk, fatima_third.pk}
    assert ReportPerson.objects.filter(person=twice.fatima).count() == 3


def refused(call, match: str) -> None:
    before = world()
    with pytest.raises(ValidationError) as caught:
        call()
    assert match in " ".join(caught.value.messages), caught.value.messages
    assert world() == before


def test_confirming_needs_a_reason_and_a_kept_record_of_the_proposal(proposed, vt_worker):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    ok = {"proposal": proposal, "survivor": proposed.fatima, "by": vt_worker, "reason": "Ja."}
    refused(lambda: proposal_confirm(**{**ok, "reason": " "}), "reason")
    refused(lambda: proposal_confirm(**{**ok, "survivor": None}), "record to keep")
    refused(lambda: proposal_confirm(**{**ok, "survivor": proposed.mark}), "record to keep")


def test_a_decided_proposal_cannot_be_decided_again(proposed, vt_worker):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    proposal_reject(proposal=proposal, by=vt_worker, reason="Twee zussen.")
    refused(
        lambda: proposal_confirm(
            proposal=proposal, survivor=proposed.fatima, by=vt_worker, reason="Ja."
        ),
        "already decided",
    )
    refused(lambda: proposal_reject(proposal=proposal, by=vt_worker, reason="Nee."), "already")


def test_only_staff_of_the_proposals_veilig_thuis_may_decide(
    proposed, other_vt_worker, pro_a, policy_officer
):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    for user in (other_vt_worker, pro_a, policy_officer):
        refused(
            lambda user=user: proposal_confirm(
                proposal=proposal, survivor=proposed.fatima, by=user, reason="Ja."
            ),
            "Veilig Thuis",
        )
        refused(
            lambda user=user: proposal_reject(proposal=proposal, by=user, reason="Nee."),
            "Veilig Thuis",
        )


def test_a_confirm_that_fails_halfway_merges_nothing(twice, vt_org, vt_worker, make_case):
    from ketenzicht.linkage.tests.conftest import people

    third = make_case(people=people(again=True, sem_id=twice.sem.pk)[:1])
    fatima_third = third.report.involved.get().person
    store_dedupe(organisation=vt_org)
    proposal = proposal_of(twice.fatima, twice.fatima_again, fatima_third)
    # The last record of the three is merged by hand meanwhile: the whole confirm is refused.
    last = max((twice.fatima_again, fatima_third), key=lambda p: p.pk)
    first = min((twice.fatima_again, fatima_third), key=lambda p: p.pk)
    person_merge(survivor=first, merged=last, by=vt_worker, reason="Met de hand.")
    refused(
        lambda: proposal_confirm(
            proposal=proposal, survivor=twice.fatima, by=vt_worker, reason="Ja."
        ),
        "already merged",
    )


# --- reject ------------------------------------------------------------------------------------


def test_a_rejected_set_is_not_proposed_again(proposed, vt_org, vt_worker):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    proposal_reject(proposal=proposal, by=vt_worker, reason="Twee zussen met dezelfde naam.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.reason) == (
        ProposalStatus.REJECTED,
        vt_worker,
        "Twee zussen met dezelfde naam.",
    )
    assert not PersonMerge.objects.exists()
    result = store_dedupe(organisation=vt_org)
    assert result.skipped == 1
    assert member_sets() == {frozenset({proposed.mark.pk, proposed.mark_again.pk})}
    assert MergeProposal.objects.filter(pk=proposal.pk, status="rejected").exists()


def test_a_rejected_pair_is_proposed_again_when_a_new_record_joins_it(
    proposed, vt_org, vt_worker, make_case
):
    from ketenzicht.linkage.tests.conftest import people

    proposal_reject(
        proposal=proposal_of(proposed.fatima, proposed.fatima_again), by=vt_worker, reason="Nee."
    )
    third = make_case(people=people(sem_id=proposed.sem.pk)[:1])
    store_dedupe(organisation=vt_org)
    assert (
        frozenset(
            {proposed.fatima.pk, proposed.fatima_again.pk, third.report.involved.get().person_id}
        )
        in member_sets()
    )


def test_a_reject_needs_a_reason(proposed, vt_worker):
    proposal = proposal_of(proposed.fatima, proposed.fatima_again)
    refused(lambda: proposal_reject(proposal=proposal, by=vt_worker, reason=""), "reason")


# --- split -------------------------------------------------------------------------------------


@pytest.fixture
def three(twice, vt_org, make_case):
    from ketenzicht.linkage.tests.conftest import people

    third = make_case(people=people(again=True, sem_id=twice.sem.pk)[:1])
    twice.fatima_third = third.report.involved.get().person
    store_dedupe(organisation=vt_org)
    twice.proposal = proposal_of(twice.fatima, twice.fatima_again, twice.fatima_third)
    return twice


def test_splitting_merges_each_group_and_leaves_single_records_alone(three, vt_worker):
    groups = {three.fatima.pk: 1, three.fatima_third.pk: 1, three.fatima_again.pk: 2}
    [merged] = proposal_split(
        proposal=three.proposal, groups=groups, by=vt_worker, reason="De tweede is haar zus."
    )
    assert (merged.survivor_id, merged.merged_id) == (three.fatima.pk, three.fatima_third.pk)
    three.proposal.refresh_from_db()
    assert three.proposal.status == ProposalStatus.SPLIT
    assert dict(three.proposal.members.values_list("person_id", "group")) == groups
    three.fatima_again.refresh_from_db()
    assert three.fatima_again.merged_into is None


def test_records_split_apart_are_never_proposed_together_again(three, vt_org, vt_worker):
    groups = {three.fatima.pk: 1, three.fatima_third.pk: 1, three.fatima_again.pk: 2}
    proposal_split(proposal=three.proposal, groups=groups, by=vt_worker, reason="Zus.")
    assert rejected_pairs(vt_org.pk) == {
        tuple(sorted((three.fatima.pk, three.fatima_again.pk))),
        tuple(sorted((three.fatima_third.pk, three.fatima_again.pk))),
    }
    store_dedupe(organisation=vt_org)
    assert member_sets() == {frozenset({three.mark.pk, three.mark_again.pk})}


def test_a_split_into_single_records_merges_nothing(three, vt_org, vt_worker):
    groups = {three.fatima.pk: 1, three.fatima_third.pk: 2, three.fatima_again.pk: 3}
    assert (
        proposal_split(proposal=three.proposal, groups=groups, by=vt_worker, reason="Drie.") == []
    )
    assert not PersonMerge.objects.exists()
    store_dedupe(organisation=vt_org)
    assert member_sets() == {frozenset({three.mark.pk, three.mark_again.pk})}


def test_a_split_needs_every_record_in_a_group_at_least_two_groups_and_a_reason(three, vt_worker):
    a, b, c = three.fatima.pk, three.fatima_again.pk, three.fatima_third.pk
    ok = {"proposal": three.proposal, "by": vt_worker, "reason": "Zus."}
    refused(lambda: proposal_split(**ok, groups={a: 1, b: 2}), "every record")
    refused(lambda: proposal_split(**ok, groups={a: 1, b: 2, c: 2, three.mark.pk: 1}), "every")
    refused(lambda: proposal_split(**ok, groups={a: 1, b: 2, c: 4}), "from 1 to 3")
    refused(lambda: proposal_split(**ok, groups={a: 0, b: 2, c: 2}), "from 1 to 3")
    refused(lambda: proposal_split(**ok, groups={a: 2, b: 2, c: 2}), "confirm the proposal")
    refused(lambda: proposal_split(**{**ok, "reason": ""}, groups={a: 1, b: 2, c: 2}), "reason")
