"""Reading production settings from the environment, every problem reported at once.

A missing or malformed variable must not surface as a `KeyError` traceback from the middle
of the settings module, one variable per attempt: the operator gets a single message
naming each variable to fix, then the process stops (gunicorn, manage.py and cron alike).
"""

import sys
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on", "oui"}
FALSE = {"0", "false", "no", "off", "non", ""}


class Environment:
    def __init__(self, environ):
        self.environ = environ
        self.problems = []  # (variable, explanation)

    def _raw(self, name, default=None):
        value = self.environ.get(name)
        return default if value is None else value.strip()

    def problem(self, name, explanation):
        self.problems.append((name, explanation))

    def required(self, name, explanation="obligatoire / required"):
        value = self._raw(name, "")
        if not value:
            self.problem(name, explanation)
        return value

    def optional(self, name, default=""):
        return self._raw(name, default)

    def list(self, name, *, required=False, default=""):
        raw = self.required(name) if required else self._raw(name, default)
        return [item.strip() for item in raw.split(",") if item.strip()]

    def integer(self, name, default, *, minimum=0):
        raw = self._raw(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or value < minimum:
            self.problem(name, f"nombre entier ≥ {minimum} attendu / integer ≥ {minimum} expected (« {raw} »)")
            return default
        return value

    def boolean(self, name, default):
        raw = self._raw(name)
        if raw is None:
            return default
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        self.problem(name, f"1 ou 0 attendu / 1 or 0 expected (« {raw} »)")
        return default

    def url(self, name, schemes, *, required=True, value=None):
        value = self._raw(name, "") if value is None else value
        if not value:
            if required:
                self.problem(name, "obligatoire / required")
            return value
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.hostname:
            expected = " ou ".join(f"{scheme}://…" for scheme in schemes)
            self.problem(name, f"URL {expected} attendue / expected (« {redact(value)} »)")
        return value

    def secret_key(self, name):
        value = self.required(name)
        if value and (len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure")):
            self.problem(
                name,
                "au moins 50 caractères aléatoires / at least 50 random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))')",
            )
        return value

    def message(self):
        lines = [
            "Configuration de production invalide — variables d'environnement à corriger :",
            "Invalid production configuration — environment variables to fix:",
        ]
        lines += [f"  - {name} : {explanation}" for name, explanation in self.problems]
        lines.append("Voir README, section « Déploiement ». / See README, « Déploiement ».")
        return "\n".join(lines)

    def check(self, *, exit_on_error=True):
        """Stop with one message naming every problem (no traceback), or raise for callers that catch."""
        if not self.problems:
            return
        if exit_on_error:
            sys.stderr.write(self.message() + "\n")
            raise SystemExit(78)  # EX_CONFIG: gunicorn's arbiter and systemd report the code
        raise ImproperlyConfigured(self.message())


def redact(url):
    """A URL as it may be printed: no password."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
