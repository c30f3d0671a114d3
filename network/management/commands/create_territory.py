"""`manage.py create_territory --name … --hostname …`: open a territory (see network/territories.py)."""

from django.core.management.base import BaseCommand, CommandError

from network.territories import TerritoryError, create_territory


class Command(BaseCommand):
    help = "Ouvre un territoire : son site, sa page d’accueil, chaque rubrique, son identité, ses rôles."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Nom du territoire, par exemple « Echosciences Normandie ».")
        parser.add_argument("--hostname", required=True, help="Nom d’hôte du site, sans http:// ni port.")
        parser.add_argument("--port", type=int, default=80, help="Port du site (80 par défaut).")
        parser.add_argument("--slug", help="Identifiant dans l’arborescence (déduit du nom par défaut).")
        parser.add_argument(
            "--portal", action="store_true",
            help="Ouvre le portail national du réseau (territoires, agenda, carte et recherche du réseau).",
        )

    def handle(self, *args, name, hostname, port, slug=None, portal=False, **options):
        try:
            report = create_territory(name, hostname, port, slug, portal=portal)
        except TerritoryError as error:
            raise CommandError(str(error)) from error
        where = f"{report.site.hostname}:{report.site.port}"
        if not report.changed:
            self.stdout.write(f"Rien à faire : le territoire « {report.home.title} » ({where}) est déjà complet.")
            return
        for item in report.created:
            self.stdout.write(f"Créé : {item}")
        self.stdout.write(self.style.SUCCESS(f"Territoire « {report.home.title} » prêt sur {where}."))
