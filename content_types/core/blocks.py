"""The one StreamField vocabulary every page body is written with."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    # Required: a screen-reader user must know what the image shows (RGAA 1.1).
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        max_length=250,
        help_text=_("Décrivez l'image pour les personnes qui ne la voient pas."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Crédit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur de la citation"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Intitulé du lien"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "blocks/document_block.html"


class PageOrUrlBlock(blocks.StructBlock):
    """A link to one of our pages or to an address elsewhere: exactly one of the two."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse web"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Indiquez soit une page, soit une adresse web (une seule des deux)."))}
            )
        return value


class CallToActionBlock(PageOrUrlBlock):
    text = blocks.CharBlock(label=_("Texte du bouton"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "blocks/call_to_action_block.html"
        form_layout = ["text", "page", "url"]


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        template="blocks/paragraph_block.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Vidéo ou contenu intégré"), icon="media", template="blocks/embed_block.html")
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
