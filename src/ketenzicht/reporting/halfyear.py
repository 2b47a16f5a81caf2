"""The half-year report: the dashboard's protected figures as a printable document (PDF).

``build_context`` gathers one dashboard for the scope (the region, or one municipality) and, for
a region, one per municipality, each with its charts (``charts``, the same SVG as the page);
``render_html`` fills the print template; ``render_pdf`` lays it out with WeasyPrint. Every number
has passed ``disclosure`` inside ``dashboard.build``: never a person, never an unrounded count.
Nothing here writes to the database; ``progress(done, total)`` is told after each step, so the
job (``services.halfyear_report_build``) can show how far it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ketenzicht.organisations.models import Municipality, Region
from ketenzicht.reporting import dashboard as board
from ketenzicht.reporting.charts import dashboard_charts
from ketenzicht.reporting.dashboard import Dashboard
from ketenzicht.reporting.disclosure import DisclosurePolicy, Shown, ShownShare
from ketenzicht.reporting.figures import FigureTable, Period, ShareSeries, period_key

Progress = Callable[[int, int], None]
#: Steps after the dashboards: laying out the pages, writing the PDF.
RENDER_STEPS = 2

#: The tables and shares of a section, in the order the report shows them.
INFLOW_TABLES = ("reports", "advice", "kinds", "reporters")
TERM_SHARES = ("assessment", "investigation", "vv")
OUTCOME_TABLES = ("decisions", "outcomes", "restraining")
OTHER_SHARES = ("police", "repeat", "during_open")


@dataclass
class Compliance:
    title: str
    norm: int | None
    shown: ShownShare
    meets: bool | None  # None: not shown, or no norm


@dataclass
class Section:
    """One dashboard in the report (the scope, or one municipality of the region)."""

    key: str
    name: str
    dash: Dashboard
    charts: dict[str, str]
    reports: Shown
    advice: Shown
    compliance: list[Compliance]

    def tables(self, keys: Sequence[str]) -> list[FigureTable]:
        return [t for key in keys if (t := self.dash.table(key)) is not None]

    def shares(self, keys: Sequence[str]) -> list[ShareSeries]:
        return [s for key in keys if (s := self.dash.share(key)) is not None]

    @property
    def inflow_tables(self) -> list[FigureTable]:
        return self.tables(INFLOW_TABLES)

    @property
    def term_shares(self) -> list[ShareSeries]:
        return self.shares(TERM_SHARES)

    @property
    def outcome_tables(self) -> list[FigureTable]:
        return self.tables(OUTCOME_TABLES)

    @property
    def other_shares(self) -> list[ShareSeries]:
        return self.shares(OTHER_SHARES)


def steps(municipalities: int, whole_region: bool) -> int:
    """How many steps a report of this scope takes (for the progress indicator)."""
    sections = 1 + municipalities if whole_region else 1
    return sections + RENDER_STEPS


def half_year_label(period: Period) -> str:
    year, half = period
    if half == 1:
        return _("first half of %(year)s (January to June)") % {"year": year}
    return _("second half of %(year)s (July to December)") % {"year": year}


def _period_total(table: FigureTable | None, period: Period) -> Shown:
    if table is None:
        return Shown(0, "0")
    totals, _grand = table.totals()
    for column, total in zip(table.columns, totals, strict=True):
        if column.period == period:
            return total
    return Shown(0, "0")


def _compliance(dash: Dashboard) -> list[Compliance]:
    result = []
    for key in ("assessment", "investigation"):
        series = dash.share(key)
        if series is None or not series.lines:
            continue
        index = series.periods.index(dash.period) if dash.period in series.periods else -1
        shown = series.lines[-1][1][index]  # the scope as a whole: its last line
        meets = None
        if shown.value is not None and series.norm is not None:
            meets = shown.value >= series.norm
        result.append(Compliance(series.title, series.norm, shown, meets))
    return result


def _section(key: str, name: str, dash: Dashboard) -> Section:
    return Section(
        key=key,
        name=name,
        dash=dash,
        charts=dashboard_charts(dash, prefix=f"chart-{key}"),
        reports=_period_total(dash.table("reports"), dash.period),
        advice=_period_total(dash.table("advice"), dash.period),
        compliance=_compliance(dash),
    )


def build_context(
    *,
    region: Region,
    municipalities: list[Municipality],
    whole_region: bool,
    period: Period,
    made_at: datetime,
    requested_by: str = "",
    policy: DisclosurePolicy | None = None,
    tick: Callable[[], None] = lambda: None,
) -> dict[str, object]:
    """Everything the print template shows; ``municipalities`` are the scope's (by name).
    ``tick`` is called after each dashboard."""
    if period[1] not in (1, 2):
        raise ValueError("A half-year report covers one half-year")
    policy = policy or DisclosurePolicy.from_settings()

    if whole_region:
        title = _("Region %(name)s") % {"name": region.name}
    else:
        title = _("Municipality %(name)s") % {"name": municipalities[0].name}
    scope_dash = board.build(
        title=title,
        region_id=region.pk,
        municipalities=municipalities,
        whole_region=whole_region,
        period=period,
        policy=policy,
        with_states=False,
    )
    overview = _section("scope", title, scope_dash)
    tick()
    sections: list[Section] = []
    if whole_region:
        for municipality in municipalities:
            dash = board.build(
                title=municipality.name,
                region_id=region.pk,
                municipalities=[municipality],
                whole_region=False,
                period=period,
                policy=policy,
                with_states=False,
            )
            sections.append(_section(f"m{municipality.pk}", municipality.name, dash))
            tick()
    return {
        "title": title,
        "region": region,
        "whole_region": whole_region,
        "period": period,
        "period_key": period_key(period),
        "half_year": half_year_label(period),
        "made_at": made_at,
        "requested_by": requested_by,
        "overview": overview,
        "sections": sections,
        "policy": policy,
        "directions": board.DIRECTION_LABELS,
    }


def render_html(context: dict[str, object]) -> str:
    return render_to_string("reporting/halfyear_pdf.html", context)


def render_pdf(html: str, *, on_layout: Callable[[], None] | None = None) -> tuple[bytes, int]:
    """The PDF of ``html`` and its number of pages."""
    from weasyprint import HTML  # heavy (pango): imported only when a PDF is made

    # No base_url: the document loads nothing from outside (styles inline, charts inline SVG).
    document = HTML(string=html).render()
    if on_layout is not None:
        on_layout()
    return document.write_pdf(), len(document.pages)


def report_pdf(
    *,
    region: Region,
    municipalities: list[Municipality],
    whole_region: bool,
    period: Period,
    made_at: datetime,
    requested_by: str = "",
    policy: DisclosurePolicy | None = None,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """The half-year report of the scope as PDF bytes, with its page count."""
    total = steps(len(municipalities), whole_region)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    context = build_context(
        region=region,
        municipalities=municipalities,
        whole_region=whole_region,
        period=period,
        made_at=made_at,
        requested_by=requested_by,
        policy=policy,
        tick=step,
    )
    data, pages = render_pdf(render_html(context), on_layout=step)
    step()
    return data, pages
