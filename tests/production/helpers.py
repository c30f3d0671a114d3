"""Running the application as production runs it: manage.py and gunicorn in subprocesses."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def production_env(**overrides):
    """A complete, valid production environment (values given as None are removed)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "echo.example.org,localhost,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "https://echo.example.org",
        "DATABASE_URL": "postgres://echo@127.0.0.1:55432/echo",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DEFAULT_FROM_EMAIL": "Echosciences <noreply@echo.example.org>",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args, env, timeout=120):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """One application server: gunicorn with production settings on a port of its own."""

    def __init__(self, env, workers=1, log_dir=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(log_dir or "/tmp") / f"gunicorn-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [GUNICORN, "cms.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--timeout", "60", "--graceful-timeout", "2"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.output()}")
            try:
                requests.get(self.url + "/healthz", timeout=30)  # the first request loads Django
                return self
            except requests.RequestException:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer: {self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def session(self, host="localhost"):
        """A client as the reverse proxy presents it: HTTPS ended upstream, the public host."""
        session = requests.Session()
        session.headers.update({"X-Forwarded-Proto": "https", "Host": host})
        return session
