"""Validation helpers shared by the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.common.validation import (
    choices_valid,
    is_valid_bsn,
    normalise_postcode,
    raise_if,
    require,
)


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_a_bsn_that_passes_the_eleven_test_is_valid(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize(
    "bsn", ["123456789", "000000000", "12345678", "1234567890", "12345678a", ""]
)
def test_a_bsn_that_fails_the_eleven_test_or_the_format_is_invalid(bsn):
    assert not is_valid_bsn(bsn)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_nine_digits_are_valid_exactly_when_the_weighted_sum_divides_by_eleven(bsn):
    weighted = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    assert is_valid_bsn(bsn) is (bsn != "000000000" and (weighted - int(bsn[8])) % 11 == 0)


@pytest.mark.parametrize("bsn", ["١٢٣٤٥٦٧٨٢", "123456782\n", " 23456782", "12345678\u00b2"])
def test_only_ascii_digits_make_a_bsn(bsn):
    assert not is_valid_bsn(bsn)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("3311ab", "3311 AB"),
        (" 3311 ab ", "3311 AB"),
        ("3311  AB", "3311 AB"),
        ("0311AB", "0311AB"),
        ("", ""),
        ("ABCD", "ABCD"),
    ],
)
def test_postcodes_are_normalised(raw, normal):
    assert normalise_postcode(raw) == normal


def test_errors_are_collected_per_field_and_raised_together():
    errors: dict[str, list[str]] = {}
    require(True, "a", "never", errors)
    require(False, "a", "first", errors)
    require(False, "a", "second", errors)
    require(False, "b", "third", errors)
    with pytest.raises(ValidationError) as info:
        raise_if(errors)
    assert info.value.message_dict == {"a": ["first", "second"], "b": ["third"]}


def test_no_errors_raise_nothing():
    raise_if({})


def test_choices_are_valid_only_when_all_are_allowed():
    assert choices_valid(["a", "b"], ["a", "b", "c"])
    assert choices_valid([], ["a"])
    assert not choices_valid(["a", "x"], ["a", "b"])
