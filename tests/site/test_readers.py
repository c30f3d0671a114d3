"""What a reader sees on every kind of detail page: the summary said once, French typography.
What a reader sees on one type's cards and pages is in tests/content_types/test_<type>.py."""

import re

import pytest
from bs4 import BeautifulSoup

from content_types.models import DossierPage, EventPage, PlacePage

from .conftest import visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [EventPage, PlacePage, DossierPage])
def test_the_summary_is_said_once_on_demo_detail_pages(fetch, model):
    """The demo's pages open with their summary under the title, not again at the top of the body."""
    for page in model.objects.live().filter(url_path__startswith="/centre-val-de-loire/")[:4]:
        text = " ".join(visible_text(fetch(page).content.decode()).split())
        summary = " ".join(page.summary.split())
        assert text.count(summary) == 1, (page.title, text.count(summary))


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
