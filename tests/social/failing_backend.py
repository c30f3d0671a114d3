"""An e-mail backend whose server is down, to test what a crash mid-run leaves behind."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("serveur SMTP injoignable")
