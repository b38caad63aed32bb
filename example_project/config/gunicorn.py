"""gunicorn for the example site: ``gunicorn -c python:config.gunicorn config.asgi``.

The workers are uvicorn's (``uvicorn_worker.UvicornWorker``) serving the ASGI application: a page
streaming an answer holds a connection open for as long as the model writes, and under ASGI that
costs a coroutine, not a thread. ``GUNICORN_WORKER_CLASS=sync`` with ``config.wsgi`` serves WSGI.

Every line it prints, its own and the access log's, is one JSON object with secrets masked
(``?token=``, passwords in URLs, the site's secret settings), through the same formatter and
filters as the site's ``LOGGING``; so is a Python warning. Command-line options win over these.
"""

from __future__ import annotations

import logging
import os

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
