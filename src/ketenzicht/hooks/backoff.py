"""When a failed webhook delivery is tried again (pure; no Django).

After the n-th failed attempt the next one waits ``base * 2**n`` seconds, capped at ``cap``,
minus up to ``jitter`` of it at random, so receivers that were down together are not hit by
every sender at the same moment when they come back. With base 30 s, cap 6 h and 8 attempts:
1, 2, 4, 8, 16, 32 minutes, then 64 minutes; about two hours from the first attempt to
giving up (``failed``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 30.0
    cap_seconds: float = 6 * 3600.0
    jitter: float = 0.2  # fraction of the delay taken off at random (0 = none, 1 = full jitter)
    max_attempts: int = 8

    def __post_init__(self) -> None:
        if self.base_seconds <= 0 or self.cap_seconds < self.base_seconds:
            raise ValueError("need 0 < base_seconds <= cap_seconds")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter is a fraction between 0 and 1")
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")


def retry_delay(attempts: int, policy: RetryPolicy, *, rand: float) -> float | None:
    """Seconds to wait after ``attempts`` failed attempts, or None when no attempt is left.
    ``rand`` is a number in [0, 1) (``random.random()``; fixed in tests)."""
    if attempts < 1:
        raise ValueError("attempts counts the failed attempts so far (at least 1)")
    if attempts >= policy.max_attempts:
        return None
    delay = min(policy.cap_seconds, policy.base_seconds * 2.0**attempts)
    return delay * (1.0 - policy.jitter * rand)


def schedule(policy: RetryPolicy) -> list[float]:
    """The delays without jitter, one per retry: what docs and tests show."""
    delays = []
    for attempts in range(1, policy.max_attempts):
        delay = retry_delay(attempts, policy, rand=0.0)
        assert delay is not None
        delays.append(delay)
    return delays
