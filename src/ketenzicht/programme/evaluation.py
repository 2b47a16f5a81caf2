"""The yearly evaluation of an action programme (BRIEF §8): what happened to each action in one
year, as an XLSX workbook and a PDF (WeasyPrint, like ``plans/pdf.py``).

Per action: its status now and at the end of the year (the last status set in a progress note
dated in or before the year; empty when none was), the milestones due in the year and whether
they were done, the notes of the year, and the current steering figure it follows (only for
readers who may see figures, through ``selectors.current_figures``). Per action line: the actions
per status. No personal data: leads are organisations and roles.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.common.exports import is_formula_like
from ketenzicht.organisations.models import User
from ketenzicht.programme import checks, selectors
from ketenzicht.programme.labels import INDICATOR_LABELS
from ketenzicht.programme.models import Action, ProgrammePeriod, Status


@dataclass
class EvaluationRow:
    code: str
    action: Action
    status_now: str
    status_at_year_end: str
    milestones: list[tuple[date, str, date | None]]  # due in the year: (due, title, done on)
    notes: list[tuple[date, str, str]]  # written in the year: (date, status label, text)
    figure: str = ""

    @property
    def milestones_done(self) -> int:
        return sum(1 for _due, _title, done in self.milestones if done is not None)


@dataclass
class LineSummary:
    name: str
    counts: list[int]  # per status, in ``checks.STATUSES`` order


@dataclass
class Evaluation:
    period: ProgrammePeriod
    year: int
    made_on: date
    rows: list[EvaluationRow] = field(default_factory=list)
    lines: list[LineSummary] = field(default_factory=list)

    @property
    def status_labels(self) -> list[str]:
        return [str(Status(s).label) for s in checks.STATUSES]

    @property
    def totals(self) -> list[int]:
        return [sum(col) for col in zip(*(line.counts for line in self.lines), strict=True)]


def years_of(period: ProgrammePeriod) -> list[int]:
    return list(range(period.start_year, period.end_year + 1))


def evaluation_for(period: ProgrammePeriod, year: int, *, user: User) -> Evaluation:
    """The evaluation of ``year`` (a handful of queries, whatever the number of actions)."""
    actions = list(selectors.all_actions(period).prefetch_related("notes"))
    figures = selectors.current_figures(user, {a.indicator for a in actions if a.indicator})
    evaluation = Evaluation(period=period, year=year, made_on=timezone.localdate())
    by_line: dict[int, LineSummary] = {}
    for a in actions:
        line = a.ambition.line
        summary = by_line.setdefault(
            line.pk, LineSummary(f"{line.position}. {line.name}", [0] * len(checks.STATUSES))
        )
        summary.counts[checks.STATUSES.index(a.status)] += 1
        notes = sorted(a.notes.all(), key=lambda n: (n.written_on, n.pk))
        set_by_then = [n.status for n in notes if n.status and n.written_on.year <= year]
        figure = figures.get(a.indicator)
        evaluation.rows.append(
            EvaluationRow(
                code=f"{line.position}.{a.ambition.position}.{a.position}",
                action=a,
                status_now=str(Status(a.status).label),
                status_at_year_end=str(Status(set_by_then[-1]).label) if set_by_then else "",
                milestones=[
                    (m.due_on, m.title, m.done_on)
                    for m in a.milestones.all()
                    if m.due_on.year == year
                ],
                notes=[
                    (n.written_on, str(Status(n.status).label) if n.status else "", n.text)
                    for n in notes
                    if n.written_on.year == year
                ],
                figure=f"{figure.shown} ({figure.scope}, {figure.period})" if figure else "",
            )
        )
    evaluation.lines = list(by_line.values())
    return evaluation


# --- XLSX -------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def evaluation_xlsx(evaluation: Evaluation) -> bytes:
    """Three sheets: the summary per line, the actions, the milestones and notes of the year.
    Texts that a spreadsheet would read as a formula stay text (``common.exports``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], *, first: bool = False) -> None:
        ws = workbook.active if first else workbook.create_sheet()
        assert ws is not None
        ws.title = title[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([_xml_safe(v) if isinstance(v, str) else v for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if is_formula_like(cell.value):
                        cell.quotePrefix = True
                elif isinstance(cell.value, date):
                    cell.number_format = "dd-mm-yyyy"
        ws.freeze_panes = "A2"

    e = evaluation
    sheet(
        _("Summary"),
        [_("Action line"), *e.status_labels],
        [[line.name, *line.counts] for line in e.lines] + [[_("Total"), *e.totals]],
        first=True,
    )
    sheet(
        _("Actions"),
        [
            _("Number"),
            _("Action line"),
            _("Ambition"),
            _("Action"),
            _("Lead (organisation)"),
            _("Status now"),
            _("Status at the end of %(year)s") % {"year": e.year},
            _("Milestones due in %(year)s") % {"year": e.year},
            _("Of which done"),
            _("SMART target"),
            _("Steering figure"),
            _("Current figure"),
        ],
        [
            [
                r.code,
                r.action.ambition.line.name,
                r.action.ambition.title,
                r.action.title,
                r.action.lead_organisation,
                r.status_now,
                r.status_at_year_end,
                len(r.milestones),
                r.milestones_done,
                r.action.target,
                str(INDICATOR_LABELS.get(r.action.indicator, "")) if r.action.indicator else "",
                r.figure,
            ]
            for r in e.rows
        ],
    )
    sheet(
        _("Milestones %(year)s") % {"year": e.year},
        [_("Number"), _("Action"), _("Due"), _("Milestone"), _("Done on")],
        [
            [r.code, r.action.title, due, title, done]
            for r in e.rows
            for due, title, done in r.milestones
        ],
    )
    sheet(
        _("Notes %(year)s") % {"year": e.year},
        [_("Number"), _("Action"), _("Date"), _("Status"), _("Progress note")],
        [
            [r.code, r.action.title, day, label, text]
            for r in e.rows
            for day, label, text in r.notes
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xml_safe(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


# --- PDF --------------------------------------------------------------------------------------


def evaluation_html(evaluation: Evaluation) -> str:
    return render_to_string("programme/evaluation_pdf.html", {"e": evaluation})


def evaluation_pdf(evaluation: Evaluation) -> bytes:
    """A tagged PDF (structure and language), loading nothing from outside (inline styles)."""
    from weasyprint import HTML  # heavy (pango): imported only when a PDF is made

    return HTML(string=evaluation_html(evaluation)).write_pdf(pdf_tags=True)  # type: ignore[no-any-return]
