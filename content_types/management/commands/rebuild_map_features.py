"""`manage.py rebuild_map_features`: prepare what the map reads, after pages changed in bulk.

The map API reads features from the live pages on every request and never writes; what it
needs besides the pages is each listing image's map rendition, which publishing makes.
After an import (rows written without Wagtail's publication), run this: it makes the
renditions missing for live events and places, and starts a new generation of the map's
response cache so no response computed before the import is served again.
"""

import time

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from content_types.api import cache
from content_types.api.features import IMAGE_FILTER_SPEC
from content_types.api.signals import make_rendition
from content_types.core import registry


class Command(BaseCommand):
    help = "Prépare la carte après un import : rendus d'images manquants, cache des réponses vidé."

    def handle(self, *args, **options):
        started = time.perf_counter()
        image_ids = set()
        for entry in registry.map_types():
            image_ids.update(
                entry.model.objects.live().exclude(listing_image=None).values_list("listing_image_id", flat=True)
            )
        images = get_image_model().objects.filter(pk__in=image_ids).exclude(renditions__filter_spec=IMAGE_FILTER_SPEC)
        made = 0
        for image in images:
            make_rendition(image)
            made += 1
        cache.new_generation()
        self.stdout.write(f"{made} rendus d'images faits pour la carte en {time.perf_counter() - started:.1f} s")
