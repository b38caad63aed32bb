# The example site in production: gunicorn running uvicorn workers on config.asgi (a streamed answer
# waits without holding a thread), static files by WhiteNoise.
# Build from the repository root:  docker build -t foundation-example .
FROM python:3.13-slim

# Bytecode is compiled once at build time (UV_COMPILE_BYTECODE, compileall below) and never written
# at run time: a cold process, such as each health check, starts without compiling anything.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

RUN pip install --no-cache-dir "uv>=0.9,<1" \
 && useradd --system --uid 10001 --home-dir /app app

WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY packages ./packages
COPY example_project ./example_project
# The site and the four packages from the lock file; no development tools.
RUN uv sync --locked --no-dev --package foundation-example

ENV PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=config.settings.prod
WORKDIR /app/example_project

# collectstatic needs the production settings to load: give it throwaway values, used only here
# (it connects to neither the database nor Redis).
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    DATABASE_URL="postgres://collectstatic@localhost/collectstatic" \
    REDIS_URL="redis://localhost:6379/0" \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input -v0 \
 && python -m compileall -q /app/example_project

USER app
EXPOSE 8000
# manage.py health runs cold: about 1 s of CPU with the bytecode compiled at build time (3 s
# without), and it bounds its own checks to 2 s; the timeout covers a cold start on a busy CPU.
HEALTHCHECK --interval=15s --timeout=30s --start-period=30s --retries=3 CMD ["python", "manage.py", "health"]
# config/gunicorn.py: 0.0.0.0:8000, 3 uvicorn workers (WEB_CONCURRENCY) serving the ASGI app, so
# that open answer streams hold no thread each, and every line it prints, the access log included,
# JSON with secrets masked.
CMD ["gunicorn", "config.asgi", "--config", "python:config.gunicorn"]
