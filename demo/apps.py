from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo territories' data and `seed_demo`: it may import every app, nothing imports it."""

    name = "demo"
    verbose_name = "Démo"
