"""Tables of the dashboard as StatLine-like rows: municipalities down, periods/categories across.

Only protected figures go in (a suppressed cell is its mark "·"); the writers in
``common.exports`` neutralise spreadsheet formulas. Never a person: the rows are municipalities.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ketenzicht.common.exports import Cell
from ketenzicht.reporting.dashboard import Dashboard
from ketenzicht.reporting.disclosure import Shown, ShownShare
from ketenzicht.reporting.figures import period_key

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _value(shown: Shown | ShownShare) -> Cell:
    return shown.label if shown.value is None else shown.value


def exportable(dash: Dashboard) -> list[tuple[str, str]]:
    keys = [(t.key, t.title) for t in dash.tables] + [(s.key, s.title) for s in dash.shares]
    return keys


def table_rows(dash: Dashboard, key: str) -> tuple[str, list[str], list[list[Cell]]] | None:
    """(title, header, rows) of table ``key``, or None when there is no such table."""
    municipality = _("Municipality")
    table = dash.table(key)
    if table is not None:
        header = [municipality] + [c.label for c in table.columns]
        if table.total_label:
            header.append(table.total_label)
        extra = table.extra
        if extra is not None:
            header.append(table.extra_label)
        rows: list[list[Cell]] = []
        for row_key, (label, cells, total) in zip(table.protected.rows, table.lines(), strict=True):
            line: list[Cell] = [label, *(_value(c) for c in cells)]
            if total is not None:
                line.append(_value(total))
            if extra is not None:
                line.append(_value(extra.row_total(row_key)))
            rows.append(line)
        col_totals, grand = table.totals()
        line = [_("Total"), *(_value(c) for c in col_totals)]
        if grand is not None:
            line.append(_value(grand))
        if extra is not None:
            line.append(_value(extra.total))
        rows.append(line)
        return table.title, header, rows + _footer(table.note)
    share = dash.share(key)
    if share is None:
        return None
    header = [municipality] + [period_key(p) for p in share.periods]
    rows = [[label, *(_value(v) for v in values)] for label, values in share.lines]
    if share.medians:
        rows.append([_("Median lead time"), *(_value(v) for v in share.medians)])
        rows.append([_("90th percentile lead time"), *(_value(v) for v in share.p90s)])
    return share.title, header, rows + _footer(share.note)


def _footer(note: str) -> list[list[Cell]]:
    return [
        [],
        [note],
        [
            _(
                "Source: Ketenzicht. Counts rounded to multiples of 5; · = not shown (a small "
                "number, or one from which a small number could be derived)."
            )
        ],
    ]
