from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Organisation(index.Indexed, models.Model):
    """Who organises an event or runs a place: a museum, a lab, an association."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("website"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name
