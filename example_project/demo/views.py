from __future__ import annotations

import os

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from foundation_llm import submit_chat
from foundation_llm.models import LLMJob

# Set by `manage.py devserver` when it started the fake Ollama because nothing answered.
FAKE_OLLAMA_VARIABLE = "FOUNDATION_DEMO_FAKE_OLLAMA"

# What a user sees for each failure, and what to do about it.
HELP = {
    "model_not_found": "The model is not installed on the Ollama server. Pull it there, then ask again.",
    "unavailable": "The Ollama server could not be reached. Start it (`ollama serve`) or check OLLAMA_HOST.",
    "timeout": "The model took too long to answer. Try a shorter question, or raise OLLAMA_TIMEOUT.",
    "queue_unavailable": "The task broker (Redis or RabbitMQ) did not answer. Check that it runs, then ask again.",
    "interrupted": "The workers running this job kept stopping before it was done. Check the worker logs.",
}


def using_fake_ollama() -> bool:
    return os.environ.get(FAKE_OLLAMA_VARIABLE) == "1"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "demo/home.html", {"fake_ollama": using_fake_ollama()})


class AskForm(forms.Form):
    question = forms.CharField(
        label="Your question", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = submit_chat(
            [{"role": "user", "content": form.cleaned_data["question"]}],
            user=request.user,
            stream=True,
        )
        return redirect("job", job_id=job.pk)
    jobs = LLMJob.objects.filter(user=request.user)[:5]
    return render(
        request, "demo/ask.html", {"form": form, "jobs": jobs, "fake_ollama": using_fake_ollama()}
    )


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    record = get_object_or_404(LLMJob, pk=job_id, user=request.user)
    return render(
        request,
        "demo/job.html",
        {
            "job": record,
            "help": HELP.get(record.error_code, ""),
            "help_texts": HELP,
            "fake_ollama": using_fake_ollama(),
        },
    )


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """What the job page polls until the job is finished."""
    record = get_object_or_404(LLMJob, pk=job_id, user=request.user)
    return JsonResponse({**record.as_dict(), "help": HELP.get(record.error_code, "")})
