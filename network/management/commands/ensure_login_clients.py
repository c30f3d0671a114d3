"""`manage.py ensure_login_clients`: register every territory as a client of the account host
(territories opened before the network login, a changed NETWORK_LOGIN_SECRET or host name)."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from network.login import ensure_login_client


class Command(BaseCommand):
    help = "Inscrit chaque territoire comme client de la connexion unique du réseau (idempotent)."

    def handle(self, *args, **options):
        changed = 0
        for site in Site.objects.order_by("hostname", "port"):
            for item in ensure_login_client(site):
                changed += 1
                self.stdout.write(f"{site.hostname}:{site.port} — {item}")
        if not changed:
            self.stdout.write("Rien à faire : chaque territoire est déjà inscrit.")
