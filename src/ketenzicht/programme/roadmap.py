"""The roadmap (*routekaart*) as a server-rendered SVG: a pure module (strings in, markup out).

Years run across, one band per action line, one row per action with a bar from its start to
its end (or across its milestones), milestones as diamonds and today as a dashed line. The SVG
carries a ``<title>`` and ``<desc>`` and is drawn with presentation attributes only (no script,
no style attribute: the strict CSP holds). Status is coloured *and* written in each bar's
``<title>``; the page puts a table with the same planning behind the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

LABEL_WIDTH = 300
YEAR_WIDTH = 150
ROW = 24
HEADER = 34
BAND = 28

# Fill per status (each at least 3:1 against white, WCAG 1.4.11); dropped is an outline.
COLOURS = {
    "not_started": "#767676",
    "on_track": "#01689b",
    "at_risk": "#8a5a00",
    "late": "#b3261e",
    "done": "#1a7f37",
    "dropped": "#ffffff",
}


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date
    status: str
    status_label: str
    milestones: tuple[date, ...] = ()


@dataclass
class Band:
    label: str
    bars: list[Bar] = field(default_factory=list)


def _x(day: date, first_year: int) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return LABEL_WIDTH + (day.year - first_year + (day - start).days / length) * YEAR_WIDTH


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def roadmap_svg(
    chart_id: str,
    bands: Sequence[Band],
    *,
    first_year: int,
    last_year: int,
    today: date,
    title: str,
    desc: str,
    today_label: str,
) -> str:
    """The roadmap of ``bands`` over ``first_year``..``last_year`` (bars are clipped to it)."""
    years = list(range(first_year, last_year + 1))
    width = LABEL_WIDTH + YEAR_WIDTH * len(years) + 10
    rows = sum(BAND + ROW * len(b.bars) for b in bands)
    height = HEADER + rows + 10
    left, right = date(first_year, 1, 1), date(last_year, 12, 31)
    parts: list[str] = []
    for n, year in enumerate(years):
        x = LABEL_WIDTH + n * YEAR_WIDTH
        parts.append(
            f'<line x1="{x}" y1="{HEADER - 6}" x2="{x}" y2="{height - 10}" stroke="#c6c6c6"/>'
            f'<text x="{x + YEAR_WIDTH / 2}" y="{HEADER - 12}" text-anchor="middle" '
            f'font-size="14" font-weight="bold" fill="#1a1a1a">{year}</text>'
        )
    y = HEADER
    for band in bands:
        parts.append(
            f'<rect x="0" y="{y}" width="{width}" height="{BAND}" fill="#e6f0f6"/>'
            f'<text x="6" y="{y + 19}" font-size="14" font-weight="bold" fill="#154273">'
            f"{escape(_short(band.label, 90))}</text>"
        )
        y += BAND
        for bar in band.bars:
            parts.append(
                f'<text x="6" y="{y + 16}" font-size="12" fill="#1a1a1a">'
                f"{escape(_short(bar.label))}</text>"
            )
            start, end = max(bar.start, left), min(bar.end, right)
            if start <= end:
                x1, x2 = _x(start, first_year), _x(end, first_year)
                colour = COLOURS.get(bar.status, COLOURS["not_started"])
                dashed = ' stroke-dasharray="4 3"' if bar.status == "dropped" else ""
                parts.append(
                    f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 4):.1f}" '
                    f'height="{ROW - 10}" '
                    f'rx="3" fill="{colour}" stroke="#1a1a1a" stroke-width="0.5"{dashed}>'
                    f"<title>{escape(bar.label)}: {escape(bar.status_label)}, "
                    f"{bar.start.isoformat()} - {bar.end.isoformat()}</title></rect>"
                )
            for day in bar.milestones:
                if left <= day <= right:
                    cx, cy = _x(day, first_year), y + ROW / 2
                    parts.append(
                        f'<path d="M{cx:.1f} {cy - 6} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" '
                        f'stroke="#1a1a1a" stroke-width="1.5">'
                        f"<title>{day.isoformat()}</title></path>"
                    )
            y += ROW
    if left <= today <= right:
        tx = _x(today, first_year)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{HEADER - 4}" x2="{tx:.1f}" y2="{height - 10}" '
            f'stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{tx + 4:.1f}" y="{HEADER - 2}" font-size="12" fill="#b3261e">'
            f"{escape(today_label)}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart roadmap" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{"".join(parts)}</svg>'
    )
