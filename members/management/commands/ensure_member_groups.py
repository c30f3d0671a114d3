from django.core.management.base import BaseCommand

from members.setup import ensure_groups


class Command(BaseCommand):
    help = "Crée ou complète les groupes « Contributeurs » et « Modérateurs » de chaque territoire et leurs workflows."

    def handle(self, *args, **options):
        for name in ensure_groups():
            self.stdout.write(f"Groupe « {name} » prêt.")
