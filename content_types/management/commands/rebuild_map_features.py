"""`manage.py rebuild_map_features`: rewrite every stored feature of the map from the live pages.

The map reads each live event, place and project from its stored feature, written when the
page is published (content_types/api/store.py). Rows changed without Wagtail's publication
(an import, a script, a migration) show on the map once this has run: it makes the listing
images' missing map renditions, rewrites every feature, and starts a new generation of the
map's response cache so that no response computed before is served again.
"""

import time

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from content_types.api import cache, store
from content_types.core import registry


class Command(BaseCommand):
    help = "Réécrit les points de la carte depuis les pages publiées (après un import ou un script)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        image_ids = set()
        for entry in registry.map_types():
            image_ids.update(
                entry.model.objects.live().exclude(listing_image=None).values_list("listing_image_id", flat=True)
            )
        images = get_image_model().objects.filter(pk__in=image_ids).exclude(renditions__filter_spec=store.IMAGE_FILTER_SPEC)
        made = 0
        for image in images:
            store.make_rendition(image)
            made += 1
        features = store.rebuild()
        cache.new_generation()
        self.stdout.write(
            f"{features} points de la carte écrits, {made} rendus d'images faits, en {time.perf_counter() - started:.1f} s"
        )
