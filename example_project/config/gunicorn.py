"""gunicorn for the example site: ``gunicorn -c python:config.gunicorn config.asgi``.

The workers are uvicorn's (``uvicorn_worker.UvicornWorker``) serving the ASGI application: a page
streaming an answer holds a connection open for as long as the model writes, and under ASGI that
costs a coroutine, not a thread. ``GUNICORN_WORKER_CLASS=sync`` with ``config.wsgi`` serves WSGI.

Every line it prints, its own and the access log's, is one JSON object with secrets masked
(``?token=``, passwords in URLs, the site's secret settings), through the same formatter and
filters as the site's ``LOGGING``; so is a Python warning. Command-line options win over these.

Prometheus: the workers share ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode),
so a scrape of ``/metrics``, whichever worker answers it, adds up every worker's counters. Set it
to a directory of your own (a tmpfs is best), or a fresh one is made under the temporary directory.
It is emptied when gunicorn starts; ``child_exit`` tells prometheus_client when a worker exits.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from foundation_settings import logging_config

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "uvicorn_worker.UvicornWorker")

# With logconfig_dict set, gunicorn logs each request to "gunicorn.access" (no --access-logfile);
# uvicorn's workers log theirs to "uvicorn.access" and "uvicorn.error".
_ours = {"handlers": ["console"], "level": "INFO", "propagate": False}
logconfig_dict = logging_config(
    json=True,
    loggers=dict.fromkeys(
        ("gunicorn.error", "gunicorn.access", "uvicorn.error", "uvicorn.access", "py.warnings"),
        _ours,
    ),
)
logging.captureWarnings(True)

# Set in the master before any worker starts (and before --preload imports the site), so that
# prometheus_client in every worker finds it at import.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="prometheus-"))


def on_starting(server: Any) -> None:
    """A new master: counts left by an earlier run of gunicorn are not this run's."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A worker exited (or was killed): its counters stay, its live gauges go."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
