"""Production settings of the network login: named problems at start-up, `check --deploy` clean."""

import secrets

from cms.settings.base import development_signing_key
from tests.production.helpers import manage, production_env

NETWORK = {"NETWORK_ACCOUNT_URL": "https://reseau.example.org"}


def test_an_account_host_needs_its_secret_and_its_signing_key():
    result = manage("check", env=production_env(**NETWORK))
    assert result.returncode == 78
    assert "  - NETWORK_LOGIN_SECRET : obligatoire" in result.stderr
    assert "  - IDP_OIDC_PRIVATE_KEY : clé RSA PEM" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_signing_key_that_is_no_key_is_named():
    result = manage("check", env=production_env(
        **NETWORK, NETWORK_LOGIN_SECRET=secrets.token_urlsafe(64), IDP_OIDC_PRIVATE_KEY="pas une clé",
    ))
    assert result.returncode == 78
    assert "  - IDP_OIDC_PRIVATE_KEY : clé RSA PEM" in result.stderr


def test_with_both_check_deploy_finds_nothing_to_fix():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(
        **NETWORK, NETWORK_LOGIN_SECRET=secrets.token_urlsafe(64), IDP_OIDC_PRIVATE_KEY=development_signing_key(),
    ))
    assert result.returncode == 0, result.stdout + result.stderr
