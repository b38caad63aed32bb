"""The events view and the stop button, through Django's async test client (tasks in-process)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import AsyncClient, Client

from foundation_llm.jobs import run_job
from foundation_llm.models import LLMJob
from foundation_llm.testing import FakeOllamaServer

HI = [{"role": "user", "content": "what is up"}]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def parse(body: str) -> list[dict[str, object]]:
    """Server-sent events as the browser sees them: one dict per event, comments skipped."""
    events = []
    for block in body.split("\n\n"):
        fields: dict[str, object] = {}
        for line in block.splitlines():
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name] = json.loads(value) if name == "data" else value
        if "event" in fields:
            events.append(fields)
    return events


async def read(client: AsyncClient, url: str, **headers: str) -> tuple[object, str]:
    response = await client.get(url, headers=headers)
    body = b"".join([chunk async for chunk in response.streaming_content]).decode()
    return response, body


@pytest.fixture
def ada(db: None) -> User:
    return User.objects.create_user("ada")


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_the_owner_gets_the_answer_as_events_and_reconnects_from_where_it_was(
    server: FakeOllamaServer, ada: User
) -> None:
    from asgiref.sync import sync_to_async

    job = await LLMJob.objects.acreate(
        model="llama3.2", request={"messages": HI, "stream": True}, user=ada
    )
    await sync_to_async(run_job)(job.pk)
    client = AsyncClient()
    await client.aforce_login(ada)
    url = f"/llm/jobs/{job.pk}/events/"
    response, body = await read(client, url)
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"  # type: ignore[index]
    assert response["Cache-Control"] == "no-cache"  # type: ignore[index]
    assert body.startswith("retry: 2000\n\n")
    events = parse(body)
    assert [e["event"] for e in events] == ["start", "chunk", "chunk", "chunk", "chunk", "end"]
    assert "".join(str(e["data"]["text"]) for e in events if e["event"] == "chunk") == (  # type: ignore[index]
        "Echo: what is up"
    )
    assert events[-1]["data"]["status"] == "done"  # type: ignore[index]
    # A browser that lost the stream after the second chunk sends the last id it saw.
    _, again = await read(client, url, **{"Last-Event-ID": str(events[2]["id"])})
    assert [e["event"] for e in parse(again)] == ["chunk", "chunk", "end"]


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_a_job_that_never_streamed_ends_at_once_with_its_row(ada: User) -> None:
    job = await LLMJob.objects.acreate(
        model="llama3.2", request={"messages": HI}, user=ada, status="done", answer="Hi."
    )
    client = AsyncClient()
    await client.aforce_login(ada)
    _, body = await read(client, f"/llm/jobs/{job.pk}/events/")
    (end,) = parse(body)
    assert end["event"] == "end" and end["data"]["answer"] == "Hi."  # type: ignore[index]


@pytest.mark.anyio
@pytest.mark.django_db(transaction=True)
async def test_only_the_owner_sees_a_job(ada: User) -> None:
    job = await LLMJob.objects.acreate(model="llama3.2", request={"messages": HI}, user=ada)
    other = await User.objects.acreate_user("eve")  # type: ignore[attr-defined]
    client = AsyncClient()
    assert (await client.get(f"/llm/jobs/{job.pk}/events/")).status_code == 404
    await client.aforce_login(other)
    assert (await client.get(f"/llm/jobs/{job.pk}/events/")).status_code == 404
    assert (await client.post(f"/llm/jobs/{job.pk}/cancel/")).status_code == 404
    assert (await LLMJob.objects.aget(pk=job.pk)).status == "queued"


@pytest.mark.django_db
def test_the_stop_button_cancels_and_returns_to_the_page(ada: User) -> None:
    job = LLMJob.objects.create(model="llama3.2", request={"messages": HI}, user=ada)
    client = Client(enforce_csrf_checks=False)
    client.force_login(ada)
    response = client.post(f"/llm/jobs/{job.pk}/cancel/", {"next": "/somewhere/"})
    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    assert LLMJob.objects.get(pk=job.pk).status == "cancelled"
    # Elsewhere than this site: no redirect, only the outcome.
    response = client.post(f"/llm/jobs/{job.pk}/cancel/", {"next": "https://evil.example/"})
    assert response.json() == {"cancelled": False}
    assert client.get(f"/llm/jobs/{job.pk}/cancel/").status_code == 405
