"""What a readiness check is: an object with ``run()``, and the two exceptions a check may raise.

A check passes by returning (a returned string, number or flat dict is shown to authorised callers
as its detail) and fails by raising. Raise :class:`CheckFailed` or :class:`CheckWarning` with a
message meant for people; any other exception is reported by its class name only, so no host name,
path or credential can reach a response.
"""

from __future__ import annotations

from collections.abc import Callable

CheckFunc = Callable[[], object]


class CheckFailed(Exception):
    """The dependency is not usable; the message is safe to show to authorised callers."""


class CheckWarning(Exception):
    """Degraded but usable: reported as ``warn``, never fails readiness."""


class Check:
    """One readiness check.

    ``prepare()`` imports client libraries and builds clients. It runs before the check's clock
    starts, in the thread that asks for a report, one check after another: an import therefore
    never counts against a timeout and never races another thread's import of the same module.
    It must not do network I/O. ``run()`` talks to the dependency, on a thread of the check pool.
    """

    def __init__(self, name: str, *, critical: bool = True, timeout: float | None = None) -> None:
        if not name or not isinstance(name, str):
            raise ValueError("a health check needs a non-empty name")
        if timeout is not None and timeout <= 0:
            raise ValueError(f"health check {name!r}: timeout must be positive")
        self.name = name
        self.critical = critical
        self.timeout = timeout

    def prepare(self) -> None:
        """Import and construct what ``run()`` needs; no network I/O. Cheap when called again."""

    def run(self) -> object:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} critical={self.critical}>"


class FunctionCheck(Check):
    """A check made of a function, with an optional ``prepare`` function (see :func:`register`)."""

    def __init__(
        self,
        name: str,
        func: CheckFunc,
        *,
        critical: bool = True,
        timeout: float | None = None,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(name, critical=critical, timeout=timeout)
        if not callable(func):
            raise TypeError(f"health check {name!r} is not callable")
        if prepare is not None and not callable(prepare):
            raise TypeError(f"health check {name!r}: prepare is not callable")
        self.func = func
        self._prepare = prepare
        self._prepared = False

    def prepare(self) -> None:
        if self._prepare is not None and not self._prepared:
            self._prepare()
            self._prepared = True

    def run(self) -> object:
        return self.func()
