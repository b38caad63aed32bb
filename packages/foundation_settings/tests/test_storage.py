"""STORAGE_URL: uploaded files on the local filesystem, or on an S3-compatible bucket through
django-storages, tested against moto's S3 server in a process of its own."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from foundation_settings import Env


def make(tmp_path: Path, environ: dict[str, str]) -> Env:
    return Env(profile="prod", base_dir=tmp_path, environ=environ)


def test_the_local_filesystem_by_default(tmp_path: Path) -> None:
    env = make(tmp_path, {})
    assert env.storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    env.finish()


def test_a_file_url_is_a_folder_from_base_dir(tmp_path: Path) -> None:
    env = make(tmp_path, {"STORAGE_URL": "file://media/uploads"})
    assert env.storage()["OPTIONS"] == {"location": str(tmp_path / "media/uploads")}


def test_an_s3_url_gives_django_storages_options(tmp_path: Path) -> None:
    url = (
        "s3://AKIAEXAMPLE:s3cr%2Ft-key@my-bucket/site/uploads?region=eu-west-1"
        "&endpoint=https://minio.internal:9000&querystring_auth=false&addressing_style=path"
    )
    env = make(tmp_path, {"STORAGE_URL": url})
    assert env.storage() == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "my-bucket",
            "location": "site/uploads",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "s3cr/t-key",
            "region_name": "eu-west-1",
            "endpoint_url": "https://minio.internal:9000",
            "querystring_auth": False,
            "addressing_style": "path",
        },
    }
    env.finish()


def test_credentials_come_from_their_variables_or_files(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("from-a-file-secret\n")
    env = make(
        tmp_path,
        {
            "STORAGE_URL": "s3://my-bucket",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY_FILE": str(tmp_path / "secret"),
        },
    )
    options = env.storage()["OPTIONS"]
    assert (options["access_key"], options["secret_key"]) == ("AKIAEXAMPLE", "from-a-file-secret")
    role = make(tmp_path, {"STORAGE_URL": "s3://my-bucket"}).storage()["OPTIONS"]
    assert "access_key" not in role  # boto3's own chain: an instance role


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("s3://My_Bucket", "names no valid bucket"),
        ("s3://my-bucket?regoin=eu-west-1", "unknown option regoin=: use region, endpoint"),
        ("s3://my-bucket?endpoint=minio:9000", "is not a URL"),
        ("s3://my-bucket?querystring_auth=maybe", "option querystring_auth= is not a boolean"),
        ("gs://my-bucket", "unsupported scheme 'gs'"),
        ("s3:/my-bucket", "is not a URL"),
    ],
)
def test_bad_storage_urls_are_named_without_their_secret(
    tmp_path: Path, url: str, fragment: str
) -> None:
    secret = "Zq7xStoragePw"
    env = make(tmp_path, {"STORAGE_URL": url.replace("://", f"://key:{secret}@", 1)})
    env.storage()
    with pytest.raises(ImproperlyConfigured) as info:
        env.finish()
    assert "STORAGE_URL:" in str(info.value) and fragment in str(info.value)
    assert secret not in str(info.value)


def test_s3_without_django_storages_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "storages.backends.s3", None)
    env = make(tmp_path, {"STORAGE_URL": "s3://my-bucket"})
    env.storage()
    with pytest.raises(ImproperlyConfigured, match=r"install foundation-settings\[s3\]"):
        env.finish()


@pytest.fixture
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90  # moto imports Flask and boto: slow on a busy machine
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("moto's server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_files_go_to_a_real_s3_compatible_server_and_come_back(
    tmp_path: Path, s3_server: str
) -> None:
    import boto3

    env = make(
        tmp_path,
        {
            "STORAGE_URL": f"s3://uploads/site?region=us-east-1&endpoint={s3_server}",
            "AWS_ACCESS_KEY_ID": "test-access-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret-key-1",
        },
    )
    config = env.storage()
    env.finish()
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-access-key",
        aws_secret_access_key="test-secret-key-1",
    )
    client.create_bucket(Bucket="uploads")
    storage = storages.create_storage(config)
    name = storage.save("docs/hello.txt", ContentFile(b"hello from django"))
    assert storage.exists(name)
    with storage.open(name) as handle:
        assert handle.read() == b"hello from django"
    stored = client.get_object(Bucket="uploads", Key=f"site/{name}")["Body"].read()
    assert stored == b"hello from django"
    assert storage.url(name).startswith(f"{s3_server}/uploads/site/docs/hello")
    storage.delete(name)
    assert not storage.exists(name)
