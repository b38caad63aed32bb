"""The example on the MariaDB server: every migration applies, and the site's tables work there.

Production's path: DATABASE_URL=mysql://... parsed by foundation-settings, in a clean process, on a
database made for this test and dropped after. PyMySQL stands in for mysqlclient here (pure Python:
no client headers to build); a MariaDB or MySQL site installs mysqlclient, as Django advises.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Iterator

import pytest

from .clean_process import run

HOST = os.environ.get("TEST_MARIADB_HOST", "127.0.0.1")
PORT = int(os.environ.get("TEST_MARIADB_PORT", "3306"))
USER = os.environ.get("TEST_MARIADB_USER", "root")
PASSWORD = "a-right-password-" + secrets.token_hex(4)

SCRIPT = """
import json
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from accounts.models import User
from foundation_llm.models import LLMJob

call_command("migrate", verbosity=0)
executor = MigrationExecutor(connection)
pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
user = User.objects.create_user("ada", password="{password}")
question = "Pourquoi le ciel est-il bleu ? \\U0001F324"
job = LLMJob.objects.create(user=user, request={{"messages": [{{"role": "user", "content": question}}]}})
client = Client()
codes = [
    client.post("/accounts/login/", {{"username": "ada", "password": "wrong"}}).status_code
    for _ in range(3)
]
codes.append(client.post("/accounts/login/", {{"username": "ada", "password": "{password}"}}).status_code)
print(json.dumps({{
    "server": connection.mysql_server_info if connection.mysql_is_mariadb else "not MariaDB",
    "pending": len(pending),
    "question_kept": LLMJob.objects.get(pk=job.pk).request["messages"][0]["content"] == question,
    "job_of_user": list(user.llm_jobs.values_list("pk", flat=True)) == [job.pk],
    "codes": codes,
}}))
"""


def mariadb_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, PORT)) == 0


@pytest.fixture
def database() -> Iterator[str]:
    if not mariadb_answers():
        if os.environ.get("CI") == "true":
            pytest.fail(f"MariaDB is not answering on {HOST}:{PORT}")
        pytest.skip(f"no MariaDB on {HOST}:{PORT}")
    import pymysql

    name = f"test_example_{os.getpid()}_{secrets.token_hex(3)}"
    server = pymysql.connect(host=HOST, port=PORT, user=USER, connect_timeout=2)
    try:
        with server.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        yield name
    finally:
        with server.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        server.close()


def test_every_migration_applies_and_the_site_works_on_mariadb(database: str) -> None:
    environ = {
        "DATABASE_URL": f"mysql://{USER}@{HOST}:{PORT}/{database}",
        "ALLOWED_HOSTS": "testserver",
        "LOGIN_FAILURE_LIMIT": "3",
    }
    result = run(
        "config.settings.test",
        environ,
        code=SCRIPT.format(password=PASSWORD),
        before_setup="import pymysql\npymysql.install_as_MySQLdb()",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert "MariaDB" in outcome["server"]
    assert outcome["pending"] == 0
    assert outcome["question_kept"] and outcome["job_of_user"]  # utf8mb4: the emoji survives
    # axes' tables and row locks on InnoDB: locked out after the third wrong password.
    assert outcome["codes"] == [200, 200, 429, 429]
