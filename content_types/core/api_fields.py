"""Serializer fields for the page models' `api_fields`, read by Wagtail's API v3.

A foreign key on its own comes out of the v3 pages endpoints as a bare id; a client
showing an event wants the venue's name and link and the organiser's name without a
second request. Wagtail's v3 schema generator accepts `APIField(serializer=…)` and
types the output from `to_representation`'s return annotation, so these fields keep
the OpenAPI description precise.
"""

from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.images.api.fields import ImageRenditionField

__all__ = ["ImageRenditionField", "OrganisationField", "PageSummaryField"]


class PageSummary(TypedDict):
    id: int
    title: str
    url: str | None


class OrganisationSummary(TypedDict):
    id: int
    name: str
    website: str


class PageSummaryField(Field):
    """A related page as id, title and absolute URL."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)

    def to_representation(self, page) -> PageSummary:
        return PageSummary(id=page.pk, title=page.title, url=page.get_full_url())


class OrganisationField(Field):
    """The organisation running a place or organising an event, by name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)

    def to_representation(self, organisation) -> OrganisationSummary:
        return OrganisationSummary(id=organisation.pk, name=organisation.name, website=organisation.website)
