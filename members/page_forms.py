"""Server-side rules on every page form, installed on each page type's form by members.apps.

- A member's contribution is authored by that member: the author field is fixed to them,
  whatever the request says (editors keep the choice, by display name).
- What a member references is checked on the server, not only offered by the choosers:
  pages must be live and public or their own, images public or their own, documents
  public. Everything the page references is found with Wagtail's own reference
  extraction (fields, StreamField blocks, rich-text links and embeds, inline rows), so
  a crafted POST to the add, edit or preview views cannot render someone else's draft.
- Titles are one line: line breaks and runs of spaces become one space (a title feeds
  e-mail subjects, which may not contain line breaks).
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .permissions import is_plain_contributor
from .visibility import document_is_visible, image_is_visible, page_is_visible

NOT_YOURS = _("Vous ne pouvez pas choisir cet élément : il n'est ni public ni à vous.")


def one_line(text):
    return " ".join((text or "").split())


def _references(form):
    """(field name, model, id) for each object the form's cleaned data points at."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    model = form._meta.model
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(field, models.ForeignKey):
            yield name, field.related_model, getattr(value, "pk", value)
        elif hasattr(field, "extract_references"):
            for to_model, to_id, _path, _content_path in field.extract_references(value):
                yield name, to_model, to_id


def _visible(user, to_model, to_id):
    if issubclass(to_model, Page):
        return page_is_visible(user, to_id)
    if issubclass(to_model, get_image_model()):
        return image_is_visible(user, to_id)
    if issubclass(to_model, get_document_model()):
        return document_is_visible(user, to_id)
    return True  # snippets (organisations), tags…: shared, public records


class ContributionFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self._member = user if user is not None and is_plain_contributor(user) else None
        if self._member is not None and "author" in self.fields:
            field = self.fields["author"]
            field.queryset = get_user_model().objects.filter(pk=self._member.pk)
            field.empty_label = None
            field.disabled = True  # Django then ignores the submitted value
            self.initial["author"] = self._member.pk

    def clean_title(self):
        return one_line(self.cleaned_data.get("title"))

    def is_valid(self):
        valid = super().is_valid()
        if self._member is None:
            return valid
        forms = [self] + [
            child for formset in self.formsets.values() for child in formset.forms
            if getattr(child, "cleaned_data", None)
        ]
        for form in forms:
            for name, to_model, to_id in list(_references(form)):
                if not _visible(self._member, to_model, to_id):
                    form.add_error(name if name in form.fields else None, NOT_YOURS)
                    valid = False
        return valid


def _own_form(model):
    """The form a page type declares or inherits, ours taken off if already installed."""
    for klass in model.__mro__:
        base = klass.__dict__.get("base_form_class")
        if base is not None:
            return base.__bases__[1] if issubclass(base, ContributionFormMixin) else base
    # Page's own default is set by wagtail.admin's ready(), which runs after ours.
    return WagtailAdminPageForm


def install(page_models):
    """Put the mixin in front of each page type's form (before Wagtail builds it)."""
    for model in page_models:
        base = _own_form(model)
        model.base_form_class = type(f"Member{base.__name__}", (ContributionFormMixin, base), {"__module__": __name__})
