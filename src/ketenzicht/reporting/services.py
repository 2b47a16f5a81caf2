"""Writes of the steering figures: rebuilding the facts and their pre-aggregated counts.

Why a rebuild and not an update from each casework service: the facts of a report change when
*other* data changes (a later merge of two persons makes an old report a repeat report; a case
closed or reopened changes "during open involvement" for every later report about the family;
retention destroys files), and casework sits below reporting in the layering, so it cannot call
in here. A rebuild derives every fact from the normalised tables in one pass, the same way each
time; it runs from ``manage.py reporting_refresh`` (nightly, or after a data correction) and as a
django-tasks task. The dashboard says when its figures were made.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ketenzicht.casework.deadlines import local_date
from ketenzicht.casework.models import Case, RestrainingOrder
from ketenzicht.common.models import closing_days
from ketenzicht.intake.models import AdviceRequest, Report, ReportPerson
from ketenzicht.organisations.models import Municipality
from ketenzicht.reporting import facts as rules
from ketenzicht.reporting import halfyear
from ketenzicht.reporting.categories import (
    KIND_CODES,
    MAX_DAYS,
    half_of,
    kind_groups,
    reporter_group,
)
from ketenzicht.reporting.figures import Period, parse_period
from ketenzicht.reporting.models import (
    FigureCell,
    FigureRefresh,
    HalfYearReport,
    ReportFact,
    ReportStatus,
    WaitingPoint,
)
from ketenzicht.reporting.selectors import scope_for

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
BATCH = 5000
GROUP = ("region_id", "municipality_id", "year", "half")


def _kind_flags(kinds: Any) -> dict[str, bool]:
    groups = kind_groups(kinds if isinstance(kinds, list) else [])
    return {f"k_{code}": code in groups for code in KIND_CODES}


def _base(received_at: datetime) -> dict[str, Any]:
    day = local_date(received_at)
    return {"received_on": day, "year": day.year, "half": half_of(day.month)}


def _report_facts(now: datetime, progress: Progress | None) -> list[ReportFact]:
    closed = closing_days()
    people: dict[int, set[str]] = defaultdict(set)
    for report_id, person_id in ReportPerson.objects.values_list("report_id", "person_id"):
        people[report_id].add(f"p{person_id}")
    with_order = set(RestrainingOrder.objects.values_list("case__report_id", flat=True))
    reports = list(
        Report.objects.select_related("municipality", "organisation").only(
            "id",
            "received_at",
            "household_id",
            "kinds",
            "reporter_role",
            "municipality__region_id",
            "organisation__region_id",
        )
    )
    cases = {c.report_id: c for c in Case.objects.all()}
    keys = []
    for report in reports:
        case = cases.get(report.pk)
        keys.append(
            rules.ReportKeys(
                id=report.pk,
                received_at=report.received_at,
                keys=frozenset({f"h{report.household_id}"} | people[report.pk]),
                opened_at=case.opened_at if case else None,
                closed_at=case.closed_at if case else None,
            )
        )
    history = rules.history_flags(keys)
    result = []
    for done, report in enumerate(reports, 1):
        case = cases.get(report.pk)
        municipality = report.municipality
        fact = ReportFact(
            is_advice=False,
            source_id=report.pk,
            region_id=municipality.region_id if municipality else report.organisation.region_id,
            municipality_id=report.municipality_id,
            reporter_group=reporter_group(report.reporter_role),
            from_police=report.reporter_role == "police",
            repeat_12m=history[report.pk][0],
            during_open=history[report.pk][1],
            restraining_order=report.pk in with_order,
            **_base(report.received_at),
            **_kind_flags(report.kinds),
        )
        if case is not None:
            fact.state = case.state
            fact.decision = case.decision or ""
            fact.assessment_in_term = rules.in_term(case.assessed_at, case.assessment_due_at, now)
            if case.assessed_at is not None:
                fact.assessed_on = local_date(case.assessed_at)
                fact.assessment_days = min(
                    MAX_DAYS, rules.working_days(report.received_at, case.assessed_at, closed)
                )
            fact.vv_in_term = rules.in_term(case.vv_completed_at, case.vv_due_at, now)
            fact.vv_days = _capped(rules.calendar_days(case.assessed_at, case.vv_completed_at))
            fact.investigation_in_term = rules.in_term(
                case.investigation_concluded_at, case.investigation_due_at, now
            )
            fact.investigation_days = _capped(
                rules.calendar_days(case.assessed_at, case.investigation_concluded_at)
            )
            fact.investigation_outcome = case.investigation_outcome or ""
        result.append(fact)
        if progress and done % BATCH == 0:
            progress(done, len(reports))
    return result


def _capped(days: int | None) -> int | None:
    return None if days is None else min(MAX_DAYS, days)


def _advice_facts() -> list[ReportFact]:
    result = []
    for advice in AdviceRequest.objects.select_related("municipality", "organisation"):
        municipality = advice.municipality
        result.append(
            ReportFact(
                is_advice=True,
                source_id=advice.pk,
                region_id=municipality.region_id if municipality else advice.organisation.region_id,
                municipality_id=advice.municipality_id,
                reporter_group=reporter_group(advice.reporter_role),
                from_police=advice.reporter_role == "police",
                **_base(advice.received_at),
                **_kind_flags(advice.kinds),
            )
        )
    return result


def facts_rebuild(*, now: datetime | None = None, progress: Progress | None = None) -> int:
    """Derive every fact again from intake and casework, then the counts; returns the facts."""
    started = time.monotonic()
    now = now or timezone.now()
    facts = _report_facts(now, progress) + _advice_facts()
    with transaction.atomic():
        ReportFact.objects.all().delete()
        ReportFact.objects.bulk_create(facts, batch_size=BATCH)
        cells_rebuild()
        FigureRefresh.objects.create(
            finished_at=timezone.now(), facts=len(facts), seconds=time.monotonic() - started
        )
    if progress:
        progress(len(facts), len(facts))
    return len(facts)


def _flag_aggregates() -> dict[str, Any]:
    reports = Q(is_advice=False)
    measures: dict[str, Any] = {
        "advice": Count("pk", filter=Q(is_advice=True)),
        "reports": Count("pk", filter=reports),
        "police": Count("pk", filter=reports & Q(from_police=True)),
        "repeat": Count("pk", filter=reports & Q(repeat_12m=True)),
        "during_open": Count("pk", filter=reports & Q(during_open=True)),
        "restraining": Count("pk", filter=reports & Q(restraining_order=True)),
    }
    for code in KIND_CODES:
        measures[f"kind:{code}"] = Count("pk", filter=reports & Q(**{f"k_{code}": True}))
        measures[f"kind_advice:{code}"] = Count(
            "pk", filter=Q(is_advice=True) & Q(**{f"k_{code}": True})
        )
    for step in ("assessment", "vv", "investigation"):
        measures[f"{step}_due"] = Count("pk", filter=Q(**{f"{step}_in_term__isnull": False}))
        measures[f"{step}_in_term"] = Count("pk", filter=Q(**{f"{step}_in_term": True}))
    return measures


def cells_rebuild() -> int:
    """Pre-aggregate the facts into additive counts per municipality and half-year."""
    cells: list[FigureCell] = []

    def add(row: dict[str, Any], measure: str, value: int) -> None:
        if value:
            cells.append(FigureCell(**{k: row[k] for k in GROUP}, measure=measure, value=value))

    measures = _flag_aggregates()
    for row in ReportFact.objects.values(*GROUP).order_by().annotate(**measures):
        for measure in measures:
            add(row, measure, row[measure])
    grouped = [
        ("reporter", "reporter_group", Q(is_advice=False)),
        ("reporter_advice", "reporter_group", Q(is_advice=True)),
        ("decision", "decision", Q(is_advice=False) & ~Q(decision="")),
        ("outcome", "investigation_outcome", ~Q(investigation_outcome="")),
        ("assessment_days", "assessment_days", Q(assessment_days__isnull=False)),
        ("vv_days", "vv_days", Q(vv_days__isnull=False)),
        ("investigation_days", "investigation_days", Q(investigation_days__isnull=False)),
    ]
    for prefix, field, where in grouped:
        query = ReportFact.objects.filter(where).values(*GROUP, field).order_by()
        for row in query.annotate(n=Count("pk")):
            add(row, f"{prefix}:{row[field]}", row["n"])
    # The cases per state at the refresh, over every year: one "now" cell per municipality
    # (year 0, half 0), so the dashboard's status table never scans the case files.
    states = ReportFact.objects.filter(is_advice=False).exclude(state="")
    for row in states.values("region_id", "municipality_id", "state").annotate(n=Count("pk")):
        add({**row, "year": 0, "half": 0}, f"state:{row['state']}", row["n"])
    FigureCell.objects.all().delete()
    FigureCell.objects.bulk_create(cells, batch_size=BATCH)
    waiting_rebuild()
    return len(cells)


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def waiting_rebuild() -> int:
    """The waiting list (reports received, not yet assessed) at each month end.

    Arrivals per month of receipt minus departures per month of assessment, summed up: two
    grouped queries, however many facts there are.
    """
    scope = ("region_id", "municipality_id")
    flow: dict[tuple[Any, Any], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    reports = ReportFact.objects.filter(is_advice=False).order_by()
    arrivals = reports.annotate(m=TruncMonth("received_on")).values(*scope, "m")
    for row in arrivals.annotate(n=Count("pk")):
        flow[(row["region_id"], row["municipality_id"])][_as_date(row["m"])] += row["n"]
    departures = (
        reports.filter(assessed_on__isnull=False)
        .annotate(m=TruncMonth("assessed_on"))
        .values(*scope, "m")
    )
    for row in departures.annotate(n=Count("pk")):
        flow[(row["region_id"], row["municipality_id"])][_as_date(row["m"])] -= row["n"]
    points = []
    for (region_id, municipality_id), months in flow.items():
        level = 0
        for month in sorted(months):
            level += months[month]
            points.append(
                WaitingPoint(
                    region_id=region_id,
                    municipality_id=municipality_id,
                    on=_month_end(month),
                    value=max(0, level),
                )
            )
    WaitingPoint.objects.all().delete()
    WaitingPoint.objects.bulk_create(points, batch_size=BATCH)
    return len(points)


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


# --- the half-year report (PDF) as a background job -------------------------------------------


def halfyear_report_request(
    *, user: Any, municipality: Any | None, period: str, language: str = "nl"
) -> HalfYearReport:
    """Queue the half-year report of ``municipality`` (None: the whole region) for ``period``
    ("2026-H1") and hand it to the task backend; returns the job.

    The scope is the policy officer's (``selectors.scope_for``): their own municipality, and the
    region and its other municipalities only from the centre municipality (PermissionDenied
    otherwise). A period that is no half-year, or one that has not begun, is a ValidationError
    and nothing is created.
    """
    from ketenzicht.reporting.tasks import halfyear_report_task

    scope = scope_for(user)
    if scope is None:
        raise PermissionDenied
    if municipality is None:
        if not scope.region_allowed:
            raise PermissionDenied
        members = scope.municipalities
    else:
        if municipality.pk not in {m.pk for m in scope.municipalities}:
            raise PermissionDenied
        members = [municipality]
    chosen = _half_year(period)
    with transaction.atomic():
        job = HalfYearReport.objects.create(
            requested_by=user,
            requested_at=timezone.now(),
            region=scope.region,
            municipality=municipality,
            year=chosen[0],
            half=chosen[1],
            language=language,
            steps_total=halfyear.steps(len(members), municipality is None),
        )
    # After the commit, so a worker in another process finds the job. The immediate backend
    # (the default) builds it here and now; a database backend hands it to a worker.
    halfyear_report_task.enqueue(report_id=job.pk)
    job.refresh_from_db(fields=["status", "steps_done", "steps_total", "pages", "finished_at"])
    return job


def _half_year(text: str) -> Period:
    period = parse_period(text)
    if period is None or period[1] == 0:
        raise ValidationError(
            {"periode": _("Choose a half-year, such as 2026-H1 (January to June).")},
            code="period",
        )
    today = timezone.localdate()
    if period > (today.year, half_of(today.month)):
        raise ValidationError(
            {"periode": _("The half-year %(period)s has not begun yet.") % {"period": text}},
            code="future",
        )
    if period[0] < 2000:
        raise ValidationError({"periode": _("There are no figures for that half-year.")})
    return period


def halfyear_report_build(*, report_id: int) -> HalfYearReport:
    """Build the PDF of a queued job, telling its progress after each municipality.

    Each progress update is its own small write, so the job page sees it while the build runs.
    A failure marks the job failed with the error (for the administrator; the page says only
    that it failed). A job that is no longer queued is left alone (a retried task).
    """
    job = HalfYearReport.objects.select_related("region", "municipality", "requested_by").get(
        pk=report_id
    )
    claimed = HalfYearReport.objects.filter(pk=job.pk, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return job
    if job.municipality is None:
        members = list(Municipality.objects.filter(region=job.region).order_by("name"))
    else:
        members = [job.municipality]

    def progress(done: int, total: int) -> None:
        HalfYearReport.objects.filter(pk=job.pk).update(steps_done=done, steps_total=total)

    try:
        with translation.override(job.language):
            data, pages = halfyear.report_pdf(
                region=job.region,
                municipalities=members,
                whole_region=job.municipality is None,
                period=(job.year, job.half),
                made_at=timezone.localtime(),
                requested_by=job.requested_by.get_full_name(),
                progress=progress,
            )
    except Exception as exc:  # any failure is the job's outcome, its error kept for support
        logger.exception("half-year report %s failed", job.pk)
        HalfYearReport.objects.filter(pk=job.pk).update(
            status=ReportStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    else:
        HalfYearReport.objects.filter(pk=job.pk).update(
            status=ReportStatus.DONE,
            pdf=data,
            pages=pages,
            steps_done=F("steps_total"),
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
