"""Read and check the CSV files of external figures: a pure module (no Django, no database).

Two formats (documented with examples in ``docs/external-figures.md``):

* **population**: ``municipality, year, inhabitants[, age_band][, source]``
* **series**: ``indicator, municipality, period, value, source``

The file is checked whole before anything is written: size, encoding (UTF-8, with or without a
byte-order mark; UTF-16 and other encodings are refused), the header, the number of fields of
every line, and every value. Every problem is collected as a :class:`Problem` with its line
number (the header is line 1) and column, and raised together as :class:`CsvRejected`. The
services word the problem codes in Dutch (``external/services.py``) and resolve municipality
codes and names against the database; this module only reads.

Delimiter: a comma, a semicolon (Dutch spreadsheet exports) or a tab, taken from the header.
Decimal values may use a point or a comma ("12.5" or "12,5"), never thousands separators.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_BYTES = 2_000_000
MAX_ROWS = 50_000
EARLIEST_YEAR = 1990
MAX_SOURCE = 300

NATIONAL = "NL01"  # the CBS code of the Netherlands as a whole

POPULATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "municipality": ("municipality", "gemeente", "cbs_code", "gemeentecode", "code"),
    "year": ("year", "jaar"),
    "inhabitants": ("inhabitants", "inwoners", "population", "bevolking"),
    "age_band": ("age_band", "leeftijd", "leeftijdsklasse"),
    "source": ("source", "bron"),
}
POPULATION_REQUIRED = ("municipality", "year", "inhabitants")

SERIES_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator",),
    "municipality": ("municipality", "gemeente", "cbs_code", "gemeentecode", "code"),
    "period": ("period", "periode"),
    "value": ("value", "waarde"),
    "source": ("source", "bron"),
}
SERIES_REQUIRED = ("indicator", "municipality", "period", "value", "source")

_AGE_BAND = re.compile(r"^(\d{1,3})-(\d{1,3})$|^(\d{1,3})\+$")
_PERIOD = re.compile(r"^(\d{4})(?:[- ]?([Hh])([12]))?$")
_INDICATOR = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_WHOLE = re.compile(r"^\d+$")
_YEAR = re.compile(r"^\d{4}$")
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_CODE = re.compile(r"^(?:GM)?(\d{1,4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: ``line`` 0 means the file as a whole; ``column`` may be empty.

    ``code`` is one of the keys of ``external.services.PROBLEM_MESSAGES``; ``value`` is the
    offending text (shortened), ``other`` a second detail (the line of the first duplicate, an
    expected number of fields, a limit).
    """

    line: int
    column: str
    code: str
    value: str = ""
    other: str = ""


class CsvRejected(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.code))


@dataclass(frozen=True)
class PopulationRow:
    line: int
    municipality: str
    year: int
    inhabitants: int
    age_band: str  # "total" or a band such as "0-17" / "65+"
    source: str


@dataclass(frozen=True)
class SeriesRow:
    line: int
    indicator: str
    municipality: str
    period: str  # "2023" or "2023-H1"
    value: Decimal
    source: str


@dataclass(frozen=True)
class AgeBand:
    low: int
    high: int | None  # None: open-ended ("65+")

    @classmethod
    def parse(cls, text: str) -> AgeBand | None:
        match = _AGE_BAND.match(text.strip())
        if not match:
            return None
        if match.group(3) is not None:
            return cls(int(match.group(3)), None)
        low, high = int(match.group(1)), int(match.group(2))
        return cls(low, high) if low <= high else None

    def __str__(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def overlaps(self, other: AgeBand) -> bool:
        self_high = self.high if self.high is not None else 10**6
        other_high = other.high if other.high is not None else 10**6
        return self.low <= other_high and other.low <= self_high


def municipality_key(text: str) -> tuple[str, str]:
    """How a municipality cell is looked up: ``("national", "NL01")``, ``("code", "GM0505")``
    (also from "0505" or "505"), or ``("name", "dordrecht")`` (case-insensitive)."""
    value = " ".join(text.split())
    if value.upper() in {"NL01", "NL", "NEDERLAND"}:
        return ("national", NATIONAL)
    match = _CODE.match(value)
    if match:
        return ("code", f"GM{int(match.group(1)):04d}")
    return ("name", value.casefold())


def parse_period(text: str) -> str | None:
    """ "2023" stays "2023"; "2023-H1", "2023H1", "2023 h1" become "2023-H1"; else None."""
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    year, _h, half = match.groups()
    return f"{year}-H{half}" if half else year


def period_year(period: str) -> int:
    return int(period[:4])


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of an uploaded file, or :class:`CsvRejected` (too large, empty, not UTF-8)."""
    if len(data) > max_bytes:
        raise CsvRejected([Problem(0, "", "too_large", str(len(data)), str(max_bytes))])
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CsvRejected([Problem(0, "", "utf16")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise CsvRejected([Problem(0, "", "empty")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvRejected([Problem(line, "", "encoding")]) from None


def _delimiter(header_line: str) -> str:
    return max((",", ";", "\t"), key=header_line.count)


def _header(
    cells: Sequence[str], columns: Mapping[str, tuple[str, ...]], required: Iterable[str]
) -> tuple[dict[str, int], list[Problem]]:
    aliases = {alias: name for name, names in columns.items() for alias in names}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        key = "_".join(cell.strip().casefold().split())
        name = aliases.get(key)
        if name is None:
            problems.append(Problem(1, cell.strip(), "unknown_column", cell.strip()))
        elif name in positions:
            problems.append(Problem(1, name, "duplicate_column", cell.strip()))
        else:
            positions[name] = index
    for name in required:
        if name not in positions:
            problems.append(Problem(1, name, "missing_column"))
    return positions, problems


def _rows(
    text: str,
    columns: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    max_rows: int,
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [Problem(0, "", "empty")]
    positions, problems = _header(header, columns, required)
    if problems:
        return [], problems
    rows: list[tuple[int, dict[str, str]]] = []
    width = len(header)
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are allowed (spreadsheets write them at the end)
            if len(rows) >= max_rows:
                problems.append(Problem(line, "", "too_many_rows", "", str(max_rows)))
                break
            if len(cells) != width:
                problems.append(Problem(line, "", "field_count", str(len(cells)), str(width)))
                continue
            rows.append((line, {name: cells[i].strip() for name, i in positions.items()}))
    except csv.Error:
        problems.append(Problem(start, "", "unreadable"))
    if not rows and not problems:
        problems.append(Problem(0, "", "no_rows"))
    return rows, problems


def _year(text: str, line: int, column: str, latest: int, problems: list[Problem]) -> int | None:
    if not _YEAR.match(text):
        problems.append(Problem(line, column, "bad_year", text[:40]))
        return None
    year = int(text)
    if not EARLIEST_YEAR <= year <= latest:
        problems.append(Problem(line, column, "year_out_of_range", text, str(latest)))
        return None
    return year


def _required(row: Mapping[str, str], line: int, names: Iterable[str], out: list[Problem]) -> bool:
    ok = True
    for name in names:
        if not row.get(name, ""):
            out.append(Problem(line, name, "required"))
            ok = False
    return ok


def _source(text: str, line: int, problems: list[Problem]) -> str:
    if len(text) > MAX_SOURCE:
        problems.append(Problem(line, "source", "too_long", text[:40], str(MAX_SOURCE)))
    return text


def parse_population(
    text: str, *, latest_year: int, max_rows: int = MAX_ROWS
) -> list[PopulationRow]:
    """Every row of a population file, checked; :class:`CsvRejected` with all problems."""
    rows, problems = read_population(text, latest_year=latest_year, max_rows=max_rows)
    if problems:
        raise CsvRejected(problems)
    return rows


def read_population(
    text: str, *, latest_year: int, max_rows: int = MAX_ROWS
) -> tuple[list[PopulationRow], list[Problem]]:
    """The good rows of a population file and the problems of the others."""
    raw, problems = _rows(text, POPULATION_COLUMNS, POPULATION_REQUIRED, max_rows)
    parsed: list[PopulationRow] = []
    seen: dict[tuple[tuple[str, str], int, str], int] = {}
    for line, row in raw:
        if not _required(row, line, POPULATION_REQUIRED, problems):
            continue
        year = _year(row["year"], line, "year", latest_year, problems)
        inhabitants: int | None = None
        if _WHOLE.match(row["inhabitants"]):
            inhabitants = int(row["inhabitants"])
        else:
            code = "negative" if row["inhabitants"].startswith("-") else "not_whole_number"
            problems.append(Problem(line, "inhabitants", code, row["inhabitants"][:40]))
        band_text = row.get("age_band", "") or "total"
        band = "total"
        if band_text.casefold() not in {"total", "totaal"}:
            parsed_band = AgeBand.parse(band_text)
            if parsed_band is None:
                problems.append(Problem(line, "age_band", "bad_age_band", band_text[:40]))
                continue
            band = str(parsed_band)
        key_municipality = municipality_key(row["municipality"])
        if key_municipality[0] == "national":
            problems.append(Problem(line, "municipality", "national_population", NATIONAL))
            continue
        source = _source(row.get("source", ""), line, problems)
        if year is None or inhabitants is None:
            continue
        key = (key_municipality, year, band)
        if key in seen:
            problems.append(Problem(line, "", "duplicate_row", "", str(seen[key])))
            continue
        seen[key] = line
        parsed.append(PopulationRow(line, row["municipality"], year, inhabitants, band, source))
    problems += _band_problems(parsed)
    return parsed, problems


def _band_problems(rows: Sequence[PopulationRow]) -> list[Problem]:
    """Age bands of one municipality and year may not overlap; when they cover every age
    (from 0 to an open band) and a total is given, they must add up to it."""
    problems: list[Problem] = []
    groups: dict[tuple[tuple[str, str], int], list[PopulationRow]] = {}
    for row in rows:
        groups.setdefault((municipality_key(row.municipality), row.year), []).append(row)
    for group in groups.values():
        banded = [(AgeBand.parse(r.age_band), r) for r in group if r.age_band != "total"]
        bands = [(b, r) for b, r in banded if b is not None]
        for i, (band, row) in enumerate(bands):
            for other, other_row in bands[:i]:
                if band.overlaps(other):
                    problems.append(
                        Problem(
                            row.line,
                            "age_band",
                            "overlapping_age_band",
                            str(band),
                            str(other_row.line),
                        )
                    )
        totals = [r for r in group if r.age_band == "total"]
        if totals and bands and _covers_all_ages([b for b, _r in bands]):
            summed = sum(r.inhabitants for _b, r in bands)
            if summed != totals[0].inhabitants:
                problems.append(
                    Problem(
                        totals[0].line,
                        "inhabitants",
                        "bands_do_not_add_up",
                        str(summed),
                        str(totals[0].inhabitants),
                    )
                )
    return problems


def _covers_all_ages(bands: Sequence[AgeBand]) -> bool:
    expected = 0
    for band in sorted(bands, key=lambda b: b.low):
        if band.low != expected:
            return False
        if band.high is None:
            return True
        expected = band.high + 1
    return False


def _value(text: str, line: int, problems: list[Problem]) -> Decimal | None:
    if not _DECIMAL.match(text):
        problems.append(Problem(line, "value", "not_a_number", text[:40]))
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        problems.append(Problem(line, "value", "not_a_number", text[:40]))
        return None
    if value < 0:
        problems.append(Problem(line, "value", "negative", text[:40]))
        return None
    if value >= Decimal("1e12"):
        problems.append(Problem(line, "value", "too_large_value", text[:40]))
        return None
    return value


def parse_series(text: str, *, latest_year: int, max_rows: int = MAX_ROWS) -> list[SeriesRow]:
    """Every row of an external-series file, checked; :class:`CsvRejected` with all problems."""
    rows, problems = read_series(text, latest_year=latest_year, max_rows=max_rows)
    if problems:
        raise CsvRejected(problems)
    return rows


def read_series(
    text: str, *, latest_year: int, max_rows: int = MAX_ROWS
) -> tuple[list[SeriesRow], list[Problem]]:
    """The good rows of an external-series file and the problems of the others."""
    raw, problems = _rows(text, SERIES_COLUMNS, SERIES_REQUIRED, max_rows)
    parsed: list[SeriesRow] = []
    seen: dict[tuple[str, tuple[str, str], str], int] = {}
    for line, row in raw:
        if not _required(row, line, SERIES_REQUIRED, problems):
            continue
        indicator = row["indicator"].casefold()
        ok = True
        if not _INDICATOR.match(indicator):
            problems.append(Problem(line, "indicator", "bad_indicator", row["indicator"][:40]))
            ok = False
        period = parse_period(row["period"])
        if period is None:
            problems.append(Problem(line, "period", "bad_period", row["period"][:40]))
            ok = False
        elif not EARLIEST_YEAR <= period_year(period) <= latest_year:
            problems.append(
                Problem(line, "period", "year_out_of_range", row["period"], str(latest_year))
            )
            ok = False
        value = _value(row["value"], line, problems)
        source = _source(row["source"], line, problems)
        if not ok or value is None or period is None:
            continue
        key = (indicator, municipality_key(row["municipality"]), period)
        if key in seen:
            problems.append(Problem(line, "", "duplicate_row", "", str(seen[key])))
            continue
        seen[key] = line
        parsed.append(SeriesRow(line, indicator, row["municipality"], period, value, source))
    return parsed, problems
