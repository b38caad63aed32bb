"""The retry policy of an alias: tenacity, full-jitter exponential backoff, and a stop on either the
number of attempts or the call's deadline (never sleeping into it).

One policy is built per alias and copied for each call (tenacity keeps a call's state on the
policy object, and an async policy shared by concurrent tasks of one thread would mix them up).
"""

from __future__ import annotations

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_any,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from . import _transport
from .errors import LLMTimeout, LLMUnavailable

BACKOFF_MULTIPLIER = 0.25
BACKOFF_MAX = 4.0
# An attempt started this close to the deadline could not finish in time anyway.
MIN_ATTEMPT = 0.05


class stop_before_deadline(stop_base):
    """Stop when the next attempt would start too close to the call's deadline."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        left = _transport.remaining()
        return left is not None and left - retry_state.upcoming_sleep < MIN_ATTEMPT


WAIT = wait_random_exponential(multiplier=BACKOFF_MULTIPLIER, max=BACKOFF_MAX)
RETRY = retry_if_exception_type((LLMUnavailable, LLMTimeout))


def policy(retries: int) -> Retrying:
    stop = stop_any(stop_after_attempt(retries + 1), stop_before_deadline())
    return Retrying(stop=stop, wait=WAIT, retry=RETRY, reraise=True)


def async_policy(retries: int) -> AsyncRetrying:
    stop = stop_any(stop_after_attempt(retries + 1), stop_before_deadline())
    return AsyncRetrying(stop=stop, wait=WAIT, retry=RETRY, reraise=True)
