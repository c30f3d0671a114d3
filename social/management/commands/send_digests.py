from django.core.management.base import BaseCommand

from social.digests import send_digests


class Command(BaseCommand):
    help = "Envoie les résumés quotidiens et hebdomadaires dus (sans jamais envoyer deux fois la même période)."

    def handle(self, *args, **options):
        sent, empty, skipped = send_digests()
        self.stdout.write(f"Résumés envoyés : {sent} ; rien de neuf : {empty} ; déjà traités : {skipped}")
