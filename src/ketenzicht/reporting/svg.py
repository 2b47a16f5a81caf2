"""Server-rendered, accessible SVG charts (a pure module: strings in, markup out).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that lists every value
(the text alternative), drawn with presentation attributes only: no script, no style attribute,
so the strict CSP holds. The table with the same figures always follows the chart on the page.
A suppressed value (None) draws no bar or point and is named in the description as not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BLUE = "#01689b"
GREY = "#767676"
BAND = "#e6f0f6"
NORM = "#8a5a00"
Point = tuple[str, float | None]


def _frame(chart_id: str, title: str, desc: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def describe(points: Sequence[Point], *, hidden: str, unit: str = "") -> str:
    parts = [
        f"{label}: {hidden if value is None else _number(value)}{unit if value is not None else ''}"
        for label, value in points
    ]
    return "; ".join(parts) + "."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _scale(points: Sequence[Point], extra: Sequence[float] = ()) -> float:
    values = [v for _, v in points if v is not None] + list(extra)
    top = max(values, default=0.0)
    return top if top > 0 else 1.0


def bar_chart(
    chart_id: str,
    title: str,
    points: Sequence[Point],
    *,
    intro: str,
    hidden: str,
    unit: str = "",
    width: int = 640,
    height: int = 240,
) -> str:
    """Vertical bars, one per point, each labelled below and its value above."""
    left, bottom, top_margin = 10, 48, 20
    plot_h = height - bottom - top_margin
    n = max(1, len(points))
    slot = (width - 2 * left) / n
    top = _scale(points)
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" '
        f'y2="{height - bottom}" stroke="{GREY}"/>'
    ]
    for i, (label, value) in enumerate(points):
        x = left + i * slot
        cx = x + slot / 2
        if value is not None:
            h = plot_h * value / top
            y = height - bottom - h
            body.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{h:.1f}" fill="{BLUE}"/>'
            )
            text, ty = _number(value) + unit, y - 4
        else:
            text, ty = hidden, height - bottom - 4
        body.append(
            f'<text x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="12">'
            f"{escape(text)}</text>"
        )
        body.append(
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="11">{escape(label[:18])}</text>'
        )
    desc = f"{intro} {describe(points, hidden=hidden, unit=unit)}"
    return _frame(chart_id, title, desc, width, height, "".join(body))


def line_chart(
    chart_id: str,
    title: str,
    points: Sequence[Point],
    *,
    intro: str,
    hidden: str,
    unit: str = "",
    band: tuple[float, float] | None = None,
    norm: float | None = None,
    ceiling: float | None = None,
    width: int = 640,
    height: int = 240,
) -> str:
    """A line through the points (broken where a value is not shown), with an optional target
    band (shaded) or norm (dashed line)."""
    left, right, bottom, top_margin = 40, 10, 40, 16
    plot_w, plot_h = width - left - right, height - bottom - top_margin
    extra = [v for v in (band[1] if band else None, norm, ceiling) if v is not None]
    top = ceiling if ceiling is not None else _scale(points, extra) * 1.1
    n = len(points)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return top_margin + plot_h * (1 - min(v, top) / top)

    body = []
    if band is not None:
        y1, y2 = y_of(band[1]), y_of(band[0])
        body.append(
            f'<rect x="{left}" y="{y1:.1f}" width="{plot_w}" height="{y2 - y1:.1f}" fill="{BAND}"/>'
        )
    body.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="{GREY}"/>'
    )
    if norm is not None:
        y = y_of(norm)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{NORM}" '
            f'stroke-dasharray="6 4"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(_number(norm) + unit)}</text>"
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x_of(i):.1f},{y_of(value):.1f}")
        body.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(value):.1f}" r="3" fill="{BLUE}"/>')
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            body.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{BLUE}" stroke-width="2"/>'
            )
    step = max(1, n // 8)
    for i, (label, _value) in enumerate(points):
        if i % step == 0 or i == n - 1:
            body.append(
                f'<text x="{x_of(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    desc = f"{intro} {describe(points, hidden=hidden, unit=unit)}"
    return _frame(chart_id, title, desc, width, height, "".join(body))
