"""Production settings: one clear start-up error per bad environment, and `check --deploy` clean."""

import pytest

from .helpers import manage, production_env

REQUIRED = ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL", "DATABASE_URL", "REDIS_URL",
            "DEFAULT_FROM_EMAIL"]


@pytest.mark.parametrize("name", REQUIRED)
def test_each_missing_variable_is_named_without_a_traceback(name):
    result = manage("check", env=production_env(**{name: None}))
    assert result.returncode != 0
    assert f"  - {name} : obligatoire / required" in result.stderr
    assert "Traceback" not in result.stderr
    others = [other for other in REQUIRED if other != name]
    assert not any(f"- {other} :" in result.stderr for other in others)


def test_every_problem_is_listed_in_one_message():
    result = manage("check", env=production_env(
        DJANGO_SECRET_KEY="court", DJANGO_ALLOWED_HOSTS=None, DATABASE_URL="mysql://x@y/z",
        REDIS_URL="localhost:6379", EMAIL_PORT="vingt-cinq", SECURE_HSTS_PRELOAD="peut-être",
        CSRF_TRUSTED_ORIGINS="echo.example.org",
    ))
    assert result.returncode == 78
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n  - ") == 7, result.stderr
    assert "DJANGO_SECRET_KEY : au moins 50 caractères" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS : obligatoire" in result.stderr
    assert "DATABASE_URL : URL postgres://" in result.stderr
    assert "REDIS_URL : URL redis://" in result.stderr
    assert "EMAIL_PORT : nombre entier" in result.stderr
    assert "SECURE_HSTS_PRELOAD : 1 ou 0" in result.stderr
    assert "CSRF_TRUSTED_ORIGINS : URL https://" in result.stderr


def test_passwords_in_urls_are_not_printed():
    result = manage("check", env=production_env(REDIS_URL="http://user:s3cr3t-pass@cache:6379"))
    assert "REDIS_URL" in result.stderr and "s3cr3t-pass" not in result.stderr


def test_check_deploy_finds_nothing_to_fix():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_hsts_options_are_read_from_the_environment():
    script = ("from django.conf import settings as s; "
              "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
              "s.SECURE_SSL_REDIRECT)")
    default = manage("shell", "-v", "0", "-c", script, env=production_env())
    assert default.stdout.split() == ["31536000", "True", "True", "True"]
    opted_out = manage("shell", "-v", "0", "-c", script, env=production_env(
        SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0"))
    assert opted_out.stdout.split() == ["3600", "False", "False", "True"]
