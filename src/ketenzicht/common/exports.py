"""CSV and XLSX writers that cannot carry a spreadsheet formula: a pure module (no Django).

Formula (CSV) injection: a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (or their full-width forms, which some spreadsheets also accept) is read as a
formula by Excel and LibreOffice -- ``=HYPERLINK("http://…","klik")`` in a surname becomes a live
link in a worker's spreadsheet. Following OWASP, such a text is **prefixed with a single quote**
in CSV. In XLSX the cell is written as a text cell with Excel's *quote prefix* style (what typing
a leading ``'`` does in Excel): the text stays exactly as it was, is never evaluated, and stays
text when someone edits the cell. Numbers stay numbers: ``int``/``float``/``Decimal`` values are
written as numbers, and a text that is a plain number (``-3.25``) is left alone.

Who logs an export: the caller, with ``ketenzicht.audit.services.access_record(action=EXPORT)``
(this module stays free of Django so the pure CSV linkage can use it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

#: First characters that make a spreadsheet read a cell as a formula (OWASP), and their
#: full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

Cell = str | int | float | Decimal | date | None


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (a plain number is not one)."""
    return bool(text) and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text)


def safe_text(value: Cell) -> str:
    """``value`` as a CSV field: a formula-like text gets a leading single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        _refuse_aware(value)
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | int | float | Decimal):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def write_csv(
    out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ","
) -> int:
    """Write ``header`` and ``rows`` to ``out`` with every cell made safe; returns the number
    of data rows written."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([safe_text(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([safe_text(cell) for cell in row])
        count += 1
    return count


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ";"
) -> tuple[bytes, int]:
    """A CSV download for spreadsheet users: UTF-8 with a byte-order mark (so Excel reads the
    accents) and ``;`` between fields (what Dutch Excel expects). Returns the bytes and the
    number of data rows."""
    buffer = io.StringIO()
    count = write_csv(buffer, header, rows, delimiter=delimiter)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str = "Export"
) -> tuple[bytes, int]:
    """An XLSX workbook of one sheet (openpyxl, write-only): a bold header row, numbers as
    numbers, dates as dates, every text as a text cell (formula-like ones with the quote-prefix
    style). ``datetime`` values must be naive local time. Returns the bytes and the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    bold = Font(bold=True)

    def cell(value: Cell, *, header: bool = False) -> Any:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if isinstance(value, datetime):
            _refuse_aware(value)
        if value is None or isinstance(value, int | float | Decimal | date):
            result = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, datetime):
                result.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(value, date):
                result.number_format = "dd-mm-yyyy"
        else:
            text = _xml_safe(str(value))
            result = WriteOnlyCell(worksheet, value=text)
            result.data_type = "s"  # openpyxl took a leading "=" for a formula: it is text
            if is_formula_like(text):
                result.quotePrefix = True
        if header:
            result.font = bold
        return result

    count = 0
    try:
        worksheet.append([cell(h, header=True) for h in header])
        for row in rows:
            worksheet.append([cell(value) for value in row])
            count += 1
    except BaseException:
        worksheet.close()  # end the half-written sheet's temporary file
        raise
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(text: str) -> str:
    """XLSX is XML: control characters other than tab, newline and CR cannot be stored."""
    return _ILLEGAL_XML.sub("\ufffd", text)


def _refuse_aware(value: datetime) -> None:
    if value.tzinfo is not None:
        raise ValueError("export datetimes in local time without a time zone")
