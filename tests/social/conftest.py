"""The members' actors and sections (tests/members/conftest.py), and helpers for the social tests."""

import pytest
from django.test import Client

from tests.members.conftest import (  # noqa: F401 (fixtures)
    _fresh_rate_limits, actors, agenda, articles, groups, make_user, territories,
)


def login(user, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def member_a(db):
    return make_user("alice@example.org", first_name="Alice", last_name="Abeille")


@pytest.fixture
def member_b(db):
    return make_user("bruno@example.org", first_name="Bruno", last_name="Bourdon")
