"""Fill agendas from iCalendar feeds: every active subscription (for cron), or one feed."""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from content_types.core.organisations import Organisation
from content_types.events.ical_import import Importer, run_subscription
from content_types.events.models import AgendaPage
from content_types.events.subscriptions import ICalSubscription
from cms.ids import parse_id


class Command(BaseCommand):
    help = (
        "Importe les événements des flux iCalendar : tous les abonnements actifs, "
        "ou un seul flux (adresse http(s) ou fichier local) avec --agenda."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="Adresse http(s) ou chemin d'un fichier .ics.")
        parser.add_argument("--agenda", help="Identifiant ou chemin (/centre-val-de-loire/agenda/) de l'agenda à remplir.")
        parser.add_argument("--organiser", help="Nom de l'organisation à indiquer comme organisatrice.")
        parser.add_argument("--tags", default="", help="Thématiques ajoutées, séparées par des virgules.")
        parser.add_argument("--publish", action="store_true", help="Publier directement au lieu de soumettre à la modération.")
        parser.add_argument("--subscription", type=int, help="N'importer que cet abonnement (identifiant).")

    def handle(self, *args, source=None, agenda=None, organiser=None, tags="", publish=False,
               subscription=None, verbosity=1, **options):
        progress = self.stdout.write if verbosity >= 1 else None
        if source:
            reports = [self.import_source(source, agenda, organiser, tags, publish, progress)]
        else:
            subscriptions = ICalSubscription.objects.select_related("agenda", "organiser")
            subscriptions = subscriptions.filter(pk=subscription) if subscription else subscriptions.filter(active=True)
            reports = []
            for item in subscriptions:
                self.stdout.write(f"Abonnement « {item.name} » ({item.url})…")
                reports.append(run_subscription(item, progress=progress))
        for report in reports:
            style = self.style.ERROR if report.error else self.style.WARNING if report.skipped else self.style.SUCCESS
            self.stdout.write(style(report.summary()))
            for skipped in report.skipped:
                self.stdout.write(f"  ignoré {skipped['uid']} : {skipped['reason']}")
        if len(reports) > 1:
            self.stdout.write(
                "Total : "
                + ", ".join(f"{sum(getattr(r, name) for r in reports)} {label}" for name, label in (
                    ("created", "créé(s)"), ("updated", "mis à jour"), ("unchanged", "inchangé(s)"),
                    ("cancelled", "annulé(s)"),
                ))
                + f", {sum(len(r.skipped) for r in reports)} ignoré(s), {sum(bool(r.error) for r in reports)} flux en échec."
            )
        if not reports:
            self.stdout.write("Aucun abonnement actif.")

    def import_source(self, source, agenda, organiser, tags, publish, progress):
        if not agenda:
            raise CommandError("--agenda est requis pour importer un flux donné en argument.")
        agenda_page = self.find_agenda(agenda)
        organisation = None
        if organiser:
            organisation = Organisation.objects.filter(name__iexact=organiser).first()
            if organisation is None:
                raise CommandError(f"Organisation inconnue : « {organiser} ».")
        importer = Importer(
            agenda_page, source, organiser=organisation, tags=[t.strip() for t in tags.split(",") if t.strip()],
            publish_directly=publish, progress=progress,
        )
        scheme = urlsplit(source).scheme.lower()
        if scheme in ("http", "https"):
            return importer.run_url(source)
        if scheme and len(scheme) > 1:
            raise CommandError(f"Adresse refusée ({scheme}://) : seules http://, https:// et les fichiers locaux sont acceptés.")
        return importer.run_file(source)

    def find_agenda(self, value):
        agendas = AgendaPage.objects.all()
        found = agendas.filter(pk=parse_id(value)).first() if parse_id(value) is not None else \
            agendas.filter(url_path="/" + value.strip("/") + "/").first() or \
            agendas.filter(url_path__endswith="/" + value.strip("/") + "/").first()
        if found is None:
            raise CommandError(f"Agenda introuvable : « {value} ».")
        return found
