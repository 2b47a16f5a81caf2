"""Pages of the linkage: the review queue of proposed merges, the merge history with its undo,
and a person's page with possible duplicates.

Only Veilig Thuis roles (``vt_required``: intake worker, VT worker, team lead) see these pages,
and only the proposals, merges and persons of their own organisation (404 otherwise). Every VT
role may decide: an intake worker already decides "this is the same person" at intake for
every new report, and every decision is recorded (who, when, why) and can be undone.
Views are thin: a selector finds the object within reach, a form shapes the input, one service
decides (``review.py``, ``merging.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.forms import call_service
from ketenzicht.common.pagination import CappedPaginator
from ketenzicht.intake.models import Person
from ketenzicht.linkage import labels
from ketenzicht.linkage.compare import Category
from ketenzicht.linkage.conversion import person_record
from ketenzicht.linkage.forms import (
    ConfirmForm,
    PersonMergeForm,
    RejectForm,
    SplitForm,
    UnmergeForm,
)
from ketenzicht.linkage.merging import HOUSEHOLD_LINK, REPORT_LINK, person_merge, person_unmerge
from ketenzicht.linkage.models import MergeProposal, PersonMerge, ProposalPair
from ketenzicht.linkage.review import proposal_confirm, proposal_reject, proposal_split
from ketenzicht.linkage.scoring import strength
from ketenzicht.linkage.selectors import (
    merges_of_person,
    merges_visible_to,
    person_candidates,
    person_for_page,
    proposal_for_page,
    review_queue,
)
from ketenzicht.organisations.access import AuthenticatedHttpRequest, vt_required

PER_PAGE = 25


def mask_bsn(bsn: str) -> str:
    """A BSN with all but its last three digits hidden: enough to tell two records apart."""
    return f"{'*' * (len(bsn) - 3)}{bsn[-3:]}" if len(bsn) > 3 else ("*" * len(bsn))


def address_of(person: Person) -> str:
    number = f"{person.house_number}{person.house_number_suffix}".strip()
    first = " ".join(part for part in (person.street, number) if part)
    second = " ".join(part for part in (person.postcode, person.city) if part)
    return ", ".join(part for part in (first, second) if part)


def shown_evidence(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Stored evidence items as labels (the missing fields left out, as at intake)."""
    return [
        {
            "label": str(
                labels.EVIDENCE_LABELS.get(
                    f"linkage.{item['field']}.{item['level']}",
                    f"linkage.{item['field']}.{item['level']}",
                )
            ),
            "category": item["category"],
            "category_label": labels.category_label(item["category"]),
        }
        for item in items
        if item["category"] != Category.MISSING
    ]


def _strength_label(probability: float) -> str:
    return labels.strength_label(strength(probability))


# --- the review queue ----------------------------------------------------------------------------


@vt_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = CappedPaginator(review_queue(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "proposal": proposal,
            "members": [m.person for m in proposal.members.all()],
            "strength": strength(proposal.best).value,
            "strength_label": _strength_label(proposal.best),
        }
        for proposal in page.object_list
    ]
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        person_ids=[person.pk for row in rows for person in row["members"]],
        detail=f"merge proposals, page {page.number}",
    )
    return render(request, "linkage/queue.html", {"page": page, "rows": rows})


def _proposal(request: AuthenticatedHttpRequest, pk: int) -> MergeProposal:
    try:
        return proposal_for_page(request.user, pk)
    except MergeProposal.DoesNotExist:
        raise Http404 from None


def _member_rows(proposal: MergeProposal) -> list[dict[str, Any]]:
    return [
        {
            "person": member.person,
            "address": address_of(member.person),
            "bsn": mask_bsn(member.person.bsn),
            "involvements": list(member.person.involvements.all()),
            "group": member.group,
        }
        for member in proposal.members.all()
    ]


def _pair_rows(proposal: MergeProposal, persons: dict[int, Person]) -> list[dict[str, Any]]:
    pairs: list[ProposalPair] = list(proposal.pairs.all())
    return [
        {
            "left": persons[pair.left_id],
            "right": persons[pair.right_id],
            "strength": pair.strength,
            "strength_label": labels.strength_label(pair.strength),
            # Rounded down: a probability just below 1 does not show as 100%.
            "percent": f"{math.floor(pair.probability * 1000) / 10:.1f}".replace(".", ","),
            "co_resident": pair.co_resident,
            "evidence": shown_evidence(pair.evidence),
        }
        for pair in pairs
    ]


def _proposal_page(
    request: AuthenticatedHttpRequest,
    proposal: MergeProposal,
    *,
    bound: forms.Form | None = None,
) -> HttpResponse:
    members = _member_rows(proposal)
    persons = [row["person"] for row in members]
    by_pk = {p.pk: p for p in persons}
    forms_: dict[str, forms.Form] = {
        "confirm_form": ConfirmForm(members=persons),
        "reject_form": RejectForm(),
        "split_form": SplitForm(members=persons),
    }
    if bound is not None:
        forms_[f"{bound.prefix}_form"] = bound
    split = forms_["split_form"]
    assert isinstance(split, SplitForm)
    context = {
        "proposal": proposal,
        "members": members,
        "pairs": _pair_rows(proposal, by_pk),
        "strength": strength(proposal.best).value,
        "strength_label": _strength_label(proposal.best),
        "merges": list(proposal.merges.all()),
        "split_fields": [split[SplitForm.field_name(p)] for p in persons],
        "bound": bound,
        **forms_,
    }
    access_record(
        request=request,
        action=AccessAction.VIEW,
        person_ids=list(by_pk),
        detail=f"merge proposal {proposal.reference}",
    )
    status = 422 if bound is not None else 200
    return render(request, "linkage/proposal_detail.html", context, status=status)


@vt_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, _proposal(request, pk))


def _decide(
    request: AuthenticatedHttpRequest,
    pk: int,
    make_form: Callable[[list[Person], Any], forms.Form],
    run: Callable[[MergeProposal, forms.Form], Any],
    done: Callable[[MergeProposal, Any], str],
) -> HttpResponse:
    """GET shows the proposal; POST validates the form and calls one service."""
    proposal = _proposal(request, pk)
    if request.method != "POST":
        return _proposal_page(request, proposal)
    persons = [m.person for m in proposal.members.all()]
    form = make_form(persons, request.POST)
    if form.is_valid():
        result = call_service(form, lambda: run(proposal, form))
        if result is not None:
            messages.success(request, done(proposal, result))
            return redirect("linkage:queue")
    return _proposal_page(request, proposal, bound=form)


def _merged_message(proposal: MergeProposal, merges: list[PersonMerge]) -> str:
    return ngettext(
        "Proposal %(ref)s decided: %(n)s record was merged.",
        "Proposal %(ref)s decided: %(n)s records were merged.",
        len(merges),
    ) % {"ref": proposal.reference, "n": len(merges)}


@vt_required
def proposal_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        lambda persons, data: ConfirmForm(data, members=persons),
        lambda proposal, form: proposal_confirm(
            proposal=proposal,
            survivor=form.cleaned_data["survivor"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        _merged_message,
    )


@vt_required
def proposal_reject_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        lambda persons, data: RejectForm(data),
        lambda proposal, form: proposal_reject(
            proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
        ),
        lambda proposal, _result: (
            _("Proposal %(ref)s rejected: these records are not proposed together again.")
            % {"ref": proposal.reference}
        ),
    )


@vt_required
def proposal_split_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def run(proposal: MergeProposal, form: forms.Form) -> Any:
        assert isinstance(form, SplitForm)
        return proposal_split(
            proposal=proposal,
            groups=form.groups(),
            by=request.user,
            reason=form.cleaned_data["reason"],
        )

    return _decide(
        request, pk, lambda persons, data: SplitForm(data, members=persons), run, _merged_message
    )


# --- the merge history ---------------------------------------------------------------------------


@vt_required
def merge_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = CappedPaginator(merges_visible_to(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    access_record(
        request=request,
        action=AccessAction.SEARCH,
        person_ids=[pk for m in page.object_list for pk in (m.survivor_id, m.merged_id)],
        detail=f"merges, page {page.number}",
    )
    return render(request, "linkage/merges.html", {"page": page})


def _moved(merge: PersonMerge) -> list[tuple[str, int]]:
    counts = {key: len(ids) for key, ids in merge.links.items()}
    reports = counts.pop(REPORT_LINK, 0)
    households = counts.pop(HOUSEHOLD_LINK, 0)
    return [
        (_("Reports"), reports),
        (_("Households"), households),
        (_("Other links (such as restraining orders)"), sum(counts.values())),
    ]


def _merge_page(
    request: AuthenticatedHttpRequest, merge: PersonMerge, form: UnmergeForm | None = None
) -> HttpResponse:
    context = {
        "merge": merge,
        "moved": _moved(merge),
        "form": form or UnmergeForm(),
    }
    access_record(
        request=request,
        action=AccessAction.VIEW,
        person_ids=(merge.survivor_id, merge.merged_id),
        detail="merge page",
    )
    return render(
        request, "linkage/merge_detail.html", context, status=200 if form is None else 422
    )


@vt_required
def merge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        merge = merges_visible_to(request.user).get(pk=pk)
    except PersonMerge.DoesNotExist:
        raise Http404 from None
    return _merge_page(request, merge)


@vt_required
def unmerge_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        merge = merges_visible_to(request.user).get(pk=pk)
    except PersonMerge.DoesNotExist:
        raise Http404 from None
    if request.method != "POST":
        return _merge_page(request, merge)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            person_unmerge,
            merge=merge,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(
                request,
                _("The merge was undone: %(name)s has their own reports and households again.")
                % {"name": merge.merged.full_name},
            )
            return redirect("linkage:merge", pk=merge.pk)
    return _merge_page(request, merge, form)


# --- a person's page: reports, merges, possible duplicates ---------------------------------------


def _person(request: AuthenticatedHttpRequest, pk: int) -> Person:
    try:
        return person_for_page(request.user, pk)
    except Person.DoesNotExist:
        raise Http404 from None


def _candidates(request: AuthenticatedHttpRequest, person: Person) -> list[dict[str, Any]]:
    if person.merged_into_id is not None:
        return []
    organisation_id = request.user.organisation_id
    assert organisation_id is not None
    found = person_candidates(
        record=person_record(person), organisation_id=organisation_id, limit=6
    )
    return [
        {
            "person": c.person,
            "address": address_of(c.person),
            "strength": c.score.strength.value,
            "strength_label": labels.strength_label(c.score.strength),
            "co_resident": c.score.co_resident,
            "evidence": shown_evidence(
                [
                    {"field": e.field, "level": e.level, "category": e.category.value}
                    for e in c.score.evidence
                ]
            ),
        }
        for c in found
        # Co-residents are the same household, not the same person (as at intake).
        if c.person.pk != person.pk and not c.score.co_resident
    ][:5]


def _person_page(
    request: AuthenticatedHttpRequest, person: Person, form: PersonMergeForm | None = None
) -> HttpResponse:
    candidates = _candidates(request, person)
    context = {
        "person": person,
        "address": address_of(person),
        "bsn": mask_bsn(person.bsn),
        "involvements": list(person.involvements.all()),
        "merges": list(merges_of_person(request.user, person)),
        "candidates": candidates,
        "form": form or PersonMergeForm(candidates=[c["person"] for c in candidates]),
    }
    access_record(
        request=request,
        action=AccessAction.VIEW,
        person_ids=(person.pk,),
        household_ids=person.households.values_list("pk", flat=True),
        detail="person page",
    )
    if candidates:
        access_record(
            request=request,
            action=AccessAction.RADAR_LOOKUP,
            person_ids=[c["person"].pk for c in candidates],
            detail=f"possible duplicates of person {person.pk}",
        )
    return render(
        request, "linkage/person_detail.html", context, status=200 if form is None else 422
    )


@vt_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, _person(request, pk))


@vt_required
def person_merge_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if request.method != "POST":
        return _person_page(request, person)
    candidates = [c["person"] for c in _candidates(request, person)]
    form = PersonMergeForm(request.POST, candidates=candidates)
    if form.is_valid():
        merge = call_service(
            form,
            person_merge,
            survivor=person,
            merged=form.cleaned_data["merged"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if merge is not None:
            messages.success(
                request,
                _("%(merged)s was merged into %(kept)s.")
                % {"merged": merge.merged.full_name, "kept": merge.survivor.full_name},
            )
            return redirect("linkage:person", pk=person.pk)
    return _person_page(request, person, form)
