"""A private Redis the tests may stop and start (never a shared one)."""

import os
import shutil
import subprocess
import time

import pytest

from tests.conftest import missing_service

from .helpers import free_port


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def private_redis():
    """A redis-server of this test alone, on a free port: the test stops and restarts it."""
    if not shutil.which("redis-server"):
        missing_service("redis-server requis (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def redis_caches(url):
    from cms.settings.base import redis_caches as build

    return build(url)


@pytest.fixture
def shared_redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        missing_service("Redis requis (REDIS_URL, voir scripts/services.sh)")
    return url


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` with the production storage (hashed, compressed names), once per run."""
    from .helpers import manage, production_env

    root = tmp_path_factory.mktemp("static")
    result = manage("collectstatic", "--noinput", "-v", "0",
                    env=production_env(STATIC_ROOT=str(root), REDIS_URL="redis://127.0.0.1:9/0"), timeout=600)
    assert result.returncode == 0, result.stderr
    return root


def database_url(settings_dict):
    user, host, port, name = (settings_dict[key] for key in ("USER", "HOST", "PORT", "NAME"))
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}"
