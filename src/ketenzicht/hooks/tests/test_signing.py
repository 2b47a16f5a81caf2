"""The signature header (pure): what a receiver computes, and what it must refuse."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.hooks.signing import signature_header, signature_verify

SECRET = "kzwh_test-secret"
BODY = b'{"id":"e1","type":"report.received"}'


def test_the_header_is_an_hmac_sha256_of_time_dot_body_in_hex():
    header = signature_header(SECRET, 1_700_000_000, BODY)
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"


def test_a_receiver_accepts_a_fresh_signature_and_refuses_tampering():
    header = signature_header(SECRET, 1_700_000_000, BODY)
    assert signature_verify(SECRET, header, BODY, now=1_700_000_010)
    assert not signature_verify(SECRET, header, BODY + b" ", now=1_700_000_010)
    assert not signature_verify("another-secret", header, BODY, now=1_700_000_010)
    moved = header.replace("t=1700000000", "t=1700000005")
    assert not signature_verify(SECRET, moved, BODY, now=1_700_000_010)


def test_a_receiver_refuses_a_replay_outside_the_tolerance():
    header = signature_header(SECRET, 1_700_000_000, BODY)
    assert signature_verify(SECRET, header, BODY, now=1_700_000_300)
    assert not signature_verify(SECRET, header, BODY, now=1_700_000_301)
    assert not signature_verify(SECRET, header, BODY, now=1_699_999_699)


@given(st.text(max_size=80))
def test_any_malformed_header_is_refused_never_an_error(header):
    assert signature_verify(SECRET, header, BODY, now=1_700_000_000) is False


def test_one_of_several_signatures_may_match():
    good = signature_header(SECRET, 1_700_000_000, BODY).split(",")[1]
    header = f"t=1700000000,v1={'0' * 64},{good}"
    assert signature_verify(SECRET, header, BODY, now=1_700_000_000)
