"""The map endpoint's response, described for /api/v3/openapi.json.

The view writes its JSON directly (thousands of features per response), so these
schemas document the contract rather than serialise it; tests check that real
responses validate against them.
"""

from typing import Literal

from ninja import Schema
from pydantic import Field


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(
        ..., min_length=2, max_length=2, description="[longitude, latitude], WGS 84 (RFC 7946)."
    )


class FeatureProperties(Schema):
    type: Literal["event", "place", "project"]
    title: str
    summary: str
    url: str | None = Field(..., description="Absolute URL of the page.")
    image: str | None = Field(None, description="Absolute URL of a 400 px wide rendition of the listing image.")
    tags: list[str] = Field(..., description="Tag slugs (the values the `tags` parameter takes).")
    city: str
    address: str
    start: str | None = Field(
        None, description="Events: start of the next occurrence inside the requested window (ISO 8601 with offset)."
    )
    end: str | None = Field(None, description="Events: end of that occurrence (ISO 8601 with offset).")
    place: str | None = Field(None, description="Events: the venue's name, empty when held at its own address.")
    kind: str | None = Field(None, description="Places: the kind of place (musee, observatoire…).")
    kind_label: str | None = Field(None, description="Places: the kind of place, as a visitor reads it.")
    status: str | None = Field(None, description="Projects (`type=project`): en-preparation, en-cours or termine.")
    status_label: str | None = Field(None, description="Projects: the status, as a visitor reads it.")
    start_date: str | None = Field(None, description="Projects: start date (ISO 8601), if known.")
    end_date: str | None = Field(None, description="Projects: end date (ISO 8601), if known.")


class Feature(Schema):
    type: Literal["Feature"]
    id: str = Field(..., description="`event-<page id>`, `place-<page id>` or `project-<page id>`.")
    geometry: PointGeometry
    properties: FeatureProperties


class Link(Schema):
    rel: str = Field(..., description="`self` or `next`.")
    href: str
    type: str = "application/geo+json"


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    numberMatched: int = Field(..., description="Features matching the filters, all pages together.")
    numberReturned: int = Field(..., description="Features in this response.")
    links: list[Link]
    features: list[Feature]


def inline_json_schema(model):
    """The model's JSON Schema with its `$defs` expanded in place, so it can sit under a
    media type of the OpenAPI document without registering components."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def expand(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref.startswith("#/$defs/"):
                return expand(definitions[ref.removeprefix("#/$defs/")])
            return {key: expand(value) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(item) for item in node]
        return node

    return expand(schema)


class Problem(Schema):
    """The body of the map endpoint's errors (RFC 9457 problem details), as sent."""

    type: str = Field(..., description="`about:blank`.")
    title: str = Field(..., description="The status phrase, e.g. `Bad Request`.")
    status: int
    detail: str = Field(..., description="What is wrong; for a 400 it starts with the parameter's name (`bbox: …`).")
