"""Reads of the action programme, scoped to the reader's region, with their prefetches set.

:func:`programme_for` and :func:`action_for` return None outside the user's region (the view
answers 404). :func:`current_figures` gives the real current number of the steering figures an
action follows, through the same scope and disclosure gate as the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from ketenzicht.organisations.models import Municipality, User
from ketenzicht.programme import checks
from ketenzicht.programme.checks import ActionData, MilestoneData, NoteData
from ketenzicht.programme.labels import INDICATOR_LABELS
from ketenzicht.programme.models import (
    Action,
    ActionLine,
    Ambition,
    Decision,
    GovernanceBody,
    Meeting,
    Milestone,
    ProgrammePeriod,
    Project,
    ProjectContact,
)
from ketenzicht.programme.services import reader_region
from ketenzicht.programme.yamlformat import ActionDoc, AmbitionDoc, LineDoc, ProgrammeDoc
from ketenzicht.reporting import selectors as figures
from ketenzicht.reporting.disclosure import protect_count, protect_share
from ketenzicht.reporting.figures import UNKNOWN, Period


def programmes_for(user: User) -> QuerySet[ProgrammePeriod]:
    region = reader_region(user)
    if region is None:
        return ProgrammePeriod.objects.none()
    return ProgrammePeriod.objects.filter(region=region).select_related("region")


def programme_for(user: User, pk: int) -> ProgrammePeriod | None:
    return programmes_for(user).filter(pk=pk).first()


def _actions() -> QuerySet[Action]:
    return Action.objects.order_by("position").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
    )


def programme_tree(period: ProgrammePeriod) -> list[ActionLine]:
    """The lines in order, each with its ambitions and their actions (five queries)."""
    return list(
        period.lines.order_by("position").prefetch_related(
            Prefetch(
                "ambitions",
                queryset=Ambition.objects.order_by("position").prefetch_related(
                    Prefetch("actions", queryset=_actions())
                ),
            )
        )
    )


def all_actions(period: ProgrammePeriod) -> QuerySet[Action]:
    return (
        _actions()
        .filter(ambition__line__period=period)
        .select_related("ambition__line")
        .order_by("ambition__line__position", "ambition__position", "position")
    )


def action_for(user: User, pk: int) -> Action | None:
    region = reader_region(user)
    if region is None:
        return None
    return (
        _actions()
        .select_related("ambition__line__period__region")
        .prefetch_related("notes__author")
        .filter(pk=pk, ambition__line__period__region=region)
        .first()
    )


def overdue(action: Action, today: date) -> bool:
    """Past its end date, or a milestone past due and not done (prefetched milestones)."""
    due = [m.due_on for m in action.milestones.all() if m.done_on is None]
    return checks.is_overdue(
        status=action.status, ends_on=action.ends_on, open_due=due, today=today
    )


def attention(period: ProgrammePeriod, today: date) -> list[Action]:
    """Actions marked late or at risk, and open actions past their planning."""
    return [a for a in all_actions(period) if a.status in checks.ATTENTION or overdue(a, today)]


def local_actions(period: ProgrammePeriod, municipality: Municipality) -> list[Action]:
    """The actions that lie with ``municipality`` locally: named, or all municipalities."""
    return list(
        all_actions(period)
        .filter(
            Q(municipalities=municipality) | Q(all_municipalities=True),
            responsibility=checks.LOCAL,
        )
        .distinct()
    )


# --- export -----------------------------------------------------------------------------------


def action_data(action: Action, *, with_notes: bool = True) -> ActionData:
    """The action as the services and the file read it (municipalities by CBS code)."""
    return ActionData(
        title=action.title,
        lead_organisation=action.lead_organisation,
        description=action.description,
        starts_on=action.starts_on,
        ends_on=action.ends_on,
        milestones=[
            MilestoneData(title=m.title, due_on=m.due_on, done_on=m.done_on)
            for m in action.milestones.all()
        ],
        lead_name=action.lead_name,
        all_municipalities=action.all_municipalities,
        municipalities=[m.code for m in action.municipalities.all()],
        police=action.police,
        veilig_thuis=action.veilig_thuis,
        other_parties=action.other_parties,
        responsibility=action.responsibility,
        cost=action.cost,
        funding=action.funding,
        target=action.target,
        indicator=action.indicator,
        target_value=action.target_value,
        status=action.status,
        notes=(
            [
                NoteData(written_on=n.written_on, text=n.text, status=n.status)
                for n in sorted(action.notes.all(), key=lambda n: (n.written_on, n.pk))
            ]
            if with_notes
            else []
        ),
    )


def programme_doc(period: ProgrammePeriod) -> ProgrammeDoc:
    """The whole programme, notes included, for the YAML export."""
    lines = list(
        period.lines.order_by("position").prefetch_related(
            Prefetch(
                "ambitions",
                queryset=Ambition.objects.order_by("position").prefetch_related(
                    Prefetch("actions", queryset=_actions().prefetch_related("notes"))
                ),
            )
        )
    )
    return ProgrammeDoc(
        name=period.name,
        start_year=period.start_year,
        end_year=period.end_year,
        lines=[
            LineDoc(
                name=line.name,
                national=line.national,
                ambitions=[
                    AmbitionDoc(
                        title=amb.title,
                        description=amb.description,
                        actions=[ActionDoc(action_data(a)) for a in amb.actions.all()],
                    )
                    for amb in line.ambitions.all()
                ],
            )
            for line in lines
        ],
    )


# --- steering figures -------------------------------------------------------------------------

_SHARES = {
    "assessment": ("assessment_in_term", "assessment_due"),
    "investigation": ("investigation_in_term", "investigation_due"),
    "vv": ("vv_in_term", "vv_due"),
    "police": ("police", "reports"),
    "repeat": ("repeat", "reports"),
    "during_open": ("during_open", "reports"),
}


@dataclass(frozen=True)
class CurrentFigure:
    key: str
    label: str
    shown: str  # protected: rounded, or the suppression mark
    period: str  # "2026 H1", or the month end of the waiting list
    scope: str  # the region, or the policy officer's municipality


def current_figures(user: User, keys: set[str]) -> dict[str, CurrentFigure]:
    """The latest value of each steering figure in ``keys`` that ``user`` may see.

    Only policy officers see figures (as on the dashboard): the whole region when their
    municipality is the region's centre, otherwise their own municipality. Every number passes
    the disclosure gate. Empty when there are no figures yet.
    """
    keys = keys & set(checks.INDICATORS)
    scope = figures.scope_for(user)
    if scope is None or not keys:
        return {}
    region = scope.region
    ids = None if scope.region_allowed else [scope.own.pk]
    rows = [str(m.pk) for m in scope.municipalities] + ([UNKNOWN] if ids is None else [])
    place = region.name if ids is None else scope.own.name
    result: dict[str, CurrentFigure] = {}
    periods = figures.periods_with_data(region)
    if periods:
        latest: Period = periods[-1]
        label = f"{latest[0]}" if latest[1] == 0 else f"{latest[0]} H{latest[1]}"
        cells = figures.cells_for(region, ids, range(latest[0], latest[0] + 1))
        for key in keys & set(checks.COUNT_INDICATORS):
            shown = protect_count(cells.count(key, rows, latest))
            result[key] = CurrentFigure(key, str(INDICATOR_LABELS[key]), str(shown), label, place)
        for key in keys & set(_SHARES):
            num, den = _SHARES[key]
            n = cells.count(num, rows, latest)
            share = protect_share(n, max(n, cells.count(den, rows, latest)))
            result[key] = CurrentFigure(key, str(INDICATOR_LABELS[key]), str(share), label, place)
    if "waiting" in keys:
        points = figures.waiting_points(region, ids)
        if points:
            day = max(points)
            result["waiting"] = CurrentFigure(
                "waiting",
                str(INDICATOR_LABELS["waiting"]),
                str(protect_count(points[day])),
                day,
                place,
            )
    return result


# --- projects and governance ------------------------------------------------------------------


def projects_of(period: ProgrammePeriod) -> list[Project]:
    return list(
        period.projects.order_by("name").prefetch_related(
            Prefetch("contacts", queryset=ProjectContact.objects.select_related("municipality")),
            Prefetch("actions", queryset=Action.objects.select_related("ambition__line")),
        )
    )


def governance_of(region_id: int) -> list[GovernanceBody]:
    return list(
        GovernanceBody.objects.filter(region_id=region_id)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.order_by("-held_on").prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=Decision.objects.order_by("pk").prefetch_related(
                            Prefetch(
                                "actions", queryset=Action.objects.select_related("ambition__line")
                            )
                        ),
                    )
                ),
            )
        )
    )


def decisions_about(action: Action) -> list[Decision]:
    return list(
        action.decisions.select_related("meeting__body").order_by("-meeting__held_on", "pk")
    )
