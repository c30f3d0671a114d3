"""The image form editors upload with: the description, used as alt text, is required."""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class AltTextImageForm(BaseImageForm):
    """Wagtail renders `Image.description` as the default alt text of every `{% image %}`.

    Requiring it at upload (RGAA criterion 1.1) means no listing image, card or logo
    reaches a reader without a text alternative. Wagtail's multiple uploader already
    asks for required metadata before it saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is not None:
            field.required = True
            field.label = _("Texte alternatif")
            field.help_text = _(
                "Décrivez ce que montre l'image pour les personnes qui ne la voient pas "
                "(lu par les lecteurs d'écran)."
            )
