"""Feeds a territory subscribes to, and what each imported event came from.

A subscription is a snippet: editors add the address of an actor's iCalendar feed, the
agenda it fills and how its events are published. `ImportedEvent` remembers which page a
feed's `UID` became, so a run updates pages instead of duplicating them.
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel

FEED_URL_VALIDATOR = URLValidator(schemes=["http", "https"], message=_("Seules les adresses http:// ou https:// sont acceptées."))


class ICalSubscription(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "succes", _("Réussi")
        PARTIAL = "partiel", _("Réussi avec des événements ignorés")
        FAILED = "echec", _("Échec")

    name = models.CharField(_("nom"), max_length=200, help_text=_("Par exemple : agenda du Muséum d'Orléans."))
    url = models.CharField(
        _("adresse du flux iCalendar"), max_length=500, validators=[FEED_URL_VALIDATOR],
        help_text=_("L'adresse http:// ou https:// d'un fichier .ics publié par l'acteur."),
    )
    agenda = models.ForeignKey(
        "content_types.AgendaPage", verbose_name=_("agenda"), on_delete=models.CASCADE,
        related_name="ical_subscriptions",
    )
    organiser = models.ForeignKey(
        "content_types.Organisation", verbose_name=_("organisateur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    default_tags = models.CharField(
        _("thématiques ajoutées"), max_length=255, blank=True,
        help_text=_("Séparées par des virgules, ajoutées à chaque événement importé."),
    )
    publish_directly = models.BooleanField(
        _("publier directement"), default=False,
        help_text=_("Sinon, chaque événement nouveau ou modifié est soumis à la modération de l'agenda."),
    )
    active = models.BooleanField(_("actif"), default=True, help_text=_("Importé par la tâche planifiée."))
    last_run_at = models.DateTimeField(_("dernier import"), null=True, blank=True)
    last_outcome = models.CharField(_("résultat du dernier import"), max_length=10, choices=Outcome.choices, blank=True)
    last_summary = models.TextField(_("bilan du dernier import"), blank=True)
    last_report = models.JSONField(_("détail du dernier import"), default=dict, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        PageChooserPanel("agenda", "content_types.AgendaPage"),
        FieldPanel("organiser"),
        FieldPanel("default_tags"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("publish_directly"), FieldPanel("active")])], heading=_("Publication")),
        MultiFieldPanel(
            [FieldPanel("last_run_at", read_only=True), FieldPanel("last_outcome", read_only=True),
             FieldPanel("last_summary", read_only=True)],
            heading=_("Dernier import"),
        ),
    ]

    class Meta:
        verbose_name = _("abonnement iCalendar")
        verbose_name_plural = _("abonnements iCalendar")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def tag_names(self):
        return [tag.strip() for tag in self.default_tags.split(",") if tag.strip()]


class ImportedEvent(models.Model):
    """One feed event (its UID) and the page it became in one agenda.

    `occurrences` keeps what the last run imported, keyed by RECURRENCE-ID (or the start of
    a single event), so a moved or withdrawn date updates or cancels the right occurrence.
    """

    agenda = models.ForeignKey("content_types.AgendaPage", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        "content_types.EventPage", verbose_name=_("événement"), on_delete=models.CASCADE, related_name="imports",
    )
    subscription = models.ForeignKey(
        ICalSubscription, verbose_name=_("abonnement"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="imported_events",
    )
    source = models.CharField(_("source"), max_length=500, help_text=_("Adresse ou fichier du flux."))
    uid = models.CharField("UID", max_length=255)
    fingerprint = models.CharField(max_length=64)
    occurrences = models.JSONField(default=list)
    needs_place = models.BooleanField(
        _("lieu à préciser"), default=False,
        help_text=_("Le flux ne donne ni point (GEO) ni lieu connu : l'événement reste en brouillon."),
    )
    cancelled = models.BooleanField(_("annulé"), default=False)
    last_seen_at = models.DateTimeField(_("vu dans le flux le"), auto_now=True)

    class Meta:
        verbose_name = _("événement importé")
        verbose_name_plural = _("événements importés")
        constraints = [models.UniqueConstraint(fields=["agenda", "uid"], name="imported_event_uid_per_agenda")]

    def __str__(self):
        return self.uid
