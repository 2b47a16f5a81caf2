"""When a failed delivery is tried again (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketenzicht.hooks.backoff import RetryPolicy, retry_delay, schedule


def test_each_retry_waits_twice_as_long_until_the_cap():
    policy = RetryPolicy(base_seconds=30, cap_seconds=600, jitter=0, max_attempts=8)
    assert schedule(policy) == [60, 120, 240, 480, 600, 600, 600]


def test_after_the_last_attempt_there_is_no_retry():
    policy = RetryPolicy(max_attempts=3)
    assert retry_delay(2, policy, rand=0.5) is not None
    assert retry_delay(3, policy, rand=0.5) is None


def test_the_default_policy_gives_up_after_about_two_hours():
    assert sum(schedule(RetryPolicy())) == 127 * 60


@given(attempts=st.integers(1, 30), rand=st.floats(0, 1, exclude_max=True))
def test_jitter_only_shortens_a_wait_and_by_at_most_its_share(attempts, rand):
    policy = RetryPolicy(base_seconds=30, cap_seconds=3600, jitter=0.2, max_attempts=40)
    full = min(3600, 30 * 2**attempts)
    delay = retry_delay(attempts, policy, rand=rand)
    assert delay is not None
    assert full * 0.8 - 1e-9 <= delay <= full


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_seconds": 0},
        {"cap_seconds": 1, "base_seconds": 2},
        {"jitter": 1.5},
        {"max_attempts": 0},
    ],
)
def test_a_nonsensical_policy_is_refused(kwargs):
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)
