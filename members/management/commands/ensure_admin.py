import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

ADMIN_EMAIL = "admin@echosciences.localhost"


class Command(BaseCommand):
    help = "Create an administrator if there is none, with a random password printed once."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Un compte administrateur existe déjà.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            email=ADMIN_EMAIL, password=password, first_name="Admin", last_name="Echosciences"
        )
        self.stdout.write(self.style.SUCCESS(
            f"Administrateur créé : {ADMIN_EMAIL} / mot de passe : {password} "
            "(affiché une seule fois, notez-le)"
        ))
