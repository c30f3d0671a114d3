"""Form data for Wagtail's page add/edit views, as an editor's browser would post it."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def page_form_data(fields, *, action, body_html, tags):
    """The fields every content page posts (body, tags, comments), plus the submit button pressed."""
    data = nested_form_data({
        **fields,
        "body": streamfield([("paragraph", rich_text(body_html))]),
        "tags": tags,
        "comments": inline_formset([]),
    })
    if action:
        data[action] = action
    return data


def article_form_data(title, *, action=None, body_html="<p>Un texte.</p>", tags="", summary="Un article."):
    return page_form_data({
        "title": title,
        "slug": slugify(title)[:50] or "article",
        "summary": summary,
        "listing_image": "",
        "author": "",
        "date": timezone.localdate().isoformat(),
    }, action=action, body_html=body_html, tags=tags)


def event_form_data(title, *, action=None, body_html="<p>Venez nombreux.</p>", tags="", summary="Un atelier.",
                    location="SRID=4326;POINT(1.909 47.902)", start=None, dates=1):
    start = start or (timezone.localtime() + timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    occurrences = [
        {"start": (start + timedelta(days=day)).strftime("%Y-%m-%d %H:%M"),
         "end": (start + timedelta(days=day, hours=2)).strftime("%Y-%m-%d %H:%M"),
         "all_day": "", "status": "prevu"}
        for day in range(dates)
    ]
    return page_form_data({
        "title": title,
        "slug": slugify(title)[:50] or "evenement",
        "summary": summary,
        "listing_image": "",
        "occurrences": inline_formset(occurrences),
        "venue": "",
        "address": "1 rue de la Science",
        "postcode": "45000",
        "city": "Orléans",
        "location": location,
        "organiser": "",
        "audience": "tout-public",
        "is_free": "on",
        "price": "",
        "price_details": "",
        "booking_url": "",
        "accessibility": "",
    }, action=action, body_html=body_html, tags=tags)


def annonce_form_data(title, *, kind, action=None, communities=(), deadline=None, summary="Une annonce.",
                      body_html="<p>Écrivez-nous.</p>", tags="", city="Orléans"):
    data = page_form_data({
        "title": title,
        "slug": slugify(title)[:50] or "annonce",
        "summary": summary,
        "listing_image": "",
        "kind": kind.pk,
        "deadline": (deadline or timezone.localdate() + timedelta(days=30)).isoformat(),
        "organisation": "",
        "place": "",
        "city": city,
        "contact_url": "https://example.org/repondre",
        "contact_email": "",
    }, action=action, body_html=body_html, tags=tags)
    data["communities"] = [str(community.pk) for community in communities]
    return data


def project_form_data(title, *, action=None, communities=(), team=(), summary="Un projet.",
                      body_html="<p>Nous construisons.</p>", tags=""):
    data = page_form_data({
        "title": title,
        "slug": slugify(title)[:50] or "projet",
        "summary": summary,
        "listing_image": "",
        "status": "en-cours",
        "start_date": "",
        "end_date": "",
        "links": streamfield([]),
        "gallery_images": inline_formset([]),
        "related_pages": inline_formset([]),
        "address": "",
        "postcode": "",
        "city": "",
        "location": "",
    }, action=action, body_html=body_html, tags=tags)
    data["communities"] = [str(community.pk) for community in communities]
    data["team"] = [str(user.pk) for user in team]
    return data
