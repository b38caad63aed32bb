"""compose.yaml and the Dockerfile agree with the settings (no Docker engine is needed to check)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict[str, object]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())  # type: ignore[no-any-return]


def test_the_stack_has_its_services_and_health_checks() -> None:
    services = compose()["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "postgres", "redis"}  # type: ignore[arg-type]
    health = ["CMD", "python", "manage.py", "health"]
    for name, test in (("web", health), ("worker", [*health, "--worker", "--timeout", "3"])):
        service = services[name]  # type: ignore[index]
        assert service["healthcheck"]["test"] == test  # the worker is asked, not the web's checks
        assert service["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]  # type: ignore[index]
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}  # type: ignore[index]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]  # type: ignore[index]


def test_redis_keeps_queued_tasks_across_a_restart() -> None:
    redis = compose()["services"]["redis"]  # type: ignore[index]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert any(volume.endswith(":/data") for volume in redis["volumes"])


def test_every_variable_compose_sets_is_one_the_settings_read() -> None:
    environment = compose()["services"]["web"]["environment"]  # type: ignore[index]
    example = (ROOT / "example_project" / ".env.example").read_text()
    declared = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, flags=re.M))
    assert set(environment) <= declared, set(environment) - declared


def test_the_image_runs_gunicorn_with_production_settings_and_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=config.settings.prod" in dockerfile
    assert "HEALTHCHECK" in dockerfile and '"manage.py", "health"' in dockerfile
    # ASGI: uvicorn workers (config/gunicorn.py), so many open answer streams do not hold many
    # threads.
    assert 'CMD ["gunicorn", "config.asgi", "--config", "python:config.gunicorn"]' in dockerfile
    gunicorn_config = (ROOT / "example_project" / "config" / "gunicorn.py").read_text()
    assert '"GUNICORN_WORKER_CLASS", "uvicorn_worker.UvicornWorker"' in gunicorn_config
    assert "collectstatic" in dockerfile
    assert "USER app" in dockerfile
