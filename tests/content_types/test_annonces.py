"""Announcements: expiry (listing, feed, page, the deadline's edge), filters, feed, JSON-LD, contact, queries."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from content_types.models import AnnoncePage

from .conftest import count_queries

pytestmark = pytest.mark.django_db


def titles_in(html):
    return set(re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html))


def feed_titles(xml):
    return set(re.findall(r"<item><title>[^<:]*: ([^<]*)</title>", xml))


def json_ld(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def at_paris(monkeypatch, year, month, day, hour, minute, second=0):
    """Run as if it were that moment in Paris (timezone.now is what `localdate` reads)."""
    moment = timezone.make_aware(datetime(year, month, day, hour, minute, second))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_an_expired_announcement_leaves_the_listing_and_the_feed_but_its_page_stays(fetch, make_annonce, annonces_index):
    open_one = make_annonce("Stage ouvert aux curieux", deadline_days=3)
    expired = make_annonce("Stage déjà clos", deadline_days=-1)
    listing = fetch(annonces_index).content.decode()
    assert open_one.title in titles_in(listing)
    assert expired.title not in titles_in(listing)
    feed = fetch(annonces_index, "rss/").content.decode()
    assert open_one.title in feed_titles(feed)
    assert expired.title not in feed_titles(feed)
    page = fetch(expired)
    assert page.status_code == 200
    assert "Annonce expirée" in page.content.decode()
    assert "Annonce expirée" not in fetch(open_one).content.decode()


def test_the_deadline_day_is_the_last_day_listed_paris_time(fetch, make_annonce, annonces_index, monkeypatch):
    annonce = make_annonce("Appel du dernier jour", deadline_days=0)
    deadline = annonce.deadline
    last_moment = (deadline.year, deadline.month, deadline.day, 23, 59, 59)
    at_paris(monkeypatch, *last_moment)
    assert annonce.title in titles_in(fetch(annonces_index).content.decode())
    assert annonce.title in feed_titles(fetch(annonces_index, "rss/").content.decode())
    assert "Annonce expirée" not in fetch(annonce).content.decode()
    next_day = deadline + timedelta(days=1)
    at_paris(monkeypatch, next_day.year, next_day.month, next_day.day, 0, 0, 0)
    assert annonce.title not in titles_in(fetch(annonces_index).content.decode())
    assert annonce.title not in feed_titles(fetch(annonces_index, "rss/").content.decode())
    assert "Annonce expirée" in fetch(annonce).content.decode()


def test_the_listing_filters_by_kind_and_town_newest_first(fetch, make_annonce, annonces_index):
    older = make_annonce("Stage à Tours", city="Tours")
    newer = make_annonce("Second stage à Tours", city="Tours")
    job = make_annonce("Emploi à Tours", city="Tours", kind="offre-d-emploi")
    elsewhere = make_annonce("Stage à Bourges", city="Bourges")
    html = fetch(annonces_index, type="offre-de-stage", ville="Tours").content.decode()
    assert titles_in(html) == {older.title, newer.title}
    assert html.index(newer.title) < html.index(older.title)
    assert job.title in titles_in(fetch(annonces_index, type="offre-d-emploi").content.decode())
    assert elsewhere.title not in titles_in(fetch(annonces_index, ville="Tours").content.decode())
    # The feed follows the same filters.
    assert feed_titles(fetch(annonces_index, "rss/", type="offre-de-stage", ville="Tours").content.decode()) == {
        older.title, newer.title}


def test_an_unknown_filter_value_is_ignored_not_an_error(fetch, annonces_index):
    response = fetch(annonces_index, type="<script>", ville="nulle-part", page="abc")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("</form>")[0]


def test_a_job_offer_reads_back_as_a_jobposting_valid_through_its_deadline(fetch, make_annonce):
    annonce = make_annonce("Médiateur ou médiatrice en CDD", kind="offre-d-emploi", city="Blois", deadline_days=20)
    data = next(block for block in json_ld(fetch(annonce).content.decode()) if block.get("@type") == "JobPosting")
    assert data["title"] == annonce.title
    through = datetime.fromisoformat(data["validThrough"])
    assert timezone.localtime(through).date() == annonce.deadline
    assert (timezone.localtime(through).hour, timezone.localtime(through).minute) == (23, 59)
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["jobLocation"]["address"]["addressLocality"] == "Blois"
    assert data["employmentType"] == "FULL_TIME"
    assert data["datePosted"] == timezone.localdate().isoformat()


def test_a_call_for_projects_reads_back_as_a_generic_creative_work(fetch, make_annonce):
    annonce = make_annonce("Appel à projets climat", kind="appel-a-projets")
    blocks = json_ld(fetch(annonce).content.decode())
    assert not any(block.get("@type") == "JobPosting" for block in blocks)
    data = next(block for block in blocks if block.get("@type") == "CreativeWork")
    assert data["name"] == annonce.title
    assert data["expires"] == annonce.deadline.isoformat()


def test_the_contact_address_is_not_in_the_html_until_asked_for_by_post(client, fetch, make_annonce):
    annonce = make_annonce("Bénévoles recherchés", kind="recherche-de-benevoles", contact_email="benevoles@example.org")
    html = fetch(annonce).content.decode()
    assert "benevoles@example.org" not in html
    assert "benevoles" not in html.replace("Bénévoles recherchés", "")  # no encoded variant either
    host = annonce.get_site().hostname
    assert client.get(annonce.url + "contact/", HTTP_HOST=host).status_code == 405
    shown = client.post(annonce.url + "contact/", HTTP_HOST=host)
    assert shown.status_code == 200
    assert 'href="mailto:benevoles@example.org"' in shown.content.decode()


def test_the_contact_form_is_csrf_protected(make_annonce):
    from django.test import Client

    annonce = make_annonce("Stage à protéger", contact_email="stage@example.org")
    response = Client(enforce_csrf_checks=True).post(annonce.url + "contact/", HTTP_HOST=annonce.get_site().hostname)
    assert response.status_code == 403


def test_listing_and_feed_query_counts_do_not_grow(client, make_annonce, annonces_index):
    for number in range(2):
        make_annonce(f"Annonce de départ {number}")
    listing, feed = count_queries(client, annonces_index), count_queries(client, annonces_index, "rss/")
    for number in range(8):
        make_annonce(f"Annonce en plus {number}", city=f"Ville {number}", kind="appel-a-participation")
    assert count_queries(client, annonces_index) == listing
    assert count_queries(client, annonces_index, "rss/") == feed


def test_expired_announcements_stay_in_the_demo_but_not_in_its_listing(fetch, annonces_index):
    demo = AnnoncePage.objects.live().child_of(annonces_index)
    assert demo.count() >= 10
    assert demo.expired().count() >= 2
    listed = titles_in(fetch(annonces_index).content.decode())
    assert not listed & set(demo.expired().values_list("title", flat=True))


def test_the_home_page_shows_the_latest_open_announcements(fetch, make_annonce, home):
    fresh = make_annonce("Annonce toute fraîche", deadline_days=5)
    make_annonce("Annonce fraîche mais close", deadline_days=-1)
    html = fetch(home).content.decode()
    section = html.split('id="titre-annonces"', 1)[1].split("</section>", 1)[0]
    assert fresh.title in section
    assert "Annonce fraîche mais close" not in section
