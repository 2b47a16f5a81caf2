"""Properties of the CSV reader: good files read back exactly; a bad value is found on its line."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.external.csvformat import CsvRejected, parse_series

LATEST = 2026
HEADER = "indicator,municipality,period,value,source"

rows = st.lists(
    st.tuples(
        st.sampled_from(["police_incidents", "formal_complaints", "restraining_orders"]),
        st.integers(min_value=1, max_value=9999),  # GM code
        st.integers(min_value=1990, max_value=LATEST),
        st.sampled_from(["", "-H1", "-H2"]),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    ),
    min_size=1,
    max_size=30,
    unique_by=lambda r: (r[0], r[1], r[2], r[3]),
)


def _text(lines, delimiter=","):
    return "\n".join(delimiter.join(line) for line in lines) + "\n"


@given(rows, st.sampled_from([",", ";"]))
def test_a_good_file_reads_back_exactly(data, delimiter):
    lines = [HEADER.split(",")] + [
        [i, f"GM{c:04d}", f"{y}{h}", str(v).replace(".", "," if delimiter == ";" else "."), "P"]
        for i, c, y, h, v in data
    ]
    parsed = parse_series(_text(lines, delimiter), latest_year=LATEST)
    assert [(r.line, r.indicator, r.municipality, r.period, r.value) for r in parsed] == [
        (n + 2, i, f"GM{c:04d}", f"{y}{h}", Decimal(v)) for n, (i, c, y, h, v) in enumerate(data)
    ]


@given(rows, st.data())
def test_one_bad_value_is_reported_on_its_own_line_and_column(data, draw):
    lines = [HEADER.split(",")] + [
        [i, f"GM{c:04d}", f"{y}{h}", str(v), "P"] for i, c, y, h, v in data
    ]
    bad = draw.draw(st.integers(min_value=1, max_value=len(data)))
    column, value = draw.draw(
        st.sampled_from([(3, "veel"), (3, "-1"), (2, "2024-Q1"), (2, "1850"), (0, "Politie!")])
    )
    lines[bad][column] = value
    try:
        parse_series(_text(lines), latest_year=LATEST)
    except CsvRejected as rejected:
        assert [(p.line, p.column) for p in rejected.problems] == [
            (bad + 1, HEADER.split(",")[column])
        ]
    else:
        raise AssertionError("a bad value was accepted")
