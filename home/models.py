from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from content_types.core.blocks import PageOrUrlBlock
from content_types.core.jsonld import website_data
from content_types.core.themes import territory_tags, theme_groups

from . import fragments
from .contact import handle_contact
from .sections import home_sections

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #RRVVBB, par exemple #005f73."))


def contrast_ratio(hex_a, hex_b):
    """WCAG 2.1 contrast ratio between two #rrggbb colours."""

    def luminance(value):
        channels = [int(value[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(hex_a), luminance(hex_b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class HomePage(RoutablePageMixin, Page):
    """The root of one territory; each is the root page of a Wagtail Site.

    It also serves the cross-type theme pages (`/thematiques/<tag>/`) so that they stay
    inside the territory's site rather than in a URLconf that knows nothing of sites.
    """

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    featured_dossier = models.ForeignKey(
        "content_types.DossierPage", verbose_name=_("dossier à la une"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Laissé vide, le dossier le plus récent est mis en avant."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        PageChooserPanel("featured_dossier", "content_types.DossierPage"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content_types.ArticleIndexPage",
        "content_types.AgendaPage",
        "content_types.PlaceIndexPage",
        "content_types.DossierIndexPage",
        "content_types.AnnonceIndexPage",
        "content_types.ProjectIndexPage",
        "content_types.CommunityIndexPage",
        "content_types.MapPage",
        "content_types.OpenDataPage",
        "home.LegalPage",
        "home.ContactPage",
    ]

    class Meta:
        verbose_name = _("accueil d'un territoire")
        verbose_name_plural = _("accueils des territoires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every section's cards, kept until the next publication (home/fragments.py).
        context.update(fragments.cached(request, f"home-sections:{self.pk}", lambda: home_sections(self)))
        site = self.get_site()
        context["jsonld_site"] = website_data(self, request, site.site_name if site else self.title)
        return context

    @path("thematiques/", name="themes")
    def themes(self, request):
        return render(request, "home/themes_index.html", {
            "page": self, "themes": territory_tags(self), "route": "themes",
            "route_crumbs": [(_("Thématiques"), self.get_url(request) + self.reverse_subpage("themes"))],
        })

    @path("thematiques/<str:tag>/", name="theme")
    def theme(self, request, tag):
        tag_object = Tag.objects.filter(slug=tag).first()
        if tag_object is None:
            raise Http404
        groups = theme_groups(self, tag_object)
        return render(request, "home/theme_page.html", {
            "page": self, "tag": tag_object, "groups": groups, "route": "theme",
            "total": sum(len(group["items"]) for group in groups),
            "route_crumbs": [
                (_("Thématiques"), self.get_url(request) + self.reverse_subpage("themes")),
                (tag_object.name, request.path),
            ],
        })


class LinkBlock(PageOrUrlBlock):
    label = blocks.CharBlock(label=_("Intitulé"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Lien")
        form_layout = ["label", "page", "url"]


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """A territory's name, logo, colours and footer, edited per site in « Paramètres ».

    Colours are checked against white text at save time, so an editor cannot make the
    site fail the RGAA contrast criterion (4.5:1) by picking a pale brand colour.
    """

    short_name = models.CharField(
        _("nom court"), max_length=80, blank=True,
        help_text=_("Affiché dans l'en-tête, par exemple « Centre-Val de Loire ». Laissé vide : le nom du site."),
    )
    tagline = models.CharField(
        _("signature"), max_length=160, blank=True,
        default="Le réseau social des curieux de science",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("icône du site (favicon)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_(
            "Une image carrée, affichée dans l’onglet du navigateur. Laissée vide : le logo s’il est "
            "carré, sinon l’initiale du territoire sur sa couleur principale."
        ),
    )
    primary_colour = models.CharField(
        _("couleur principale"), max_length=7, default="#00566b", validators=[HEX_COLOUR],
        help_text=_("Fond de l'en-tête et des boutons, sous du texte blanc : contraste d'au moins 4,5:1 exigé."),
    )
    accent_colour = models.CharField(
        _("couleur d'accent"), max_length=7, default="#8a2b0e", validators=[HEX_COLOUR],
        help_text=_("Étiquettes et mises en avant, sous du texte blanc : contraste d'au moins 4,5:1 exigé."),
    )
    footer_text = RichTextField(_("texte du pied de page"), features=["bold", "italic", "link"], blank=True)
    footer_links = StreamField(
        [("link", LinkBlock())], verbose_name=_("liens du pied de page"), blank=True,
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("short_name"), FieldPanel("tagline"), FieldPanel("logo"), FieldPanel("favicon")], heading=_("Identité")),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Couleurs")),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("footer_links"), FieldPanel("contact_email")],
            heading=_("Pied de page"),
        ),
    ]

    class Meta:
        verbose_name = _("identité du territoire")

    def favicon_image(self):
        """The picture the browser tab shows: the favicon, else a square logo, else none."""
        if self.favicon_id:
            return self.favicon
        logo = self.logo
        if logo is not None and logo.height and 0.8 <= logo.width / logo.height <= 1.25:
            return logo
        return None

    def monogram(self, site_name=""):
        """The territory's initial, drawn on its colour when it has no icon of its own."""
        name = (self.short_name or site_name or "E").strip()
        for word in name.replace("Echosciences", "").split():
            if word[:1].isalnum():
                return word[0].upper()
        return name[:1].upper() or "E"

    def clean(self):
        super().clean()
        errors = {}
        for field in ("primary_colour", "accent_colour"):
            value = getattr(self, field)
            if value and HEX_COLOUR.regex.match(value) and contrast_ratio(value, "#ffffff") < 4.5:
                errors[field] = _(
                    "Contraste insuffisant avec le texte blanc (%(ratio).1f:1 ; 4,5:1 au minimum)."
                ) % {"ratio": contrast_ratio(value, "#ffffff")}
        if errors:
            raise ValidationError(errors)


class LegalPage(Page):
    """A territory's legal notice or privacy policy: plain text its team edits in the admin."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(
        _("texte"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields
    parent_page_types = ["home.HomePage", "network.PortalPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page d’informations légales")
        verbose_name_plural = _("pages d’informations légales")

    @property
    def summary(self):
        return self.introduction


class ContactPage(Page):
    """« Contact »: a form whose messages reach the territory's team by e-mail.

    Messages are sent, not stored; a honeypot field and a per-address limit keep robots
    from using the form to send mail.
    """

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    recipient = models.EmailField(
        _("destinataire"), blank=True,
        help_text=_("Laissé vide : l’e-mail de contact de l’identité du territoire."),
    )
    thanks = models.CharField(
        _("message de remerciement"), max_length=255,
        default="Merci, votre message a bien été transmis à l’équipe. Nous vous répondrons par e-mail.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("recipient"), FieldPanel("thanks")]
    parent_page_types = ["home.HomePage", "network.PortalPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page de contact")
        verbose_name_plural = _("pages de contact")

    @property
    def summary(self):
        return strip_tags(self.introduction)

    def recipients(self, site=None):
        if self.recipient:
            return [self.recipient]
        site = site or self.get_site()
        identity = SiteIdentity.for_site(site) if site else None
        if identity and identity.contact_email:
            return [identity.contact_email]
        return list(getattr(settings, "CONTACT_FALLBACK_RECIPIENTS", [])) or [email for _name, email in settings.MANAGERS]

    def serve(self, request, *args, **kwargs):
        return handle_contact(self, request)
