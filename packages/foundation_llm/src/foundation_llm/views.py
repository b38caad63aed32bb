"""A job's answer as server-sent events, and a way to stop it. Both are for the job's owner only.

``GET jobs/<id>/events/`` relays the job's events (:mod:`foundation_llm.streams`): ``start``,
``chunk`` (``{"text": ...}``) and a last ``end`` carrying the job as ``LLMJob.as_dict()`` gives it.
Each event has an id; a browser's ``EventSource`` that reconnects sends ``Last-Event-ID`` and gets
only what it missed. The view is async: while it waits for the next chunk it holds no thread, so
under an ASGI server many open streams cost little. A comment line every ``HEARTBEAT`` seconds keeps
proxies from closing a quiet connection.

``POST jobs/<id>/cancel/`` stops the job (:func:`foundation_llm.jobs.cancel_job`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import streams
from .jobs import cancel_job
from .models import LLMJob

HEARTBEAT = 15.0  # seconds between keep-alive comments while nothing happens
RETRY_MS = 2000  # how soon a browser reconnects after losing the stream


@require_GET
async def job_events(request: HttpRequest, job_id: int) -> StreamingHttpResponse:
    job = await _owned(request, job_id)
    last = request.headers.get("Last-Event-ID") or None
    response = StreamingHttpResponse(
        _relay(job, last), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@require_POST
async def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = await _owned(request, job_id)
    from asgiref.sync import sync_to_async

    stopped = await sync_to_async(cancel_job)(job.pk)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return JsonResponse({"cancelled": stopped})


async def _owned(request: HttpRequest, job_id: int) -> LLMJob:
    user = await request.auser()
    job = None
    if user.is_authenticated:
        job = await LLMJob.objects.filter(pk=job_id, user_id=user.pk).afirst()
    if job is None:
        raise Http404("No such job.")  # someone else's job: not even whether it exists
    return job


async def _relay(job: LLMJob, last: str | None) -> AsyncIterator[str]:
    yield f"retry: {RETRY_MS}\n\n"
    # A job that ended before the reader came needs no waiting: what the stream has, then the end.
    block = 0.0 if job.finished else HEARTBEAT
    while True:
        events = await streams.read(job.pk, last, block=block)
        ended = any(event.kind == "end" for event in events)
        if ended:
            events = events[: [e.kind for e in events].index("end") + 1]
        if events:
            # What came together goes out in one write: a reader that fell behind catches up at
            # the cost of one send, not one per chunk.
            last = events[-1].id
            yield "".join(_format(e.kind, e.data, e.id) for e in events)
        if ended:
            return
        if not events:
            # Quiet: the end may be gone (an expired stream, a job that never streamed, a worker
            # that died between saving the row and publishing): the row has the last word.
            fresh = await LLMJob.objects.aget(pk=job.pk)
            if fresh.finished:
                yield _format("end", fresh.as_dict(), None)
                return
            yield ": keep-alive\n\n"
            block = HEARTBEAT


def _format(kind: str, data: dict[str, Any], event_id: str | None) -> str:
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
