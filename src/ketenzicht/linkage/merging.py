"""Merging two person records found to be one person, and undoing that exactly.

``person_merge(survivor=A, merged=B, ...)`` moves every link row that points at B to A: the
involvements in reports (``ReportPerson``), the household memberships (the ``Person.households``
table) and every other foreign key to ``intake.Person`` in the project (restraining orders,
erasure requests, ...).
The links are found from the app registry (:func:`person_links`), not listed by hand, so a new
foreign key to ``Person`` in any app is moved too -- without the linkage app importing the apps
above it. B keeps its own data and is marked ``merged_into=A``; its blocking keys go, so it is no
longer a candidate at intake nor in the store deduplication; A is re-indexed.

The :class:`~ketenzicht.linkage.models.PersonMerge` row records who, when, why and the ids of the
moved rows per foreign key. ``person_unmerge`` moves exactly those rows back, clears
``merged_into`` and records who undid it, when and why. Links made to A after the merge stay
with A. A merge whose kept record was merged on into another record is undone after that one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.common.validation import raise_if, require
from ketenzicht.intake.models import Person, Report, ReportPerson
from ketenzicht.intake.services import validate_vt_actor
from ketenzicht.linkage.models import MergeProposal, PersonKey, PersonMerge
from ketenzicht.linkage.services import person_index
from ketenzicht.organisations.models import Organisation, User

#: Apps whose foreign keys to Person are bookkeeping about persons, not links of a person: the
#: linkage app's own keys, merges and proposals.
BOOKKEEPING_APPS = frozenset({"linkage"})
REPORT_LINK = "intake.ReportPerson.person"
HOUSEHOLD_LINK = "intake.Person_households.person"


@dataclass(frozen=True)
class PersonLink:
    """One foreign key to ``Person`` whose rows are a person's links."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    def rows(self, person_id: int) -> models.QuerySet[Any]:
        return self.model._base_manager.filter(**{self.field.attname: person_id})

    def unique_partners(self) -> list[tuple[str, ...]]:
        """For each uniqueness rule that includes this field: the other fields of that rule
        (an empty tuple when the field is unique by itself)."""
        opts = self.model._meta
        name = self.field.name
        partners: list[tuple[str, ...]] = []
        if self.field.unique:
            partners.append(())
        for together in opts.unique_together:
            if name in together:
                partners.append(tuple(f for f in together if f != name))
        for constraint in opts.total_unique_constraints:
            if name in constraint.fields:
                partners.append(tuple(f for f in constraint.fields if f != name))
        return partners


@cache
def person_links() -> tuple[PersonLink, ...]:
    """Every foreign key to ``Person`` outside :data:`BOOKKEEPING_APPS` (M2M tables included),
    except ``Person.merged_into`` itself, in a fixed order."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.app_label in BOOKKEEPING_APPS or opts.proxy or not opts.managed:
            continue
        for field in opts.local_concrete_fields:
            if not isinstance(field, models.ForeignKey) or field.related_model is not Person:
                continue
            if model is Person and field.name == "merged_into":
                continue
            found.append(PersonLink(model, field))
    return tuple(sorted(found, key=lambda link: link.key))


def _links_by_key() -> dict[str, PersonLink]:
    return {link.key: link for link in person_links()}


def _collision_message(link: PersonLink, shared: set[tuple[Any, ...]]) -> str:
    if link.key == REPORT_LINK:
        references = sorted(
            r.reference for r in Report.objects.filter(pk__in=[values[0] for values in shared])
        )
        return _(
            "Both records are named in the same report (%(reports)s); a report names each person "
            "once, so they cannot be merged."
        ) % {"reports": ", ".join(references)}
    if link.key == HOUSEHOLD_LINK:
        return _("Both records belong to the same household, so they cannot be merged.")
    return _("Both records are linked to the same %(what)s, so they cannot be merged.") % {
        "what": link.model._meta.verbose_name
    }


def _collisions(moving: dict[str, models.QuerySet[Any]], target_id: int) -> list[str]:
    """The message of the first uniqueness rule the ``moving`` rows would break if they pointed
    at ``target_id``, reports first (a report naming both persons also puts both in its
    household: one message says it)."""
    by_key = _links_by_key()
    for key in sorted(moving, key=lambda k: (k != REPORT_LINK, k)):
        rows = moving[key]
        link = by_key[key]
        for others in link.unique_partners():
            if not others:
                shared: set[tuple[Any, ...]] = (
                    {()} if rows.exists() and link.rows(target_id).exists() else set()
                )
            else:
                theirs = set(rows.values_list(*others))
                shared = (
                    theirs & set(link.rows(target_id).values_list(*others)) if theirs else set()
                )
            if shared:
                return [_collision_message(link, shared)]
    return []


def _lock_persons(*ids: int) -> dict[int, Person]:
    return {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    }


def _known_only_to(organisation: Organisation, persons: Iterable[Person]) -> list[str]:
    """Need-to-know: each person must be known to ``organisation`` through its reports, and to
    no other organisation (a merge must not change what another organisation sees)."""
    persons = list(persons)
    known: dict[int, set[int]] = {p.pk: set() for p in persons}
    for person_id, organisation_id in (
        ReportPerson.objects.filter(person_id__in=known)
        .values_list("person_id", "report__organisation_id")
        .distinct()
    ):
        known[person_id].add(organisation_id)
    return [
        _(
            "%(name)s is not known to this Veilig Thuis organisation alone, through its own "
            "reports; only such records can be merged here."
        )
        % {"name": person.full_name}
        for person in persons
        if known[person.pk] != {organisation.pk}
    ]


def _actor_organisation(by: User) -> Organisation:
    organisation = by.organisation
    if organisation is None:
        raise ValidationError(_("Only staff of this Veilig Thuis organisation may do this."))
    validate_vt_actor(by, organisation)
    return organisation


@transaction.atomic
def person_merge(
    *,
    survivor: Person,
    merged: Person,
    by: User,
    reason: str,
    proposal: MergeProposal | None = None,
) -> PersonMerge:
    """Merge ``merged`` into ``survivor`` (see the module docstring); returns the history row.

    Refused, with nothing changed: without a reason, by someone who is not Veilig Thuis staff,
    for one record with itself, for a record that was already merged, for records not known to
    the actor's organisation alone, and when both records are named in one report (or are
    otherwise linked to one and the same row that allows each person once).
    """
    organisation = _actor_organisation(by)
    if proposal is not None and proposal.organisation_id != organisation.pk:
        raise ValidationError(_("Only staff of this Veilig Thuis organisation may do this."))
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    require(bool(reason), "reason", _("Give the reason for this decision."), errors)
    if survivor.pk == merged.pk:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("A record cannot be merged with itself; choose two different records.")
        )
        raise_if(errors)
    locked = _lock_persons(survivor.pk, merged.pk)
    if len(locked) != 2:
        raise ValidationError(_("One of these records no longer exists."))
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    problems = [
        _("%(name)s was already merged into another record.") % {"name": p.full_name}
        for p in (survivor, merged)
        if p.merged_into_id is not None
    ]
    if not problems:
        problems = _known_only_to(organisation, (survivor, merged))
    if not problems:
        moving = {link.key: link.rows(merged.pk) for link in person_links()}
        problems = _collisions(moving, survivor.pk)
    if problems:
        errors.setdefault(NON_FIELD_ERRORS, []).extend(problems)
    raise_if(errors)

    moved: dict[str, list[int]] = {}
    for link in person_links():
        ids = list(link.rows(merged.pk).order_by("pk").values_list("pk", flat=True))
        if ids:
            link.model._base_manager.filter(pk__in=ids).update(**{link.field.attname: survivor.pk})
            moved[link.key] = ids
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    PersonKey.objects.filter(person=merged).delete()
    person_index(person=survivor)
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=by,
        person_ids=(survivor.pk, merged.pk),
        detail="person_merge",
    )
    return PersonMerge.objects.create(
        organisation=organisation,
        survivor=survivor,
        merged=merged,
        proposal=proposal,
        reason=reason,
        merged_by=by,
        merged_at=timezone.now(),
        links=moved,
    )


@transaction.atomic
def person_unmerge(*, merge: PersonMerge, by: User, reason: str) -> PersonMerge:
    """Undo ``merge``: move exactly the rows it moved back to the merged record, clear
    ``merged_into``, re-index both records and record who undid it, when and why.

    Refused, with nothing changed: without a reason, by someone who is not staff of the
    merge's organisation, when it was undone before, when the kept record was merged on into
    another record since (undo that merge first), and when a moved row is gone or moved again.
    """
    merge = (
        PersonMerge.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=merge.pk)
    )
    validate_vt_actor(by, merge.organisation)
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    require(bool(reason), "reason", _("Give the reason for this decision."), errors)
    problems: list[str] = []
    if merge.undone_at is not None:
        problems.append(_("This merge was already undone."))
    else:
        locked = _lock_persons(merge.survivor_id, merge.merged_id)
        survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
        if survivor.merged_into_id is not None:
            problems.append(
                _(
                    "The kept record %(name)s was merged into another record afterwards; undo "
                    "that merge first."
                )
                % {"name": survivor.full_name}
            )
        elif merged.merged_into_id != survivor.pk:
            problems.append(_("The links of this merge changed since; it cannot be undone."))
        else:
            by_key = _links_by_key()
            moving: dict[str, models.QuerySet[Any]] = {}
            for key, ids in merge.links.items():
                link = by_key.get(key)
                rows = link.model._base_manager.filter(pk__in=ids) if link is not None else None
                if (
                    link is None
                    or rows is None
                    or rows.filter(**{link.field.attname: survivor.pk}).count() != len(ids)
                ):
                    problems.append(
                        _(
                            "Some links of this merge were changed or removed since; it cannot "
                            "be undone."
                        )
                    )
                    break
                moving[key] = rows
            else:
                problems = _collisions(moving, merged.pk)
    if problems:
        errors.setdefault(NON_FIELD_ERRORS, []).extend(problems)
    raise_if(errors)

    by_key = _links_by_key()
    for key, ids in merge.links.items():
        link = by_key[key]
        link.model._base_manager.filter(pk__in=ids).update(**{link.field.attname: merged.pk})
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.undo_reason = reason
    merge.save(update_fields=["undone_by", "undone_at", "undo_reason"])
    person_index(person=survivor)
    person_index(person=merged)
    access_record(
        request=None,
        action=AccessAction.EDIT,
        user=by,
        person_ids=(survivor.pk, merged.pk),
        detail="person_unmerge",
    )
    return merge
