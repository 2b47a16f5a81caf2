"""The dashboard of one scope (a municipality, or the region): every table, share and series.

Each indicator carries its direction ("higher is better" / "lower is better", or none where a
rise means neither) and a short note on how to read it (BRIEF section 7: figures with context,
never a verdict). Every number is protected by ``disclosure`` before it is put in here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ketenzicht.casework.forms import DECISION_LABELS, INVESTIGATION_OUTCOME_LABELS
from ketenzicht.casework.labels import STATE_LABELS
from ketenzicht.casework.states import State
from ketenzicht.organisations.models import Municipality, Region
from ketenzicht.reporting import selectors
from ketenzicht.reporting.categories import (
    DECISION_CODES,
    INVESTIGATION_OUTCOME_CODES,
    KIND_CODES,
    REPORTER_CODES,
)
from ketenzicht.reporting.disclosure import (
    DisclosurePolicy,
    Shown,
    protect_count,
    protect_table,
)
from ketenzicht.reporting.figures import (
    UNKNOWN,
    Column,
    FigureTable,
    Period,
    ShareSeries,
    count_table,
    last_half_years,
    period_key,
    share_series,
)

KIND_LABELS: dict[str, Promise] = {
    "child": _("Child abuse"),
    "partner": _("(Ex-)partner violence"),
    "elder": _("Elder abuse"),
    "parents": _("Violence against parents"),
    "honour": _("Honour-related violence"),
    "sexual": _("Sexual violence"),
    "trafficking": _("Human trafficking"),
    "other": _("Other"),
}
REPORTER_LABELS: dict[str, Promise] = {
    "police_justice": _("Police and justice"),
    "medical": _("Medical professionals"),
    "education": _("School and childcare"),
    "care": _("Youth care, local team and social work"),
    "other_professional": _("Other professionals"),
    "citizen": _("Citizens (family, neighbours, the person themselves)"),
    "anonymous": _("Anonymous"),
}
DIRECTION_LABELS: dict[str, Promise] = {
    "higher": _("higher is better"),
    "lower": _("lower is better"),
    "": _("no direction: read with context"),
}
NOTES: dict[str, Promise] = {
    "reports": _(
        "A rise in reports can mean more violence or better signalling: read it with the "
        "advice requests and the reporter groups, never as a verdict."
    ),
    "advice": _(
        "More advice requests mean professionals and citizens ask earlier, before a report "
        "is needed."
    ),
    "kinds": _(
        "A report counts once in each kind of violence it concerns, so the kinds add up to "
        "more than the reports; the last column counts each report once (as CBS does)."
    ),
    "reporters": _(
        "Each report has one reporter group. A falling share of the police means others "
        "report before violence escalates."
    ),
    "decisions": _(
        "Fewer investigations and more V&V and handovers mean more is settled with the "
        "family and the local field."
    ),
    "outcomes": _("Investigations concluded, by what the investigation found."),
    "police": _("Share of reports made by the police."),
    "assessment": _(
        "Share of safety assessments decided within 5 working days of the report (norm 90%). "
        "An assessment still open after its term counts as late."
    ),
    "investigation": _(
        "Share of investigations concluded within 10 weeks of the decision (norm 80%)."
    ),
    "vv": _("Share of Voorwaarden en vervolg completed within 10 weeks of the decision."),
    "repeat": _(
        "Share of reports about a household or person reported before within 12 months. "
        "Lower is better, but better registration of earlier reports raises it too."
    ),
    "during_open": _("Share of reports that arrived while Veilig Thuis was still involved."),
    "restraining": _("Reports whose case has a temporary restraining order."),
    "waiting": _(
        "Reports received but not yet assessed, at the end of each month, against the target band."
    ),
    "states": _(
        "Cases per status at the last refresh of the figures (current workload, not a period"
        " figure)."
    ),
}


@dataclass
class Waiting:
    points: list[tuple[str, Shown]]
    band: tuple[int, int]
    title: str = ""
    note: str = ""
    direction: str = "lower"


@dataclass
class Dashboard:
    title: str
    period: Period
    periods: list[Period]
    tables: list[FigureTable] = field(default_factory=list)
    shares: list[ShareSeries] = field(default_factory=list)
    waiting: Waiting | None = None

    def table(self, key: str) -> FigureTable | None:
        return next((t for t in self.tables if t.key == key), None)

    def share(self, key: str) -> ShareSeries | None:
        return next((s for s in self.shares if s.key == key), None)


def _categories(
    prefix: str, codes: list[str], labels: Mapping[str, object], period: Period
) -> list[Column]:
    return [Column(code, str(labels.get(code, code)), f"{prefix}:{code}", period) for code in codes]


def period_label(period: Period) -> str:
    year, half = period
    return str(year) if half == 0 else f"{year} H{half}"


def build(
    *,
    title: str,
    region_id: int,
    municipalities: list[Municipality],
    whole_region: bool,
    period: Period | None,
    policy: DisclosurePolicy | None = None,
    with_states: bool = True,
) -> Dashboard:
    """The dashboard of ``municipalities`` (rows), for ``period`` (default the latest)."""
    policy = policy or DisclosurePolicy.from_settings()
    region = Region(pk=region_id)
    latest = period or selectors_latest(region)
    trend = last_half_years(latest, 10)
    years = range(trend[0][0], trend[-1][0] + 1)
    ids = None if whole_region else [m.pk for m in municipalities]
    cells = selectors.cells_for(region, ids, years)
    rows = {str(m.pk): m.name for m in municipalities}
    if whole_region and cells.count("reports", [UNKNOWN], latest) + cells.count(
        "advice", [UNKNOWN], latest
    ):
        rows[UNKNOWN] = str(_("Municipality unknown"))
    selected = period or latest
    dash = Dashboard(title=title, period=selected, periods=trend)
    trend_cols = [Column(period_key(p), period_label(p), "", p) for p in trend]

    def trend_table(key: str, measure: str, title: Promise, direction: str) -> FigureTable:
        columns = [Column(c.key, c.label, measure, c.period) for c in trend_cols]
        return count_table(
            cells,
            key=key,
            title=str(title),
            rows=rows,
            columns=columns,
            policy=policy,
            note=str(NOTES[key.split("_")[0]]),
            direction=direction,  # type: ignore[arg-type]
        )

    dash.tables.append(trend_table("reports", "reports", _("Reports per half-year"), ""))
    dash.tables.append(
        trend_table("advice", "advice", _("Advice requests per half-year"), "higher")
    )
    year_cols = [Column(str(y), str(y), "reports", (y, 0)) for y in years]
    dash.tables.append(
        count_table(
            cells,
            key="reports_year",
            title=str(_("Reports per year")),
            rows=rows,
            columns=year_cols,
            policy=policy,
            note=str(NOTES["reports"]),
        )
    )
    label = period_label(selected)
    kinds = count_table(
        cells,
        key="kinds",
        title=str(_("Reports by kind of violence, %(period)s") % {"period": label}),
        rows=rows,
        columns=_categories("kind", list(KIND_CODES), KIND_LABELS, selected),
        policy=policy,
        total_label=str(_("Total of kinds")),
        note=str(NOTES["kinds"]),
    )
    kinds.extra = protect_table(
        {row: {"reports": cells.count("reports", [row], selected)} for row in rows}, policy=policy
    )
    kinds.extra_label = str(_("Reports (each once)"))
    dash.tables.append(kinds)
    dash.tables.append(
        count_table(
            cells,
            key="reporters",
            title=str(_("Reports by reporter group, %(period)s") % {"period": label}),
            rows=rows,
            columns=_categories("reporter", list(REPORTER_CODES), REPORTER_LABELS, selected),
            policy=policy,
            total_label=str(_("Reports")),
            note=str(NOTES["reporters"]),
        )
    )
    decision_labels = {str(k.value): v for k, v in DECISION_LABELS.items()}
    dash.tables.append(
        count_table(
            cells,
            key="decisions",
            title=str(_("Decisions after the safety assessment, %(period)s") % {"period": label}),
            rows=rows,
            columns=_categories("decision", list(DECISION_CODES), decision_labels, selected),
            policy=policy,
            total_label=str(_("Decisions")),
            note=str(NOTES["decisions"]),
        )
    )
    dash.tables.append(
        count_table(
            cells,
            key="outcomes",
            title=str(_("Investigations by outcome, %(period)s") % {"period": label}),
            rows=rows,
            columns=_categories(
                "outcome", list(INVESTIGATION_OUTCOME_CODES), INVESTIGATION_OUTCOME_LABELS, selected
            ),
            policy=policy,
            total_label=str(_("Investigations")),
            note=str(NOTES["outcomes"]),
        )
    )
    dash.tables.append(
        trend_table("restraining", "restraining", _("Reports with a restraining order"), "")
    )
    total = str(_("All shown municipalities")) if len(rows) > 1 else None

    def share(key: str, title: Promise, num: str, den: str, **kw: Any) -> ShareSeries:
        return share_series(
            cells,
            key=key,
            title=str(title),
            numerator=num,
            denominator=den,
            rows=rows,
            total_label=total,
            periods=trend,
            policy=policy,
            note=str(NOTES[key]),
            **kw,
        )

    dash.shares += [
        share(
            "assessment",
            _("Safety assessments within 5 working days"),
            "assessment_in_term",
            "assessment_due",
            norm=90,
            days="assessment_days:",
            unit=str(_("working days")),
        ),
        share(
            "investigation",
            _("Investigations within 10 weeks"),
            "investigation_in_term",
            "investigation_due",
            norm=80,
            days="investigation_days:",
            unit=str(_("days")),
        ),
        share(
            "vv",
            _("Voorwaarden en vervolg within 10 weeks"),
            "vv_in_term",
            "vv_due",
            days="vv_days:",
            unit=str(_("days")),
        ),
        share(
            "police", _("Share of reports by the police"), "police", "reports", direction="lower"
        ),
        share(
            "repeat", _("Repeat reports (within 12 months)"), "repeat", "reports", direction="lower"
        ),
        share(
            "during_open",
            _("Reports during open involvement"),
            "during_open",
            "reports",
            direction="",
        ),
    ]
    points = selectors.waiting_points(region, ids)
    recent = sorted(points)[-24:]
    dash.waiting = Waiting(
        points=[(day, protect_count(points[day], policy=policy)) for day in recent],
        band=selectors.waiting_target(),
        title=str(_("Waiting list (werkvoorraad)")),
        note=str(NOTES["waiting"]),
    )
    if with_states:
        dash.tables.append(
            _state_table(region_id, municipalities, rows, policy, whole_region=whole_region)
        )
    items: list[FigureTable | ShareSeries] = [*dash.tables, *dash.shares]
    for item in items:
        item.reading = str(DIRECTION_LABELS[item.direction])
    return dash


def selectors_latest(region: Region) -> Period:
    periods = selectors.periods_with_data(region)
    if periods:
        return periods[-1]
    today = timezone.localdate()
    return (today.year, 1 if today.month <= 6 else 2)


def _state_table(
    region_id: int,
    municipalities: list[Municipality],
    rows: dict[str, str],
    policy: DisclosurePolicy,
    *,
    whole_region: bool,
) -> FigureTable:
    ids = None if whole_region else [m.pk for m in municipalities]
    raw: dict[str, dict[str, int]] = {row: {} for row in rows}
    for municipality_id, state, n in selectors.state_counts(Region(pk=region_id), ids):
        row = UNKNOWN if municipality_id is None else str(municipality_id)
        if row in raw:
            raw[row][state] = raw[row].get(state, 0) + n
    raw = {row: counts for row, counts in raw.items() if row != UNKNOWN or counts}
    columns = [Column(s.value, str(STATE_LABELS[s]), "", (0, 0)) for s in State]
    for counts in raw.values():
        for column in columns:
            counts.setdefault(column.key, 0)
    return FigureTable(
        key="states",
        title=str(_("Cases per status")),
        row_labels={r: rows[r] for r in raw},
        columns=columns,
        protected=protect_table(raw, policy=policy),
        total_label=str(_("Cases")),
        note=str(NOTES["states"]),
    )
