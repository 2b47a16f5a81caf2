"""Link or deduplicate any CSV of person records: a pure module (no Django, no database).

For data migrations from other systems: a CSV export of another case-management system is read
through a **column mapping** (our :class:`~ketenzicht.linkage.records.PersonRecord` field -> the
export's column or columns), every row is validated, and the records go through the batch
pipeline of :mod:`ketenzicht.linkage.batch` -- the same normalising, blocking, comparison and
scoring as the radar at intake. The result is written as CSV: the scored **pairs** and the
**clusters** of records proposed as one person. Nothing is merged: people review the proposals.

Two rules make it safe for a migration:

* **Every row is validated before anything is linked.** Missing columns, unreadable bytes
  (wrong encoding), rows with the wrong number of fields, missing record ids or surnames,
  duplicate record ids and bad dates (unparseable, impossible such as 31-02, in the future or
  before :data:`EARLIEST_YEAR`) are all collected, with file, line, column and value, and raised
  together as one :class:`InputError`; :meth:`InputError.report` is a readable report. Values
  linkage ignores anyway (a BSN that fails the eleven-test, an unknown sex code, a postcode or
  municipality code it cannot read) are counted as warnings, not errors.
* **Nothing half-linked is written.** Output goes to temporary files next to the targets,
  which replace the targets only once both are complete; a failure leaves no output and
  leaves existing files untouched.

The format of a mapping (TOML or JSON, see :func:`load_mapping`) is documented with a full
example in ``docs/linkage-csv.md``; ``docs/examples/linkage-mapping.toml`` is a mapping file to
start from. Command line (also ``manage.py linkage_csv``, with the same arguments)::

    python -m ketenzicht.linkage.csvlink dedupe people.csv --mapping mapping.toml \\
        --pairs pairs.csv --clusters clusters.csv
    python -m ketenzicht.linkage.csvlink link a.csv b.csv --mapping a.toml --mapping-right b.toml \\
        --pairs pairs.csv
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import difflib
import itertools
import json
import os
import re
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

from ketenzicht.common.exports import write_csv
from ketenzicht.linkage.batch import (
    MAX_BLOCK,
    Cluster,
    ScoredPair,
    clusters,
    dedupe_pairs,
    link_pairs,
)
from ketenzicht.linkage.compare import Field
from ketenzicht.linkage.normalise import (
    normalise_bsn,
    normalise_municipality_code,
    normalise_postcode,
    normalise_sex,
)
from ketenzicht.linkage.records import PersonRecord
from ketenzicht.linkage.scoring import (
    DEFAULT_WEIGHTS,
    HOUSEHOLD,
    MATCH_THRESHOLD,
    POSSIBLE_FROM,
    MatchWeights,
)

__all__ = [
    "CLUSTERS_HEADER",
    "DATE_FIELDS",
    "FIELDS",
    "MAPPING_FORMAT",
    "PAIRS_HEADER",
    "ColumnMapping",
    "CsvLinkError",
    "Dataset",
    "InputError",
    "Job",
    "MappingError",
    "OutputError",
    "Problem",
    "Source",
    "Summary",
    "add_arguments",
    "job_from_options",
    "link_csv",
    "load_mapping",
    "main",
    "mapping_from_dict",
    "parse_date",
    "read_records",
    "tqdm_progress",
    "write_atomically",
]

#: The fields of :class:`PersonRecord`: the targets a mapping can name.
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PersonRecord))
#: The fields that hold a date (parsed with the mapping's date formats).
DATE_FIELDS = frozenset({"date_of_birth"})
#: A row without these values is an error (``record_id`` unless the line number is the id).
REQUIRED_FIELDS = ("record_id", "surname")
#: The value of the optional ``format`` key of a mapping file.
MAPPING_FORMAT = "ketenzicht-csv-mapping/1"
#: The date format unless a mapping gives one: ISO, ``yyyy-mm-dd``.
ISO_DATE = "%Y-%m-%d"
#: A date of birth before this year is taken for a placeholder of the source system, not a date.
EARLIEST_YEAR = 1880
#: How many problems a report lists (all are counted).
MAX_LISTED = 100
#: Delimiters that detection considers.
DELIMITERS = ",;\t|"

_FIELD_RANK = {name: rank for rank, name in enumerate((*(f.value for f in Field), HOUSEHOLD))}

# --- errors -------------------------------------------------------------------------------------


class CsvLinkError(Exception):
    """Anything that stops a CSV linkage before output is written; :meth:`report` says why."""

    def report(self) -> str:
        return str(self)


class MappingError(CsvLinkError):
    """The column mapping itself is wrong (an unknown field, a bad date format, ...)."""

    def __init__(self, origin: str, messages: Sequence[str]) -> None:
        self.origin = origin
        self.messages = tuple(messages)
        super().__init__(f"{origin}: " + "; ".join(self.messages))

    def report(self) -> str:
        lines = [f"Bad column mapping ({self.origin}); nothing was read or written:"]
        lines += [f"  - {message}" for message in self.messages]
        return "\n".join(lines)


class OutputError(CsvLinkError):
    """The output paths cannot be used (checked before any input is read)."""


# Problem kinds: code -> how the report summarises them.
ERROR_KINDS = {
    "file": "file cannot be read",
    "encoding": "bytes not valid in the encoding",
    "header": "header problem",
    "missing_column": "mapped column not in the header",
    "csv_syntax": "CSV syntax error",
    "field_count": "wrong number of fields",
    "missing_value": "required value missing",
    "duplicate_id": "duplicate record id",
    "bad_date": "not a date in the expected form",
    "impossible_date": "no such date",
    "future_date": "date in the future",
    "implausible_date": f"date before {EARLIEST_YEAR}",
}
WARNING_KINDS = {
    "invalid_bsn": "BSN fails the eleven-test (ignored by linkage)",
    "unknown_sex": "sex not recognised (treated as unknown)",
    "invalid_postcode": "not a Dutch postcode (ignored by linkage)",
    "invalid_municipality_code": "not a CBS municipality code (ignored by linkage)",
    "partly_unknown_date": "partly unknown date, day or month 00 (treated as missing)",
    "empty_row": "empty row (skipped)",
    "looks_like_utf8": "line is valid UTF-8 (is the file UTF-8? try --encoding utf-8)",
    # With bad_dates = "missing" a bad date is a warning and the date is left out.
    **{
        f"ignored_{kind}": f"{ERROR_KINDS[kind]} (treated as missing)"
        for kind in ("bad_date", "impossible_date", "future_date", "implausible_date")
    },
}
#: What a bad date is: an error (default) or a warning with the date left out.
BAD_DATES = ("error", "missing")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input. ``line`` is the line of the file on which the row starts
    (the header is line 1); ``column`` is the source column (``a+b`` for joined columns)."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    kind: str

    def describe(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where)
        if self.value is not None:
            text += f" ({_show(self.value)})"
        return f"{text}: {self.message}"


def _show(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


class _Log:
    """Collects problems (the first ``max_listed`` in full, all counted) and warnings."""

    def __init__(self, max_listed: int) -> None:
        self.max_listed = max_listed
        self.listed: list[Problem] = []
        self.total = 0
        self.errors: Counter[tuple[str, str | None, str]] = Counter()
        self.warnings: Counter[tuple[str, str | None, str]] = Counter()
        self.warning_lines: dict[tuple[str, str | None, str], list[int]] = {}

    def error(
        self,
        file: str,
        line: int | None,
        column: str | None,
        value: str | None,
        message: str,
        kind: str,
    ) -> None:
        self.total += 1
        self.errors[file, column, kind] += 1
        if len(self.listed) < self.max_listed:
            self.listed.append(Problem(file, line, column, value, message, kind))

    def warn(self, file: str, line: int, column: str | None, kind: str) -> None:
        key = (file, column, kind)
        self.warnings[key] += 1
        examples = self.warning_lines.setdefault(key, [])
        if len(examples) < 5:
            examples.append(line)


def _warning_lines(
    warnings: Mapping[tuple[str, str | None, str], int],
    examples: Mapping[tuple[str, str | None, str], Sequence[int]],
) -> list[str]:
    out = []
    for (file, column, kind), count in sorted(
        warnings.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])
    ):
        where = f"{file}, column {column!r}" if column else file
        lines = ", ".join(str(n) for n in examples.get((file, column, kind), ()))
        more = ", ..." if count > len(examples.get((file, column, kind), ())) else ""
        noun = "line" if count == 1 else "lines"
        out.append(f"  {count:>7}  {WARNING_KINDS[kind]}: {where} ({noun} {lines}{more})")
    return out


class InputError(CsvLinkError):
    """Every problem found in the input files; nothing was linked or written."""

    def __init__(self, log: _Log) -> None:
        self.problems: tuple[Problem, ...] = tuple(log.listed)
        self.total = log.total
        self.counts = dict(log.errors)
        self.warnings = dict(log.warnings)
        self._warning_examples = {k: tuple(v) for k, v in log.warning_lines.items()}
        super().__init__(f"{self.total} problems in the input")

    def report(self) -> str:
        files = sorted({file for file, _, _ in self.counts})
        noun = "problem" if self.total == 1 else "problems"
        lines = [f"Bad input: {self.total} {noun} in {', '.join(files)}; nothing was written.", ""]
        lines += [problem.describe() for problem in self.problems]
        if self.total > len(self.problems):
            lines.append(
                f"... and {self.total - len(self.problems)} more "
                f"(the first {len(self.problems)} of {self.total} are listed)."
            )
        lines += ["", "Problems by column:"]
        for (file, column, kind), count in sorted(
            self.counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])
        ):
            where = f"{file}, column {column!r}" if column else file
            lines.append(f"  {count:>7}  {ERROR_KINDS[kind]}: {where}")
        if self.warnings:
            lines += ["", "Warnings (not errors):"]
            lines += _warning_lines(self.warnings, self._warning_examples)
        return "\n".join(lines)


# --- the column mapping -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """Where a field's value comes from: one column, or several joined by ``separator`` (empty
    values are left out)."""

    columns: tuple[str, ...]
    separator: str = " "

    @property
    def label(self) -> str:
        return "+".join(self.columns)


@dataclass(frozen=True)
class ColumnMapping:
    """How one CSV file maps onto :class:`PersonRecord`.

    ``columns`` maps a field to its :class:`Source`; unmapped fields stay empty. ``date_formats``
    gives the :func:`~datetime.datetime.strptime` formats tried in turn for a date field
    (default :data:`ISO_DATE`). ``delimiter`` ``None`` means: detect. With ``row_ids`` the
    line number is the record id (for an export without an id column). Values listed in
    ``missing_values`` (e.g. ``"onbekend"``, ``"00-00-0000"``) count as empty. With
    ``bad_dates`` ``"missing"`` a bad date is a warning and left out instead of an error.
    """

    columns: Mapping[str, Source] = field(default_factory=dict)
    date_formats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str | None = None
    row_ids: bool = False
    missing_values: frozenset[str] = frozenset()
    bad_dates: str = "error"
    origin: str = "command line"

    def formats(self, name: str) -> tuple[str, ...]:
        return self.date_formats.get(name) or (ISO_DATE,)

    def check(self) -> None:
        """The mapping is complete: the required fields are mapped (raises MappingError)."""
        messages = []
        if self.row_ids and "record_id" in self.columns:
            messages.append("record_id is mapped to a column and row_ids is set: choose one")
        if not self.row_ids and "record_id" not in self.columns:
            messages.append(
                "record_id is not mapped: map it to the column with the source system's id "
                "(or set row_ids = true to use line numbers as ids)"
            )
        if "surname" not in self.columns:
            messages.append("surname is not mapped: map it to the column with the surname")
        if messages:
            raise MappingError(self.origin, messages)


_DATE_TOKENS = (("yyyy", "%Y"), ("jjjj", "%Y"), ("dd", "%d"), ("mm", "%m"))


def date_format(text: str) -> str:
    """A strptime format from ``text``: ``%d-%m-%Y`` as is, or the readable ``dd-mm-yyyy`` /
    ``dd-mm-jjjj`` / ``yyyymmdd`` translated. Raises ValueError when the format does not read
    back a day, a month and a year."""
    fmt = text
    if "%" not in text:
        for token, code in _DATE_TOKENS:
            fmt = re.sub(token, code, fmt, flags=re.IGNORECASE)
    sample = date(1987, 11, 23)
    try:
        back = datetime.strptime(sample.strftime(fmt), fmt).date()
    except ValueError:
        back = None
    if back != sample:
        raise ValueError(f"date format {text!r} does not give a day, a month and a year")
    return fmt


def readable_format(fmt: str) -> str:
    """``%d-%m-%Y`` -> ``dd-mm-yyyy``."""
    for code, token in (("%Y", "yyyy"), ("%y", "yy"), ("%d", "dd"), ("%m", "mm")):
        fmt = fmt.replace(code, token)
    return fmt


def _delimiter(value: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    value = named.get(value.lower(), value)
    if len(value) != 1 or value in '"\r\n':
        raise ValueError(f"delimiter {value!r} must be one character (or 'tab')")
    return value


def _encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise ValueError(f"unknown encoding {value!r} (e.g. utf-8, cp1252, latin-1)") from None
    return value


def _source(name: str, value: Any) -> Source:
    if isinstance(value, str):
        columns: Any = [value]
        separator: Any = " "
    elif isinstance(value, list):
        columns, separator = value, " "
    elif isinstance(value, dict):
        unknown = set(value) - {"columns", "separator"}
        if unknown:
            raise ValueError(f"{name}: unknown keys {sorted(unknown)} (use columns, separator)")
        columns, separator = value.get("columns"), value.get("separator", " ")
        if isinstance(columns, str):
            columns = [columns]
    else:
        raise ValueError(f"{name}: give a column name, a list of names or {{columns = [...]}}")
    if (
        not isinstance(columns, list)
        or not columns
        or not all(isinstance(c, str) and c.strip() for c in columns)
    ):
        raise ValueError(f"{name}: columns must be one or more non-empty column names")
    if not isinstance(separator, str):
        raise ValueError(f"{name}: separator must be text")
    return Source(tuple(c.strip() for c in columns), separator)


def _unknown_field(name: str) -> str:
    return f"unknown field {name!r}; the fields are: {', '.join(FIELDS)}"


def mapping_from_dict(data: Mapping[str, Any], *, origin: str = "mapping") -> ColumnMapping:
    """A :class:`ColumnMapping` from the parsed TOML/JSON document (see ``docs/linkage-csv.md``):
    ``[columns]`` field = column(s), ``[dates]`` field = format(s), ``[file]`` encoding,
    delimiter, row_ids, missing_values. Every mistake is listed in one :class:`MappingError`."""
    messages: list[str] = []
    unknown = set(data) - {"format", "file", "columns", "dates"}
    if unknown:
        messages.append(f"unknown sections {sorted(unknown)} (use file, columns, dates)")
    if "format" in data and data["format"] != MAPPING_FORMAT:
        messages.append(f"format must be {MAPPING_FORMAT!r}")

    def table(name: str) -> Mapping[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            messages.append(f"{name} must be a table of key = value")
            return {}
        return value

    columns: dict[str, Source] = {}
    for name, value in table("columns").items():
        if name not in FIELDS:
            messages.append(_unknown_field(name))
            continue
        try:
            columns[name] = _source(name, value)
        except ValueError as exc:
            messages.append(str(exc))
    date_formats: dict[str, tuple[str, ...]] = {}
    for name, value in table("dates").items():
        if name not in DATE_FIELDS:
            messages.append(f"{name} is not a date field (dates are: {', '.join(DATE_FIELDS)})")
            continue
        raw = [value] if isinstance(value, str) else value
        if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
            messages.append(f"dates.{name}: give a format such as '%d-%m-%Y' or a list of them")
            continue
        try:
            date_formats[name] = tuple(date_format(v) for v in raw)
        except ValueError as exc:
            messages.append(str(exc))
    settings = table("file")
    allowed = {"encoding", "delimiter", "row_ids", "missing_values", "bad_dates"}
    unknown = set(settings) - allowed
    if unknown:
        messages.append(
            f"unknown keys {sorted(unknown)} in file (use {', '.join(sorted(allowed))})"
        )
    bad_dates = settings.get("bad_dates", "error")
    if bad_dates not in BAD_DATES:
        messages.append(f"bad_dates must be one of {', '.join(map(repr, BAD_DATES))}")
    encoding, delimiter = "utf-8", None
    try:
        encoding = _encoding(str(settings.get("encoding", "utf-8")))
    except ValueError as exc:
        messages.append(str(exc))
    if settings.get("delimiter") is not None:
        try:
            delimiter = _delimiter(str(settings["delimiter"]))
        except ValueError as exc:
            messages.append(str(exc))
    row_ids = settings.get("row_ids", False)
    if not isinstance(row_ids, bool):
        messages.append("row_ids must be true or false")
        row_ids = False
    missing = settings.get("missing_values", [])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        messages.append("missing_values must be a list of texts")
        missing = []
    if messages:
        raise MappingError(origin, messages)
    return ColumnMapping(
        columns=columns,
        date_formats=date_formats,
        encoding=encoding,
        delimiter=delimiter,
        row_ids=row_ids,
        missing_values=frozenset(v.strip() for v in missing),
        bad_dates=str(bad_dates),
        origin=origin,
    )


def load_mapping(path: str | Path) -> ColumnMapping:
    """Read a mapping file: TOML (``.toml``) or JSON (``.json``)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(str(path), [f"cannot read the mapping file: {exc.strerror}"]) from None
    try:
        text = raw.decode("utf-8-sig")
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        elif path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            raise MappingError(str(path), ["a mapping file ends in .toml or .json"])
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(str(path), [f"not valid {path.suffix[1:].upper()}: {exc}"]) from None
    if not isinstance(data, dict):
        raise MappingError(str(path), ["the document must be a table (an object)"])
    return mapping_from_dict(data, origin=str(path))


def parse_map_option(text: str) -> tuple[str, Source]:
    """``field=column`` or ``field=column1,column2`` (joined by a space)."""
    name, sep, columns = text.partition("=")
    name = name.strip()
    if not sep or not columns.strip():
        raise MappingError("--map", [f"{text!r}: write --map field=column"])
    if name not in FIELDS:
        raise MappingError("--map", [_unknown_field(name)])
    try:
        return name, _source(name, [c for c in columns.split(",") if c.strip()])
    except ValueError as exc:
        raise MappingError("--map", [str(exc)]) from None


def with_overrides(
    mapping: ColumnMapping,
    *,
    maps: Sequence[str] = (),
    date_formats: Sequence[str] = (),
    encoding: str | None = None,
    delimiter: str | None = None,
    row_ids: bool = False,
    bad_dates: str | None = None,
) -> ColumnMapping:
    """The mapping with command-line options on top (they win over the file)."""
    columns = dict(mapping.columns)
    for text in maps:
        name, source = parse_map_option(text)
        columns[name] = source
    formats = dict(mapping.date_formats)
    try:
        if date_formats:
            formats["date_of_birth"] = tuple(date_format(f) for f in date_formats)
        if encoding is not None:
            encoding = _encoding(encoding)
        if delimiter is not None:
            delimiter = _delimiter(delimiter)
        if bad_dates is not None and bad_dates not in BAD_DATES:
            raise ValueError(f"bad dates must be one of {', '.join(map(repr, BAD_DATES))}")
    except ValueError as exc:
        raise MappingError("command line", [str(exc)]) from None
    origin = mapping.origin
    if maps and "command line" not in origin:
        origin += " + --map"
    return replace(
        mapping,
        columns=columns,
        date_formats=formats,
        encoding=encoding or mapping.encoding,
        delimiter=delimiter or mapping.delimiter,
        row_ids=row_ids or mapping.row_ids,
        bad_dates=bad_dates or mapping.bad_dates,
        origin=origin,
    )


# --- dates --------------------------------------------------------------------------------------


class BadDate(ValueError):
    """A value that is not a usable date; ``kind`` is a key of :data:`ERROR_KINDS`."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class UnknownDate(BadDate):
    """A date with an unknown day or month (``00``, as the BRP writes it): treated as missing."""


_ZERO_PART = re.compile(r"(?<!\d)0{1,2}(?!\d)")
_ZERO_YEAR = re.compile(r"(?<!\d)0000(?!\d)")


def _shape(fmt: str) -> re.Pattern[str]:
    codes = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%y": r"\d{2}"}
    parts = re.split(r"(%[a-zA-Z%])", fmt)
    return re.compile("".join(codes.get(p, re.escape(p) if p[:1] != "%" else ".+") for p in parts))


@lru_cache(maxsize=64)
def _simple_format(fmt: str) -> re.Pattern[str] | None:
    """A regular expression for a format of only ``%d``, ``%m``, ``%Y`` with literal text between
    them (read ten times faster than by strptime, with the same result), else None."""
    codes = {"%d": r"(?P<d>\d{1,2})", "%m": r"(?P<m>\d{1,2})", "%Y": r"(?P<Y>\d{4})"}
    parts = [p for p in re.split(r"(%.)", fmt) if p]
    used = [p for p in parts if p.startswith("%")]
    adjacent = any(a in codes and b in codes for a, b in itertools.pairwise(parts))
    if sorted(used) != ["%Y", "%d", "%m"] or adjacent:  # "%Y%m%d" needs strptime's search
        return None
    return re.compile("".join(codes[p] if p in codes else re.escape(p) for p in parts))


def _strptime(value: str, formats: Sequence[str]) -> date | None:
    for fmt in formats:
        simple = _simple_format(fmt)
        if simple is not None:
            match = simple.fullmatch(value)
            if match is None:
                continue
            try:
                return date(int(match["Y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def parse_date(value: str, formats: Sequence[str] = (ISO_DATE,), *, today: date) -> date:
    """The date in ``value`` (first of ``formats`` that reads it). Raises :class:`BadDate`
    when it is unparseable, impossible (31-02), after ``today`` or before
    :data:`EARLIEST_YEAR`, and :class:`UnknownDate` for a partly unknown date (``00-05-1980``)."""
    parsed = _strptime(value, formats)
    if parsed is None:
        forms = " or ".join(readable_format(f) for f in formats)
        zeroed = _ZERO_PART.sub("01", _ZERO_YEAR.sub("2000", value))
        if zeroed != value and _strptime(zeroed, formats) is not None:
            raise UnknownDate("partly_unknown_date", "partly unknown date")
        if any(_shape(f).fullmatch(value) for f in formats):
            raise BadDate("impossible_date", f"no such date (expected {forms})")
        raise BadDate("bad_date", f"not a date of the form {forms}")
    if parsed > today:
        raise BadDate("future_date", f"date of birth in the future (after {today.isoformat()})")
    if parsed.year < EARLIEST_YEAR:
        raise BadDate(
            "implausible_date",
            f"date before {EARLIEST_YEAR}: a placeholder? (list it in missing_values)",
        )
    return parsed


# --- reading ------------------------------------------------------------------------------------

Progress = Callable[[int], None]


def _suggestion(raw: bytes, start: int, encoding: str) -> str:
    bad = raw[start : start + 1]
    for other in ("cp1252", "latin-1"):
        if other == codecs.lookup(encoding).name:
            continue
        try:
            shown = bad.decode(other)
        except UnicodeDecodeError:
            continue
        return f"{bad.hex(' ').upper()} would be {shown!r} in {other}: try --encoding {other}"
    return "give the file's encoding with --encoding (e.g. cp1252 or latin-1)"


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "a,\n".encode(encoding) == b"a,\n"
    except (UnicodeError, LookupError):
        return False


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _lines(path: Path, encoding: str, name: str, log: _Log) -> Iterator[str]:
    """The decoded lines of ``path`` (with their line ends), one per physical line; bytes that
    are not valid in ``encoding`` are logged with their line and byte position and replaced."""
    if codecs.lookup(encoding).name == "utf-8-sig":
        encoding = "utf-8"  # a BOM is stripped below either way
    first = True
    if _ascii_compatible(encoding):
        # UTF-8 read as cp1252 or latin-1 never fails, it just garbles: flag lines that are
        # valid UTF-8 with more than ASCII in them.
        single_byte = codecs.lookup(encoding).name != "utf-8"
        offset = 0
        with path.open("rb") as source:
            for number, raw in enumerate(source, start=1):
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    log.error(
                        name,
                        number,
                        None,
                        None,
                        f"byte {exc.start + 1} of the line (byte {offset + exc.start} of the "
                        f"file) is not valid {encoding}; {_suggestion(raw, exc.start, encoding)}",
                        "encoding",
                    )
                    text = raw.decode(encoding, "replace")
                if single_byte and not raw.isascii() and _is_utf8(raw):
                    log.warn(name, number, None, "looks_like_utf8")
                if first:
                    text = text.removeprefix("\ufeff")
                    first = False
                offset += len(raw)
                yield text
        return
    data = path.read_bytes()  # UTF-16 and the like: newlines cannot be found in the bytes
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, "replace").count("\n") + 1
        log.error(
            name,
            line,
            None,
            None,
            f"byte {exc.start} is not valid {encoding}; give the file's encoding with --encoding",
            "encoding",
        )
        text = data.decode(encoding, "replace")
    pieces = text.removeprefix("\ufeff").split("\n")
    for i, piece in enumerate(pieces):
        if i < len(pieces) - 1:
            yield piece + "\n"
        elif piece:
            yield piece


def _detect_delimiter(sample: str, header: str) -> str:
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Dataset:
    """The records of one CSV, all valid, with the warnings about them."""

    path: Path
    records: tuple[PersonRecord, ...]
    delimiter: str
    warnings: Mapping[tuple[str, str | None, str], int]
    warning_lines: Mapping[tuple[str, str | None, str], tuple[int, ...]]

    @property
    def name(self) -> str:
        return self.path.name


def _read(
    path: Path,
    mapping: ColumnMapping,
    log: _Log,
    *,
    name: str,
    today: date,
    progress: Progress | None,
) -> tuple[list[PersonRecord], str]:
    if not path.is_file():
        log.error(name, None, None, None, f"no such file: {path}", "file")
        return [], ","
    lines = _lines(path, mapping.encoding, name, log)
    sample: list[str] = []
    size = 0
    for line in lines:
        sample.append(line)
        size += len(line)
        if size > 64_000 or len(sample) >= 100:
            break
    if not sample or not sample[0].strip():
        log.error(name, 1, None, None, "the file is empty or its first line is blank", "header")
        return [], ","
    delimiter = mapping.delimiter or _detect_delimiter("".join(sample), sample[0])
    reader = csv.reader(itertools.chain(sample, lines), delimiter=delimiter, strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except csv.Error as exc:
        log.error(name, 1, None, None, f"the header cannot be read: {exc}", "header")
        return [], delimiter
    width = len(header)
    positions: dict[str, int] = {}
    for i, column in enumerate(header):
        positions.setdefault(column, i)
    wanted = [c for source in mapping.columns.values() for c in source.columns]
    missing = sorted(set(wanted) - set(header), key=wanted.index)
    if missing:
        hints = []
        for column in missing:
            close = difflib.get_close_matches(column, header, n=1, cutoff=0.6)
            if close:
                hints.append(f"{column!r} -> {close[0]!r}?")
        shown = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter)
        log.error(
            name,
            1,
            None,
            None,
            f"columns not in the header: {', '.join(map(repr, missing))}. "
            f"The header ({shown or repr(delimiter)}-separated) has: "
            f"{', '.join(map(repr, header))}"
            + (f". Did you mean {' '.join(hints)}" if hints else ""),
            "missing_column",
        )
        return [], delimiter
    twice = sorted({c for c in wanted if header.count(c) > 1})
    if twice:
        log.error(
            name,
            1,
            None,
            None,
            f"mapped columns appear more than once in the header: {', '.join(map(repr, twice))}",
            "header",
        )
        return [], delimiter

    plan = [
        (f, tuple(positions[c] for c in source.columns), source.separator, source.label)
        for f, source in mapping.columns.items()
    ]
    labels = {f: label for f, _, _, label in plan}
    single = [(f, indexes[0]) for f, indexes, _, _ in plan if len(indexes) == 1]
    joined = [(f, indexes, separator) for f, indexes, separator, _ in plan if len(indexes) > 1]
    missing_values = mapping.missing_values
    id_label = labels.get("record_id", "(line number)")
    date_plan = [(f, mapping.formats(f)) for f in DATE_FIELDS if f in mapping.columns]
    lenient_dates = mapping.bad_dates == "missing"
    seen: dict[str, int] = {}
    records: list[PersonRecord] = []
    read = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            log.error(name, start, None, None, f"CSV syntax: {exc}", "csv_syntax")
            if reader.line_num < start:
                break
            continue
        read += 1
        if progress is not None and read % 10_000 == 0:
            progress(10_000)
        if not any(v.strip() for v in row):
            log.warn(name, start, None, "empty_row")
            continue
        if len(row) != width:
            log.error(
                name,
                start,
                None,
                None,
                f"{len(row)} fields, the header has {width} (a delimiter or quote in a value?)",
                "field_count",
            )
            continue
        values: dict[str, Any] = {f: row[i].strip() for f, i in single}
        for f, indexes, separator in joined:
            values[f] = separator.join(p for i in indexes if (p := row[i].strip()))
        if missing_values:
            for f, value in values.items():
                if value in missing_values:
                    values[f] = ""
        errors_before = log.total
        record_id = str(start) if mapping.row_ids else values.get("record_id", "")
        if not record_id:
            log.error(name, start, id_label, "", "record id missing", "missing_value")
        elif record_id in seen:
            log.error(
                name,
                start,
                id_label,
                record_id,
                f"duplicate record id (first on line {seen[record_id]})",
                "duplicate_id",
            )
        else:
            seen[record_id] = start
        values["record_id"] = record_id
        if not values["surname"]:
            log.error(name, start, labels["surname"], "", "surname missing", "missing_value")
        for f, formats in date_plan:
            text = values[f]
            if not text:
                values[f] = None
                continue
            try:
                values[f] = parse_date(text, formats, today=today)
            except UnknownDate as exc:
                log.warn(name, start, labels[f], exc.kind)
                values[f] = None
            except BadDate as exc:
                if lenient_dates:
                    log.warn(name, start, labels[f], f"ignored_{exc.kind}")
                    values[f] = None
                else:
                    log.error(name, start, labels[f], text, str(exc), exc.kind)
        if log.total > errors_before:
            continue
        for f, check, kind in _WARNINGS:
            value = values.get(f, "")
            if value and not check(value):
                log.warn(name, start, labels[f], kind)
        records.append(PersonRecord(**values))
    if progress is not None:
        progress(read % 10_000)
    return records, delimiter


# Values linkage ignores (normalised to ""): field, its normaliser, the warning.
_WARNINGS: tuple[tuple[str, Callable[[str], str], str], ...] = (
    ("bsn", normalise_bsn, "invalid_bsn"),
    ("sex", normalise_sex, "unknown_sex"),
    ("postcode", normalise_postcode, "invalid_postcode"),
    ("municipality_code", normalise_municipality_code, "invalid_municipality_code"),
)


def read_records(
    inputs: Sequence[tuple[str | Path, ColumnMapping]],
    *,
    today: date | None = None,
    max_listed: int = MAX_LISTED,
    progress: Callable[[str], Progress | None] | None = None,
) -> list[Dataset]:
    """Read and validate every file of ``inputs`` (a path and its mapping each). All problems
    of all files are raised together as one :class:`InputError`; a mapping that is not
    complete raises :class:`MappingError` before any file is read. ``progress`` is called with
    a file's name before reading it and may return a callback for the rows read."""
    for _, mapping in inputs:
        mapping.check()
    today = today or date.today()
    log = _Log(max_listed)
    names = _display_names([Path(p) for p, _ in inputs])
    out: list[Dataset] = []
    for (path, mapping), name in zip(inputs, names, strict=True):
        counted = log.warnings.copy()
        rows = progress(name) if progress is not None else None
        records, delimiter = _read(Path(path), mapping, log, name=name, today=today, progress=rows)
        warnings = {k: n - counted[k] for k, n in log.warnings.items() if n > counted[k]}
        out.append(
            Dataset(
                Path(path),
                tuple(records),
                delimiter,
                warnings,
                {k: tuple(log.warning_lines[k]) for k in warnings},
            )
        )
    if log.total:
        raise InputError(log)
    return out


def _display_names(paths: Sequence[Path]) -> list[str]:
    names = [p.name for p in paths]
    if len(set(names)) < len(names):
        return [str(p) for p in paths]
    return names


# --- linking ------------------------------------------------------------------------------------

PAIRS_HEADER = (
    "left_id",
    "right_id",
    "probability",
    "match_weight",
    "strength",
    *(f"{f.value}_level" for f in Field),
    "co_resident",
    "evidence",
)
CLUSTERS_HEADER = (
    "cluster_id",
    "record_id",
    "cluster_size",
    "best_probability",
    "weakest_probability",
)
#: In a linkage the clusters say which file each record came from.
LINK_CLUSTERS_HEADER = ("cluster_id", "source", *CLUSTERS_HEADER[1:])
SIDES = ("left", "right")


def _weight(value: float) -> str:
    return "0.0" if round(value, 1) == 0 else f"{value:+.1f}"


def pair_row(pair: ScoredPair) -> tuple[str, ...]:
    """One row of the pairs CSV (:data:`PAIRS_HEADER`)."""
    result = pair.score
    # Field order, so rows compare column by column; any further items (the household's) last.
    items = sorted(result.evidence, key=lambda e: _FIELD_RANK.get(e.field, len(_FIELD_RANK)))
    levels = {e.field: e.level for e in items}
    return (
        pair.left,
        pair.right,
        f"{result.probability:.6f}",
        f"{result.match_weight:.2f}",
        result.strength.value,
        *(levels.get(f.value, "") for f in Field),
        "yes" if result.co_resident else "",
        "; ".join(f"{e.field}={e.level}({_weight(e.weight)})" for e in items),
    )


def _tag(side: int, record_id: str) -> str:
    return f"{side}\x1f{record_id}"


def _untag(tagged: str) -> tuple[int, str]:
    side, _, record_id = tagged.partition("\x1f")
    return int(side), record_id


def _clusters(pairs: Sequence[ScoredPair], *, link: bool, threshold: float) -> list[Cluster]:
    if not link:
        return clusters(pairs, threshold=threshold)
    tagged = [ScoredPair(_tag(0, p.left), _tag(1, p.right), p.score) for p in pairs]
    return clusters(tagged, threshold=threshold)


def cluster_rows(
    found: Sequence[Cluster],
    datasets: Sequence[Dataset],
    *,
    link: bool,
    singletons: bool,
) -> Iterator[tuple[str, ...]]:
    """The rows of the clusters CSV: each record of each cluster; with ``singletons`` then
    every record in no cluster as a cluster of its own, in input order."""
    number = 0
    clustered: set[tuple[int, str]] = set()
    for cluster in found:
        number += 1
        best, weakest = f"{cluster.best:.6f}", f"{cluster.weakest:.6f}"
        size = str(len(cluster.record_ids))
        for member in cluster.record_ids:
            side, record_id = _untag(member) if link else (0, member)
            clustered.add((side, record_id))
            source = (SIDES[side],) if link else ()
            yield (str(number), *source, record_id, size, best, weakest)
    if singletons:
        for side, dataset in enumerate(datasets):
            for record in dataset.records:
                if (side, record.record_id) not in clustered:
                    number += 1
                    source = (SIDES[side],) if link else ()
                    yield (str(number), *source, record.record_id, "1", "", "")


# --- the job ------------------------------------------------------------------------------------


class ProgressBars(Protocol):
    """Progress reporting: ``start`` a stage and get a callback for increments; stages end
    when the next starts or at ``close``."""

    def start(self, description: str, total: int | None, unit: str) -> Progress: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Job:
    """One CSV linkage: ``mode`` ``dedupe`` (one input) or ``link`` (two)."""

    mode: str
    inputs: tuple[Path, ...]
    mappings: tuple[ColumnMapping, ...]
    pairs_path: Path | None = None
    clusters_path: Path | None = None
    threshold: float = MATCH_THRESHOLD
    min_probability: float = POSSIBLE_FROM
    weights: MatchWeights = DEFAULT_WEIGHTS
    singletons: bool = False
    max_block: int = MAX_BLOCK
    max_listed: int = MAX_LISTED

    def check(self) -> None:
        """Arguments and output paths that cannot work (raises CsvLinkError before reading)."""
        expected = {"dedupe": 1, "link": 2}.get(self.mode)
        if expected is None:
            raise CsvLinkError(f"mode must be dedupe or link, not {self.mode!r}")
        if len(self.inputs) != expected or len(self.mappings) != expected:
            raise CsvLinkError(
                f"{self.mode} takes {expected} CSV file{'s' if expected > 1 else ''}, "
                f"{len(self.inputs)} given"
            )
        for name, value in (
            ("threshold", self.threshold),
            ("min-probability", self.min_probability),
        ):
            if not 0.0 <= value <= 1.0:
                raise CsvLinkError(f"{name} must be between 0 and 1, not {value}")
        outputs = [p for p in (self.pairs_path, self.clusters_path) if p is not None]
        if not outputs:
            raise OutputError("nothing to write: give --pairs and/or --clusters")
        if len(outputs) == 2 and _same(outputs[0], outputs[1]):
            raise OutputError("--pairs and --clusters must be different files")
        for output in outputs:
            if any(_same(output, i) for i in self.inputs):
                raise OutputError(f"{output} is an input file: it would be overwritten")
            if output.is_dir():
                raise OutputError(f"{output} is a directory; give a file name")
            folder = output.parent
            if not folder.is_dir():
                raise OutputError(f"{output}: the folder {folder} does not exist")
            if not os.access(folder, os.W_OK):
                raise OutputError(f"{output}: the folder {folder} is not writable")


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


@dataclass(frozen=True)
class Summary:
    """What a run read and wrote."""

    records: tuple[tuple[str, int], ...]  # (file name, records) per input
    pairs_written: int
    clusters: int  # with two or more records
    clustered_records: int
    singletons: int
    seconds: float
    warnings: tuple[str, ...]
    job: Job

    def report(self) -> str:
        job = self.job
        lines = [f"{_count(n, 'record')} read from {name}" for name, n in self.records]
        if job.pairs_path is not None:
            lines.append(
                f"{_count(self.pairs_written, 'pair')} with probability >= {job.min_probability:g} "
                f"written to {job.pairs_path}"
            )
        if job.clusters_path is not None:
            text = (
                f"{_count(self.clusters, 'cluster')} ({_count(self.clustered_records, 'record')}) "
                f"at threshold "
                f"{job.threshold:g}"
            )
            if job.singletons:
                text += f" and {_count(self.singletons, 'single record')}"
            lines.append(f"{text} written to {job.clusters_path}")
        if self.warnings:
            lines += ["Warnings (not errors):", *self.warnings]
        lines.append(f"{self.seconds:.1f} s")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def write_atomically(outputs: Sequence[tuple[Path, Callable[[IO[str]], None]]]) -> None:
    """Write every output to a temporary file in its target folder; only when all are
    complete do they replace the targets (``os.replace``: atomic on one file system). On any
    failure the temporary files are removed and the targets are untouched. The files are
    readable by their owner only (mkstemp), as they concern persons."""
    temporary: list[tuple[str, Path]] = []
    try:
        for path, write in outputs:
            handle, name = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
            )
            temporary.append((name, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
        for name, path in temporary:
            os.replace(name, path)
    except BaseException:
        for name, _ in temporary:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
        raise


def link_csv(
    job: Job,
    *,
    today: date | None = None,
    progress: ProgressBars | None = None,
) -> Summary:
    """Run ``job``: read and validate the inputs, find the pairs, cluster them, write the
    outputs atomically. Raises :class:`CsvLinkError` (a :class:`MappingError`,
    :class:`InputError` or :class:`OutputError`) before anything is written."""
    started = time.perf_counter()
    job.check()

    def reading(name: str) -> Progress | None:
        return progress.start(f"reading {name}", None, "row") if progress else None

    try:
        datasets = read_records(
            list(zip(job.inputs, job.mappings, strict=True)),
            today=today,
            max_listed=job.max_listed,
            progress=reading,
        )
        total = sum(len(d.records) for d in datasets)
        normalised = progress.start("normalising", total, "record") if progress else None
        link = job.mode == "link"
        # Clusters need every pair from the threshold up, whatever the pairs file shows.
        minimum = min(job.min_probability, job.threshold)
        if link:
            found = link_pairs(
                datasets[0].records,
                datasets[1].records,
                weights=job.weights,
                minimum=minimum,
                max_block=job.max_block,
                progress=normalised,
            )
        else:
            found = dedupe_pairs(
                datasets[0].records,
                weights=job.weights,
                minimum=minimum,
                max_block=job.max_block,
                progress=normalised,
            )
        pairs = _collect(found, progress)
    finally:
        if progress is not None:
            progress.close()
    pairs.sort(key=lambda p: (-p.probability, p.left, p.right))
    shown = [p for p in pairs if p.probability >= job.min_probability]
    found_clusters = _clusters(pairs, link=link, threshold=job.threshold)
    rows = list(cluster_rows(found_clusters, datasets, link=link, singletons=job.singletons))
    outputs: list[tuple[Path, Callable[[IO[str]], None]]] = []
    if job.pairs_path is not None:
        outputs.append((job.pairs_path, _writer(PAIRS_HEADER, (pair_row(p) for p in shown))))
    if job.clusters_path is not None:
        header = LINK_CLUSTERS_HEADER if link else CLUSTERS_HEADER
        outputs.append((job.clusters_path, _writer(header, rows)))
    write_atomically(outputs)
    clustered = sum(len(c.record_ids) for c in found_clusters)
    warnings: Counter[tuple[str, str | None, str]] = Counter()
    examples: dict[tuple[str, str | None, str], tuple[int, ...]] = {}
    for dataset in datasets:
        warnings.update(dataset.warnings)
        examples.update(dataset.warning_lines)
    return Summary(
        records=tuple((d.name, len(d.records)) for d in datasets),
        pairs_written=len(shown),
        clusters=len(found_clusters),
        clustered_records=clustered,
        singletons=len(rows) - clustered,
        seconds=time.perf_counter() - started,
        warnings=tuple(_warning_lines(warnings, examples)),
        job=job,
    )


def _collect(found: Iterable[ScoredPair], progress: ProgressBars | None) -> list[ScoredPair]:
    if progress is None:
        return list(found)
    pending = iter(found)
    first = next(pending, None)  # the batch functions normalise and index before the first pair
    advance = progress.start("scoring (pairs found)", None, "pair")
    pairs: list[ScoredPair] = []
    for pair in itertools.chain([first] if first is not None else [], pending):
        pairs.append(pair)
        if len(pairs) % 1000 == 0:
            advance(1000)
    advance(len(pairs) % 1000)
    return pairs


def _writer(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Callable[[IO[str]], None]:
    """Outputs go through ``common.exports.write_csv``: a record id or name from the input that
    starts like a formula (``=HYPERLINK(...)``) is written with a leading single quote."""

    def write(out: IO[str]) -> None:
        write_csv(out, header, rows)

    return write


# --- command line -------------------------------------------------------------------------------


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a probability between 0 and 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``python -m ketenzicht.linkage.csvlink`` and ``manage.py linkage_csv``."""
    parser.add_argument("mode", choices=("dedupe", "link"), help="dedupe one CSV or link two")
    parser.add_argument("inputs", nargs="+", metavar="CSV", help="one CSV (dedupe), two (link)")
    parser.add_argument("--mapping", help="column mapping file (.toml or .json)")
    parser.add_argument("--mapping-right", help="mapping of the second CSV (default: --mapping)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN[,COLUMN...]",
        help="map a field to a column (several columns are joined); wins over the file",
    )
    parser.add_argument(
        "--date-format",
        action="append",
        default=[],
        metavar="FORMAT",
        help="date of birth format, e.g. %%d-%%m-%%Y or dd-mm-jjjj (default yyyy-mm-dd); "
        "repeat to try several",
    )
    parser.add_argument("--encoding", help="encoding of the CSV files (default utf-8)")
    parser.add_argument("--delimiter", help="field delimiter, e.g. ';' or tab (default: detect)")
    parser.add_argument(
        "--bad-dates",
        choices=BAD_DATES,
        help="a bad date is an error (default) or a warning and left out (missing)",
    )
    parser.add_argument(
        "--row-ids", action="store_true", help="use line numbers as record ids (no id column)"
    )
    parser.add_argument("--pairs", help="write the scored pairs to this CSV")
    parser.add_argument("--clusters", help="write the clusters to this CSV")
    parser.add_argument(
        "--singletons", action="store_true", help="list records in no cluster as clusters of one"
    )
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=MATCH_THRESHOLD,
        help=f"probability from which a pair joins a cluster (default {MATCH_THRESHOLD})",
    )
    parser.add_argument(
        "--min-probability",
        type=_probability,
        default=POSSIBLE_FROM,
        help=f"lowest probability written to the pairs CSV (default {POSSIBLE_FROM})",
    )
    parser.add_argument("--weights", help="match weights JSON (default: the shipped weights)")
    parser.add_argument(
        "--max-block", type=int, default=MAX_BLOCK, help="skip blocking keys shared by more"
    )
    parser.add_argument(
        "--max-problems", type=int, default=MAX_LISTED, help="problems listed in the report"
    )


def job_from_options(options: Mapping[str, Any]) -> Job:
    """A :class:`Job` from the parsed arguments of :func:`add_arguments`."""
    inputs = tuple(Path(p) for p in options["inputs"])
    base = load_mapping(options["mapping"]) if options.get("mapping") else ColumnMapping()
    right = load_mapping(options["mapping_right"]) if options.get("mapping_right") else base
    if options.get("mapping_right") and options["mode"] != "link":
        raise CsvLinkError("--mapping-right is for link mode (two CSV files)")
    overrides: dict[str, Any] = {
        "maps": options.get("map") or (),
        "date_formats": options.get("date_format") or (),
        "encoding": options.get("encoding"),
        "delimiter": options.get("delimiter"),
        "row_ids": bool(options.get("row_ids")),
        "bad_dates": options.get("bad_dates"),
    }
    mappings = [with_overrides(base, **overrides), with_overrides(right, **overrides)]
    weights = DEFAULT_WEIGHTS
    if options.get("weights"):
        try:
            weights = MatchWeights.load(options["weights"])
        except (OSError, ValueError, KeyError) as exc:
            raise CsvLinkError(f"{options['weights']}: not usable weights: {exc}") from None

    def path(name: str) -> Path | None:
        value = options.get(name)
        return Path(value) if value else None

    return Job(
        mode=options["mode"],
        inputs=inputs,
        mappings=tuple(mappings[: len(inputs)]),
        pairs_path=path("pairs"),
        clusters_path=path("clusters"),
        threshold=float(options.get("threshold", MATCH_THRESHOLD)),
        min_probability=float(options.get("min_probability", POSSIBLE_FROM)),
        weights=weights,
        singletons=bool(options.get("singletons")),
        max_block=int(options.get("max_block", MAX_BLOCK)),
        max_listed=int(options.get("max_problems", MAX_LISTED)),
    )


class _TqdmBars:
    def __init__(self, stream: IO[str], disable: bool) -> None:
        self.stream = stream
        self.disable = disable
        self.bar: Any = None

    def start(self, description: str, total: int | None, unit: str) -> Progress:
        from tqdm import tqdm

        self.close()
        self.bar = tqdm(
            total=total,
            desc=description,
            unit=unit,
            unit_scale=True,
            file=self.stream,
            disable=self.disable,
        )
        update: Progress = self.bar.update
        return update

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def tqdm_progress(stream: IO[str] | None = None, *, disable: bool = False) -> ProgressBars:
    """Progress bars with tqdm on ``stream`` (default standard error)."""
    return _TqdmBars(stream or sys.stderr, disable)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ketenzicht.linkage.csvlink",
        description="Link or deduplicate CSV files of person records (see docs/linkage-csv.md).",
    )
    add_arguments(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    try:
        job = job_from_options(vars(args))
        summary = link_csv(job, progress=tqdm_progress(sys.stderr, disable=args.quiet))
    except CsvLinkError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(summary.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
