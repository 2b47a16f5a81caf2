"""Writes of the retention domain: destroying a case file, the retention run, erasure requests,
and break-glass access for administrators.

``case_destroy`` is the one path by which a case file leaves the system, whether its retention
term ended (``retention_run``) or an erasure request was granted (``erasure_request_decide``).
Each destruction is one transaction: the rows go, the tombstone and the access-log entry are
written, or nothing happens at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.audit.models import AccessAction
from ketenzicht.audit.services import access_record
from ketenzicht.casework.models import (
    BreakGlassGrant,
    Case,
    CaseEvent,
    Handover,
    MonitoringCheck,
    RestrainingOrder,
    SafetyAssessment,
    Task,
)
from ketenzicht.casework.selectors import REFERENCE_RE
from ketenzicht.casework.states import State
from ketenzicht.common.validation import raise_if, require
from ketenzicht.intake.models import Household, Person, Report, ReportPerson
from ketenzicht.linkage.models import MergeProposal, PersonMerge
from ketenzicht.organisations.models import Role, User
from ketenzicht.retention import terms
from ketenzicht.retention.models import (
    ErasureRequest,
    FileKind,
    LegalBasis,
    RequesterRelation,
    RequestStatus,
    RetentionRun,
    Tombstone,
)
from ketenzicht.retention.selectors import cases_due_for_destruction, destruction_plan

BREAK_GLASS_REASON_MIN_LENGTH = 20


def retention_years() -> int:
    years = int(settings.KZ_RETENTION_YEARS)
    if years < 1:
        raise ValidationError("KZ_RETENTION_YEARS must be at least 1.")
    return years


def break_glass_minutes() -> int:
    minutes = int(settings.KZ_BREAK_GLASS_MINUTES)
    if minutes < 1:
        raise ValidationError("KZ_BREAK_GLASS_MINUTES must be at least 1.")
    return minutes


# --- destroying one case file ---------------------------------------------------------------


def _clear_erasure_requests(case: Case, *, keep: ErasureRequest | None) -> None:
    """Requests about a file that goes keep their dates and decision, not their names or text."""
    for item in ErasureRequest.objects.select_for_update().filter(case=case):
        if keep is not None and item.pk == keep.pk:
            continue
        if item.status == RequestStatus.OPEN:
            item.status = RequestStatus.LAPSED
        item.requester_name = ""
        item.note = ""
        item.other_interest_reason = ""
        item.decision_reason = ""
        item.person = None
        item.case = None
        item.save(
            update_fields=[
                "status",
                "requester_name",
                "note",
                "other_interest_reason",
                "decision_reason",
                "person",
                "case",
            ]
        )


@transaction.atomic
def case_destroy(
    *,
    case: Case,
    legal_basis: str,
    actor: User | None,
    now: datetime | None = None,
    run: RetentionRun | None = None,
    erasure_request: ErasureRequest | None = None,
    request: HttpRequest | None = None,
) -> Tombstone:
    """Destroy a closed case file and leave its tombstone.

    Goes: the case, its report and people-involved rows, events, assessments, handovers,
    monitoring checks, tasks and restraining orders; every person and household that no other
    file refers to (see ``selectors.destruction_plan``), with their linkage keys, merge
    proposals and merge history. Stays: persons and households of other files, the advice
    request a report came from (it holds no family data), the access log (ids only), and a
    :class:`Tombstone` without names, BSN or free text.
    """
    if legal_basis not in LegalBasis.values:
        raise ValidationError("Unknown legal basis for a destruction.")
    now = now or timezone.now()
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("report__municipality", "organisation__region")
        .get(pk=case.pk)
    )
    if case.is_open or case.state != State.CLOSED or case.closed_at is None:
        raise ValidationError(_("Only a closed case file can be destroyed."))
    report = case.report
    plan = destruction_plan(case)
    tombstone = Tombstone(
        reference=case.reference,
        report_reference=report.reference,
        kind=FileKind.CASE,
        organisation=case.organisation,
        region_code=case.organisation.region.code,
        municipality_code=report.municipality.code,
        received_on=timezone.localdate(report.received_at),
        closed_on=timezone.localdate(case.closed_at),
        destroyed_at=now,
        legal_basis=legal_basis,
        run=run,
        counts=plan.counts,
    )
    case_id, report_id = case.pk, report.pk

    _clear_erasure_requests(case, keep=erasure_request)
    MonitoringCheck.objects.filter(case_id=case_id).delete()
    Task.objects.filter(case_id=case_id).delete()
    Handover.objects.filter(case_id=case_id).delete()
    SafetyAssessment.objects.filter(case_id=case_id).delete()
    RestrainingOrder.objects.filter(case_id=case_id).delete()
    CaseEvent.objects.filter(case_id=case_id).purge()
    Case.objects.filter(pk=case_id).delete()  # break-glass grants keep the reference (SET_NULL)
    ReportPerson.objects.filter(report_id=report_id).delete()
    Report.objects.filter(pk=report_id).delete()

    persons = plan.person_ids
    PersonMerge.objects.filter(pk__in=plan.merge_ids).delete()
    PersonMerge.objects.filter(proposal_id__in=plan.proposal_ids).update(proposal=None)
    MergeProposal.objects.filter(pk__in=plan.proposal_ids).delete()  # members, pairs cascade
    Person.objects.filter(pk__in=persons, merged_into__isnull=False).update(merged_into=None)
    Person.objects.filter(pk__in=persons).delete()  # linkage keys, household links cascade
    Household.objects.filter(pk__in=plan.household_ids).delete()

    tombstone.save()
    basis = "retention term" if legal_basis == LegalBasis.RETENTION_TERM else "erasure request"
    access_record(
        request=request,
        action=AccessAction.DESTROY,
        user=actor,
        case_ids=(case_id,),
        person_ids=tuple(sorted(persons)),
        household_ids=tuple(sorted(plan.household_ids)),
        detail=f"case file {tombstone.reference} destroyed ({basis})",
    )
    return tombstone


# --- the retention run ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunItem:
    reference: str
    municipality_code: str
    closed_on: date
    counts: dict[str, int]
    error: str = ""


@dataclass
class RunResult:
    cutoff: datetime
    years: int
    dry_run: bool
    run: RetentionRun | None = None
    items: list[RunItem] = field(default_factory=list)

    @property
    def destroyed(self) -> list[RunItem]:
        return [item for item in self.items if not item.error]

    @property
    def failed(self) -> list[RunItem]:
        return [item for item in self.items if item.error]

    def totals(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for item in self.destroyed:
            for key, value in item.counts.items():
                total[key] = total.get(key, 0) + value
        return total


Progress = Callable[[Iterable[Case], int], Iterable[Case]]


def retention_run(
    *,
    now: datetime | None = None,
    years: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Destroy every closed file whose retention term has ended, one transaction per file.

    A dry run only reports what would go and writes nothing. A file that cannot be destroyed
    (another record still refers to it) is rolled back, reported and left for the next run.
    """
    now = now or timezone.now()
    years = retention_years() if years is None else years
    cutoff = terms.retention_cutoff(now, years)
    result = RunResult(cutoff=cutoff, years=years, dry_run=dry_run)
    due = list(cases_due_for_destruction(cutoff).select_related("report__municipality"))
    if not dry_run:
        result.run = RetentionRun.objects.create(started_at=now, years=years, cutoff=cutoff)
    items: Iterable[Case] = progress(due, len(due)) if progress else due
    for case in items:
        assert case.closed_at is not None  # cases_due_for_destruction: closed files only
        base = RunItem(
            reference=case.reference,
            municipality_code=case.report.municipality.code,
            closed_on=timezone.localdate(case.closed_at),
            counts={},
        )
        if dry_run:
            result.items.append(replace(base, counts=destruction_plan(case).counts))
            continue
        try:
            tombstone = case_destroy(
                case=case,
                legal_basis=LegalBasis.RETENTION_TERM,
                actor=None,
                now=now,
                run=result.run,
            )
        except (ProtectedError, ValidationError) as exc:
            error = type(exc).__name__
            if isinstance(exc, ProtectedError):
                names = sorted({type(obj).__name__ for obj in exc.protected_objects})
                error = f"still referred to by {', '.join(names)}"
            result.items.append(replace(base, error=error))
            continue
        result.items.append(replace(base, counts=tombstone.counts))
    if result.run is not None:
        run = result.run
        run.finished_at = timezone.now()
        run.destroyed = len(result.destroyed)
        run.failed = len(result.failed)
        run.failures = [{"reference": i.reference, "error": i.error} for i in result.failed]
        run.counts = result.totals()
        run.save(update_fields=["finished_at", "destroyed", "failed", "failures", "counts"])
    return result


# --- erasure requests (vernietigingsverzoek) -------------------------------------------------


def _require_vt_of(actor: User, organisation_id: int) -> None:
    if not actor.is_vt or actor.organisation_id != organisation_id:
        raise ValidationError(_("Only staff of the Veilig Thuis handling the case may do this."))


def _case_person_ids(case: Case) -> set[int]:
    ids = set(
        ReportPerson.objects.filter(report_id=case.report_id).values_list("person_id", flat=True)
    )
    return ids


@transaction.atomic
def erasure_request_register(
    *,
    case: Case,
    person: Person | None,
    requester_relation: str,
    requester_name: str = "",
    received_on: date | None,
    note: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> ErasureRequest:
    """Register a request to destroy a case file, made by or on behalf of a person in it."""
    case = Case.objects.select_for_update(of=("self",)).select_related("report").get(pk=case.pk)
    _require_vt_of(actor, case.organisation_id)
    errors: dict[str, list[str]] = {}
    require(
        person is not None and person.pk in _case_person_ids(case),
        "person",
        _("Choose a person involved in this case."),
        errors,
    )
    require(
        requester_relation in RequesterRelation.values,
        "requester_relation",
        _("Choose who asked."),
        errors,
    )
    require(
        requester_relation == RequesterRelation.SELF or bool(requester_name.strip()),
        "requester_name",
        _("Give the name of whoever asked on the person's behalf."),
        errors,
    )
    today = timezone.localdate()
    if received_on is None:
        require(False, "received_on", _("Give the date the request was received."), errors)
    else:
        require(
            received_on <= today, "received_on", _("The date cannot lie in the future."), errors
        )
        require(
            received_on >= timezone.localdate(case.report.received_at),
            "received_on",
            _("The date cannot lie before the report was received."),
            errors,
        )
    if (
        person is not None
        and ErasureRequest.objects.filter(
            case=case, person=person, status=RequestStatus.OPEN
        ).exists()
    ):
        require(False, "person", _("An open request about this person and case exists."), errors)
    raise_if(errors)
    assert received_on is not None and person is not None
    now = timezone.now()
    item = ErasureRequest.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        case_reference=case.reference,
        person=person,
        requester_relation=requester_relation,
        requester_name=requester_name.strip(),
        received_on=received_on,
        due_on=terms.decision_due(received_on),
        note=note.strip(),
        registered_by=actor,
        registered_at=now,
    )
    CaseEvent.objects.create(
        case=case,
        kind="erasure_request_registered",
        actor=actor,
        at=now,
        data={"erasure_request": item.pk, "due_on": item.due_on.isoformat()},
    )
    access_record(
        request=request,
        action=AccessAction.EDIT,
        user=actor,
        case_ids=(case.pk,),
        person_ids=(person.pk,),
        detail=f"erasure request {item.reference} registered",
    )
    return item


@transaction.atomic
def erasure_request_decide(
    *,
    erasure_request: ErasureRequest,
    actor: User,
    grant: bool,
    other_interest: bool | None,
    other_interest_reason: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> ErasureRequest:
    """A team lead who did not register the request grants it (the file is destroyed) or
    refuses it, after recording whether someone else's substantial interest opposes destruction.
    """
    item = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
    _require_vt_of(actor, item.organisation_id)
    if not item.is_open:
        raise ValidationError(_("This request has already been decided."))
    if not actor.is_team_lead:
        raise ValidationError(_("A team lead decides on an erasure request."))
    if actor.pk == item.registered_by_id:
        raise ValidationError(
            _("A team lead who did not register the request decides on it (four-eyes).")
        )
    errors: dict[str, list[str]] = {}
    require(
        other_interest is not None,
        "other_interest",
        _("Say whether a substantial interest of someone else opposes destruction."),
        errors,
    )
    require(
        bool(other_interest_reason.strip()),
        "other_interest_reason",
        _("Explain how the interests of others (for instance a child's) were weighed."),
        errors,
    )
    if grant and other_interest:
        require(
            False,
            "other_interest",
            _(
                "The file cannot be destroyed while a substantial interest of someone else "
                "opposes it: refuse the request and give the reason."
            ),
            errors,
        )
    if not grant:
        require(bool(reason.strip()), "reason", _("Give the reason for the refusal."), errors)
    raise_if(errors)
    now = timezone.now()
    if not grant:
        item.status = RequestStatus.REFUSED
        item.decided_by, item.decided_at = actor, now
        item.other_interest = bool(other_interest)
        item.other_interest_reason = other_interest_reason.strip()
        item.decision_reason = reason.strip()
        item.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "other_interest",
                "other_interest_reason",
                "decision_reason",
            ]
        )
        if item.case_id is not None:
            CaseEvent.objects.create(
                case_id=item.case_id,
                kind="erasure_request_refused",
                actor=actor,
                at=now,
                reason=item.decision_reason,
                data={"erasure_request": item.pk},
            )
        access_record(
            request=request,
            action=AccessAction.EDIT,
            user=actor,
            case_ids=(item.case_id,) if item.case_id else (),
            person_ids=(item.person_id,) if item.person_id else (),
            detail=f"erasure request {item.reference} refused",
        )
        return item
    if item.case is None:
        raise ValidationError(_("The file of this request no longer exists."))
    tombstone = case_destroy(
        case=item.case,
        legal_basis=LegalBasis.ERASURE_REQUEST,
        actor=actor,
        now=now,
        erasure_request=item,
        request=request,
    )
    item.status = RequestStatus.GRANTED
    item.decided_by, item.decided_at = actor, now
    item.other_interest = False
    item.tombstone = tombstone
    # What stays of a granted request: its dates, who decided, and the tombstone.
    item.case = None
    item.person = None
    item.requester_name = item.note = item.other_interest_reason = item.decision_reason = ""
    item.save()
    return item


# --- break-glass access for administrators ---------------------------------------------------


def case_by_any_reference(reference: str) -> Case | None:
    """Any case by case (Z…) or report (M…) number: only for opening a break-glass grant."""
    match = REFERENCE_RE.match(reference or "")
    if match is None:
        return None
    letter, number = match.group(1).upper(), int(match.group(2))
    lookup = {"pk": number} if letter == "Z" else {"report_id": number}
    return Case.objects.filter(**lookup).select_related("organisation").first()


@transaction.atomic
def breakglass_open(
    *,
    user: User,
    case_reference: str,
    reason: str,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> BreakGlassGrant:
    """Give an administrator read access to one case page for a limited time, with a reason.

    The grant is logged (``BREAK_GLASS``) and shows on the privacy officer's report.
    """
    if not user.is_authenticated or user.role != Role.ADMINISTRATOR or not user.is_active:
        raise ValidationError(_("Only an administrator can use break-glass access."))
    errors: dict[str, list[str]] = {}
    reason = " ".join(reason.split())
    require(
        len(reason) >= BREAK_GLASS_REASON_MIN_LENGTH,
        "reason",
        _("Explain why you need access, in at least %(n)d characters.")
        % {"n": BREAK_GLASS_REASON_MIN_LENGTH},
        errors,
    )
    case = case_by_any_reference(case_reference)
    require(
        case is not None,
        "case_reference",
        _("No case with this number. Use a case number (Z…) or report number (M…)."),
        errors,
    )
    raise_if(errors)
    assert case is not None
    now = now or timezone.now()
    minutes = break_glass_minutes()
    grant = BreakGlassGrant.objects.create(
        user=user,
        case=case,
        case_reference=case.reference,
        organisation_id=case.organisation_id,
        reason=reason,
        opened_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    access_record(
        request=request,
        action=AccessAction.BREAK_GLASS,
        user=user,
        case_ids=(case.pk,),
        detail=f"break-glass access opened for {minutes} minutes",
    )
    return grant
