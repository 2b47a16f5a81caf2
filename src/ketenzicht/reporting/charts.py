"""The dashboard's charts (server-rendered SVG, ``svg``) from its protected tables and shares.

Used by the dashboard page and by the half-year report (PDF), so both draw the same figures.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ketenzicht.reporting import svg
from ketenzicht.reporting.dashboard import KIND_LABELS, Dashboard
from ketenzicht.reporting.figures import period_key


def dashboard_charts(dash: Dashboard, *, prefix: str = "chart") -> dict[str, str]:
    """The charts of ``dash`` by key; ``prefix`` keeps the ids unique when one document holds
    several dashboards (the half-year report)."""
    hidden = _("not shown")
    charts: dict[str, str] = {}
    bars = (
        (
            "reports",
            _("Bar chart of the reports per half-year, all shown municipalities together."),
        ),
        ("kinds", _("Bar chart of the reports by kind of violence.")),
        ("reporters", _("Bar chart of the reports by reporter group.")),
    )
    for key, intro in bars:
        table = dash.table(key)
        if table is None:
            continue
        totals, _grand = table.totals()
        labels = [str(KIND_LABELS[c.key]) if key == "kinds" else c.label for c in table.columns]
        charts[key] = svg.bar_chart(
            f"{prefix}-{key}",
            table.title,
            [(label, t.value) for label, t in zip(labels, totals, strict=True)],
            intro=intro,
            hidden=hidden,
        )
    assessment = dash.share("assessment")
    if assessment is not None and assessment.lines:
        _label, values = assessment.lines[-1]
        charts["assessment"] = svg.line_chart(
            f"{prefix}-assessment",
            assessment.title,
            [(period_key(p), v.value) for p, v in zip(assessment.periods, values, strict=True)],
            intro=_("Line chart of the share within the term per half-year, against the norm."),
            hidden=hidden,
            unit="%",
            norm=assessment.norm,
            ceiling=100,
        )
    if dash.waiting is not None and dash.waiting.points:
        charts["waiting"] = svg.line_chart(
            f"{prefix}-waiting",
            dash.waiting.title,
            [(day[:7], shown.value) for day, shown in dash.waiting.points],
            intro=_("Line chart of the waiting list at each month end, with the target band."),
            hidden=hidden,
            band=(float(dash.waiting.band[0]), float(dash.waiting.band[1])),
        )
    return charts
