"""What a reader sees on listings and detail pages: date ranges, no repeated summary, no
empty picture, « S’abonner », the RSS feed of upcoming events, French typography."""

import html as html_lib
import re
from datetime import datetime, time, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from content_types.models import DossierPage, EventOccurrence, EventPage, PlacePage

from .conftest import host_and_path

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def visible_text(page_html):
    """The text a reader sees: no scripts, styles, tags or attribute values."""
    body = page_html.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def cards(page_html):
    return re.findall(r'<article class="card card--event.*?</article>', page_html, re.S)


def card_of(page_html, title):
    matching = [card for card in cards(page_html) if title in card]
    assert matching, f"pas de carte « {title} »"
    return matching[0]


def make_days(make_event, title, first_day, count, all_day=True, **fields):
    """An event on `count` consecutive days (whole days), like a two-day festival."""
    event = make_event(title=title, days=tuple(first_day + n for n in range(count)), **fields)
    event.occurrences.all().delete()
    day = timezone.localdate() + timedelta(days=first_day)
    for n in range(count):
        start = timezone.make_aware(datetime.combine(day + timedelta(days=n), time(0, 0)))
        EventOccurrence.objects.create(event=event, start=start, end=start + timedelta(hours=23, minutes=59),
                                       all_day=all_day, sort_order=n)
    return event


def test_a_two_day_festival_shows_its_range_on_agenda_cards(fetch, agenda, make_event):
    festival = make_days(make_event, "Festival sur deux jours", 10, 2)
    first = timezone.localdate() + timedelta(days=10)
    last = first + timedelta(days=1)
    card = card_of(fetch(agenda).content.decode(), "Festival sur deux jours")
    text = " ".join(visible_text("<body>" + card).split())
    assert f"{last.day}" in text and "Du " in text, text
    assert re.search(rf"Du \w+ {first.day}\b.* au \w+ {last.day}\b", text), text
    # The badge on the picture says so too.
    assert f"{first.day}–{last.day}" in card
    assert festival.pk


def test_an_event_on_separate_dates_says_how_many_follow(fetch, agenda, make_event):
    make_event(title="Atelier hebdomadaire", days=(3, 10, 17))
    card = card_of(fetch(agenda).content.decode(), "Atelier hebdomadaire")
    text = " ".join(visible_text("<body>" + card).split())
    assert "et 2 autres dates" in text and "Du " not in text


def test_event_times_read_19_h_00_on_cards_and_event_pages(fetch, agenda, make_event):
    event = make_event(title="Conférence du soir", days=(5,))
    occurrence = event.occurrences.first()
    occurrence.start = occurrence.start.replace(hour=18, minute=0)  # 19 h 00 or 20 h 00 in Paris
    occurrence.end = occurrence.start + timedelta(hours=2)
    occurrence.save()
    local = timezone.localtime(occurrence.start)
    expected = f"{local.hour}{NBSP}h{NBSP}00"
    assert expected in visible_text(fetch(agenda).content.decode())
    page_text = visible_text(fetch(event).content.decode())
    assert expected in page_text
    assert not re.search(r"\d{1,2}h\d{2}", page_text)


def test_place_opening_hours_use_the_same_time_format(fetch):
    place = PlacePage.objects.live().filter(opening_hours__isnull=False).first()
    text = visible_text(fetch(place).content.decode())
    assert re.search(rf"\b\d{{1,2}}{NBSP}h{NBSP}\d\d – \d{{1,2}}{NBSP}h{NBSP}\d\d", text)
    assert not re.search(r"\d{1,2}h\d{2}", text)


def test_an_event_without_an_image_has_no_empty_picture(fetch, agenda, make_event):
    make_event(title="Sans image", days=(4,))
    page_html = fetch(agenda).content.decode()
    card = card_of(page_html, "Sans image")
    assert "card__media" not in card and "placeholder" not in card
    assert "card--no-image" in card and "card__date" in card  # the date badge moves into the text


@pytest.mark.parametrize("model", [EventPage, PlacePage, DossierPage])
def test_the_summary_is_said_once_on_demo_detail_pages(fetch, model):
    """The demo's pages open with their summary under the title, not again at the top of the body."""
    for page in model.objects.live().filter(url_path__startswith="/centre-val-de-loire/")[:4]:
        text = " ".join(visible_text(fetch(page).content.decode()).split())
        summary = " ".join(page.summary.split())
        assert text.count(summary) == 1, (page.title, text.count(summary))


def test_agenda_offers_a_webcal_subscription_and_a_copyable_address(fetch, agenda):
    page_html = fetch(agenda, thematique="astronomie").content.decode()
    host, path = host_and_path(agenda)
    webcal = re.search(r'href="(webcal://[^"]+)"', page_html)
    assert webcal, "pas de lien webcal://"
    assert html_lib.unescape(webcal.group(1)).startswith(f"webcal://{host}{path}ical/?")
    assert "thematique=astronomie" in webcal.group(1)
    field = re.search(r'<input id="adresse-abonnement" type="text" readonly value="([^"]+)"', page_html)
    assert field and html_lib.unescape(field.group(1)).startswith(f"http://{host}{path}ical/?")
    assert re.search(r'href="[^"]*ical/\?[^"]*" download', page_html)  # the download stays beside them
    assert 'data-copy="adresse-abonnement"' in page_html


def test_rss_feed_lists_upcoming_events_soonest_first_with_the_agenda_filters(fetch, agenda, make_event):
    later = make_event(title="Chimie plus tard", tags=("chimie",), days=(9,))
    sooner = make_event(title="Chimie bientôt", tags=("chimie",), days=(2,))
    make_event(title="Chimie passée", tags=("chimie",), days=(-2,))
    make_event(title="Astronomie à venir", tags=("astronomie",), days=(3,))
    response = fetch(agenda, "rss/", thematique="chimie")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles.index("Chimie bientôt") < titles.index("Chimie plus tard")
    assert "Chimie passée" not in titles and "Astronomie à venir" not in titles
    entry = feed.entries[titles.index("Chimie bientôt")]
    host, path = host_and_path(sooner)
    assert entry.link == f"http://{host}{path}"
    assert "Orléans" in entry.summary  # when and where, before the summary
    assert later.pk
    # The agenda announces it.
    assert 'type="application/rss+xml"' in fetch(agenda).content.decode()


def template_text(page_html):
    """The page's visible text minus rich text (bodies, introductions), which editors type."""
    soup = BeautifulSoup(page_html, "html.parser")
    for element in soup.select("script, style, .rich, .hero__intro, head"):
        element.decompose()
    return soup.get_text(" ")


def test_pages_use_french_typography(fetch, agenda, make_event):
    """One apostrophe (’), and non-breaking spaces before « : ; ! ? » and inside guillemets,
    in what templates say and in titles and summaries (typed with plain spaces here)."""
    typed = make_event(title="L'ADN ancien : qui étions-nous ?", days=(2,))
    EventPage.objects.filter(pk=typed.pk).update(summary="Une « conférence » d'une heure !")
    event = EventPage.objects.live().child_of(agenda).filter(venue__isnull=False).first()
    place = PlacePage.objects.live().filter(opening_hours__isnull=False).first()
    dossier = DossierPage.objects.live().first()
    for target, suffix in ((agenda.get_parent().specific, ""), (agenda, ""), (agenda, "archives/"), (event, ""),
                           (typed, ""), (place, ""), (place.get_parent(), ""), (dossier, "")):
        text = template_text(fetch(target, suffix).content.decode())
        where = f"{target.title} {suffix}"
        assert not re.search(r"\w'\w", text), (where, re.findall(r".{20}\w'\w.{20}", text)[:3])
        assert not re.search(r"\S [:;!?](\s|$)", text), (where, re.findall(r".{25} [:;!?]", text)[:3])
        assert not re.search(r"« | »", text), (where, re.findall(r".{20}(?:« | »).{20}", text)[:3])
    assert "L’ADN ancien\u00a0: qui étions-nous\u00a0?" in template_text(fetch(agenda).content.decode())
