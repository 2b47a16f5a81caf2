"""Merging two records of one person, and undoing it: every link moves, and moves back exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.conversion import person_record
from ketenzicht.linkage.merging import person_links, person_merge, person_unmerge
from ketenzicht.linkage.models import PersonKey, PersonMerge
from ketenzicht.linkage.selectors import person_candidates
from ketenzicht.linkage.tests.utils import keys, links, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English msgids here (Dutch is tested once below)."""
    with translation.override("en"):
        yield


RestrainingOrder = apps.get_model("casework", "RestrainingOrder")
ErasureRequest = apps.get_model("retention", "ErasureRequest")


def merge(twice, by, survivor=None, merged=None, reason="Zelfde geboortedatum en BSN."):
    return person_merge(
        survivor=survivor or twice.mark,
        merged=merged or twice.mark_again,
        by=by,
        reason=reason,
    )


def test_every_foreign_key_to_a_person_is_a_link_that_merging_moves():
    assert {link.key for link in person_links()} == {
        "intake.ReportPerson.person",
        "intake.Person_households.person",
        "casework.RestrainingOrder.subject",
        "plans.PlanMember.person",
        "retention.ErasureRequest.person",
    }


def test_merging_moves_every_link_of_the_merged_record_to_the_kept_one(twice, vt_worker):
    merge(twice, vt_worker)
    mark, again = twice.mark, twice.mark_again
    assert set(ReportPerson.objects.filter(person=mark).values_list("report_id", flat=True)) == {
        twice.first.report_id,
        twice.second.report_id,
    }
    assert set(mark.households.values_list("pk", flat=True)) == {
        twice.first.report.household_id,
        twice.second.report.household_id,
    }
    assert RestrainingOrder.objects.get(case=twice.second).subject_id == mark.pk
    assert not ReportPerson.objects.filter(person=again).exists()
    assert not again.households.exists()
    again.refresh_from_db()
    assert again.merged_into_id == mark.pk
    assert again.surname == "Jansen"  # the merged record keeps its own data, for the undo


def erasure_request_about(case, person, by):
    """An open erasure request (retention app) about ``person`` in ``case``."""
    today = timezone.localdate()
    return ErasureRequest.objects.create(
        organisation=case.organisation,
        case=case,
        case_reference=case.reference,
        person=person,
        requester_relation="self",
        received_on=today,
        due_on=today + timedelta(days=90),
        registered_by=by,
        registered_at=timezone.now(),
    )


def test_an_erasure_request_about_the_merged_record_moves_to_the_kept_one_and_back(
    twice, vt_worker
):
    # The request is about the one person both records describe: after the merge it names the
    # record that still holds that person's involvement in the case; undoing restores it.
    item = erasure_request_about(twice.second, twice.mark_again, vt_worker)
    merged = merge(twice, vt_worker)
    item.refresh_from_db()
    assert item.person_id == twice.mark.pk
    assert merged.links["retention.ErasureRequest.person"] == [item.pk]
    person_unmerge(merge=merged, by=vt_worker, reason="Toch twee personen.")
    item.refresh_from_db()
    assert item.person_id == twice.mark_again.pk


def test_a_merge_records_who_when_why_and_exactly_which_rows_moved(twice, vt_worker):
    involvement = ReportPerson.objects.get(person=twice.mark_again)
    order = RestrainingOrder.objects.get(subject=twice.mark_again)
    merged = merge(twice, vt_worker)
    assert merged.merged_by == vt_worker
    assert merged.merged_at is not None
    assert merged.reason == "Zelfde geboortedatum en BSN."
    assert merged.organisation == twice.second.organisation
    assert merged.links["intake.ReportPerson.person"] == [involvement.pk]
    assert merged.links["casework.RestrainingOrder.subject"] == [order.pk]
    assert len(merged.links["intake.Person_households.person"]) == 1
    assert merged.moved_count == 3


def test_the_merged_record_loses_its_keys_and_is_no_longer_a_candidate(twice, vt_org, vt_worker):
    record = person_record(twice.mark_again)
    found = {c.person.pk for c in person_candidates(record=record, organisation_id=vt_org.pk)}
    assert {twice.mark.pk, twice.mark_again.pk} <= found
    merge(twice, vt_worker)
    assert not PersonKey.objects.filter(person=twice.mark_again).exists()
    assert PersonKey.objects.filter(person=twice.mark).exists()
    found = {c.person.pk for c in person_candidates(record=record, organisation_id=vt_org.pk)}
    assert twice.mark.pk in found
    assert twice.mark_again.pk not in found


def test_merge_and_unmerge_restore_every_link_and_key_exactly(twice, vt_worker, team_lead):
    before_links, before_keys = links(), keys()
    merged = merge(twice, vt_worker)
    assert links() != before_links
    undone = person_unmerge(merge=merged, by=team_lead, reason="Toch twee personen: vader en zoon.")
    assert links() == before_links
    assert keys() == before_keys
    twice.mark_again.refresh_from_db()
    assert twice.mark_again.merged_into is None
    assert undone.undone_by == team_lead
    assert undone.undone_at is not None
    assert undone.undo_reason == "Toch twee personen: vader en zoon."


def test_a_round_trip_of_several_merges_undone_in_reverse_order_restores_everything(
    twice, vt_worker
):
    before = links()
    first = merge(twice, vt_worker)
    second = merge(twice, vt_worker, survivor=twice.fatima, merged=twice.fatima_again)
    person_unmerge(merge=second, by=vt_worker, reason="Terug.")
    person_unmerge(merge=first, by=vt_worker, reason="Terug.")
    assert links() == before


def test_links_made_to_the_kept_record_after_the_merge_stay_with_it(twice, vt_worker, make_case):
    from ketenzicht.intake.tests.factories import victim_adult

    merged = merge(twice, vt_worker)
    later = make_case(people=[victim_adult(existing_person_id=twice.mark.pk)])
    person_unmerge(merge=merged, by=vt_worker, reason="Vergissing.")
    assert later.report.involved.get().person_id == twice.mark.pk
    assert ReportPerson.objects.get(
        report=twice.second.report, person__first_names="Mark"
    ).person_id == (twice.mark_again.pk)


def test_a_chain_of_merges_is_undone_last_first(twice, vt_worker, make_case):
    from ketenzicht.intake.tests.factories import victim_adult

    third = make_case(people=[victim_adult(first_names="Marco", surname="Jansen")])
    marco = third.report.involved.get().person
    # Mark (again) into Mark, then Mark into Marco.
    first = merge(twice, vt_worker)
    second = merge(twice, vt_worker, survivor=marco, merged=twice.mark)
    before = world()
    with pytest.raises(ValidationError, match="undo that merge first"):
        person_unmerge(merge=first, by=vt_worker, reason="Terug.")
    assert world() == before
    person_unmerge(merge=second, by=vt_worker, reason="Terug.")
    person_unmerge(merge=first, by=vt_worker, reason="Terug.")


# --- refusals change nothing -------------------------------------------------------------------


def refused(call, match: str) -> None:
    before = world()
    with pytest.raises(ValidationError) as caught:
        call()
    assert match in " ".join(caught.value.messages)
    assert world() == before


def test_it_refuses_to_merge_a_record_with_itself(twice, vt_worker):
    refused(lambda: merge(twice, vt_worker, merged=twice.mark), "with itself")


def test_a_refusal_is_worded_in_dutch_by_default(twice, vt_worker):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        merge(twice, vt_worker, merged=twice.mark)
    assert caught.value.messages == [
        "Een registratie kan niet met zichzelf worden samengevoegd; kies twee verschillende "
        "registraties."
    ]


def test_it_refuses_a_merge_without_a_reason(twice, vt_worker):
    refused(lambda: merge(twice, vt_worker, reason="   "), "reason")


def test_it_refuses_to_merge_a_record_that_was_merged_already(twice, vt_worker):
    merge(twice, vt_worker)
    refused(
        lambda: merge(twice, vt_worker, survivor=twice.fatima, merged=twice.mark_again),
        "already merged",
    )
    refused(
        lambda: merge(twice, vt_worker, survivor=twice.mark_again, merged=twice.fatima),
        "already merged",
    )


def test_it_refuses_to_merge_two_records_named_in_the_same_report(twice, vt_worker):
    refused(
        lambda: merge(twice, vt_worker, survivor=twice.fatima, merged=twice.mark),
        twice.first.report.reference,
    )


def test_it_refuses_anyone_but_staff_of_the_veilig_thuis_that_knows_both(
    twice, pro_a, policy_officer, other_vt_worker, outsider
):
    for user in (pro_a, policy_officer, other_vt_worker, outsider):
        refused(lambda user=user: merge(twice, user), "Veilig Thuis")


def test_it_refuses_to_merge_across_veilig_thuis_organisations(
    twice, vt_worker, other_vt_org, other_vt_worker, other_municipality, make_case
):
    from ketenzicht.intake.services import AddressInput
    from ketenzicht.intake.tests.factories import victim_adult

    elsewhere = make_case(
        organisation=other_vt_org,
        registered_by=other_vt_worker,
        municipality=other_municipality,
        household_address=AddressInput(street="Coolsingel", house_number="1", postcode="3011 AD"),
        people=[victim_adult(first_names="Mark", surname="Jansen")],
    )
    rotterdam = elsewhere.report.involved.get().person
    refused(lambda: merge(twice, vt_worker, merged=rotterdam), "not known to this Veilig Thuis")
    refused(
        lambda: merge(twice, other_vt_worker, survivor=rotterdam, merged=twice.mark),
        "not known to this Veilig Thuis",
    )


def test_it_refuses_to_undo_a_merge_twice(twice, vt_worker):
    merged = merge(twice, vt_worker)
    person_unmerge(merge=merged, by=vt_worker, reason="Vergissing.")
    refused(
        lambda: person_unmerge(merge=merged, by=vt_worker, reason="Nog eens."), "already undone"
    )


def test_it_refuses_an_undo_without_a_reason_or_by_another_organisation(
    twice, vt_worker, other_vt_worker, pro_a
):
    merged = merge(twice, vt_worker)
    refused(lambda: person_unmerge(merge=merged, by=vt_worker, reason=""), "reason")
    for user in (other_vt_worker, pro_a):
        refused(
            lambda user=user: person_unmerge(merge=merged, by=user, reason="Weg."), "Veilig Thuis"
        )


def test_it_refuses_an_undo_when_a_moved_link_was_removed_since(twice, vt_worker):
    merged = merge(twice, vt_worker)
    RestrainingOrder.objects.filter(case=twice.second).delete()
    refused(
        lambda: person_unmerge(merge=merged, by=vt_worker, reason="Terug."),
        "changed or removed",
    )


def test_only_one_active_merge_per_record_is_possible_in_the_database(twice, vt_worker):
    from django.db import IntegrityError, transaction

    merged = merge(twice, vt_worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonMerge.objects.create(
            organisation=merged.organisation,
            survivor=twice.fatima,
            merged=twice.mark_again,
            reason="x",
            merged_by=vt_worker,
            merged_at=merged.merged_at,
        )


def test_the_index_command_skips_merged_records(twice, vt_worker):
    from django.core.management import call_command

    merge(twice, vt_worker)
    call_command("linkage_index", verbosity=0)
    assert not PersonKey.objects.filter(person=twice.mark_again).exists()
    assert Person.objects.get(pk=twice.mark_again.pk).merged_into_id == twice.mark.pk
