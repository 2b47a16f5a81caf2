"""What the privacy officer's pages need from the other domains: find a person within the
organisation, the cases a person is in, the cases assigned to users, persons' names.

This module composes domains (intake, casework, linkage) for the audit pages; the rest of the
audit app imports only organisations and common (pyproject.toml, import contract). The officer
sees names, dates of birth and case numbers -- what it takes to answer "who looked at this
person" -- never what a case file says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from ketenzicht.casework.models import Case
from ketenzicht.common.crypto import bsn_index
from ketenzicht.common.identifiers import normalise_bsn
from ketenzicht.intake.models import Person, ReportPerson
from ketenzicht.linkage.models import PersonMerge
from ketenzicht.organisations.models import Role, User

MAX_FOUND = 50


def persons_for_officer(officer: User) -> QuerySet[Person]:
    """The persons known to the officer's organisation: those in its reports, and the records
    merged away by it (as ``linkage.selectors.persons_visible_to`` gives its workers)."""
    if officer.role != Role.PRIVACY_OFFICER or officer.organisation_id is None:
        return Person.objects.none()
    known = ReportPerson.objects.filter(
        person_id=OuterRef("pk"), report__organisation_id=officer.organisation_id
    )
    merged_here = PersonMerge.objects.filter(
        merged_id=OuterRef("pk"), organisation_id=officer.organisation_id
    )
    return Person.objects.filter(Exists(known) | Exists(merged_here))


def person_for_officer(officer: User, pk: int) -> Person | None:
    return persons_for_officer(officer).filter(pk=pk).first()


def find_persons(officer: User, *, query: str) -> list[Person]:
    """Persons by BSN (a valid one, through the blind index) or by name: every word of the
    query must occur in the first names, surname prefix or surname."""
    query = query.strip()
    persons = persons_for_officer(officer)
    bsn = normalise_bsn(query) if query.replace(" ", "").replace(".", "").isdigit() else ""
    if bsn:
        persons = persons.filter(bsn_index=bsn_index(bsn))
    else:
        words = query.split()[:5]
        if not words:
            return []
        for word in words:
            persons = persons.filter(
                Q(first_names__icontains=word)
                | Q(surname_prefix__iexact=word)
                | Q(surname__icontains=word)
            )
    return list(
        persons.select_related("municipality", "merged_into").order_by(
            "surname", "first_names", "pk"
        )[:MAX_FOUND]
    )


@dataclass(frozen=True)
class Footprint:
    """A person's records (the record itself and those merged into it) and their cases."""

    person_ids: tuple[int, ...]
    case_ids: tuple[int, ...]


def footprint(person: Person) -> Footprint:
    person_ids = {
        person.pk,
        *Person.objects.filter(merged_into=person).values_list("pk", flat=True),
    }
    case_ids = Case.objects.filter(
        report_id__in=ReportPerson.objects.filter(person_id__in=person_ids).values("report_id")
    ).values_list("pk", flat=True)
    return Footprint(tuple(sorted(person_ids)), tuple(sorted(case_ids)))


def assigned_cases(case_ids: Iterable[int]) -> dict[int, int | None]:
    """Each of these cases with the user it is assigned to now."""
    ids = list(set(case_ids))
    found: dict[int, int | None] = {}
    for start in range(0, len(ids), 900):  # SQLite's variable limit
        found.update(
            Case.objects.filter(pk__in=ids[start : start + 900]).values_list("pk", "assigned_to_id")
        )
    return found


def person_names(officer: User, person_ids: Iterable[int]) -> dict[int, str]:
    """Names of these persons, as far as they are known to the officer's organisation."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    return {
        p.pk: p.full_name
        for p in persons_for_officer(officer)
        .filter(pk__in=ids)
        .only("first_names", "surname_prefix", "surname")
    }
