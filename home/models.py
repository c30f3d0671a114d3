from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The root of one territory; each is the root page of a Wagtail Site."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content_types.ArticleIndexPage",
        "content_types.AgendaPage",
        "content_types.PlaceIndexPage",
        "content_types.DossierIndexPage",
        "content_types.MapPage",
    ]

    class Meta:
        verbose_name = _("accueil d'un territoire")
        verbose_name_plural = _("accueils des territoires")
