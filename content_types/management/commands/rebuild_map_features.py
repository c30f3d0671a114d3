"""`manage.py rebuild_map_features`: write the map features' text of every live event and place.

Publishing keeps this text up to date, and the map writes any it finds missing; run this
after importing pages in bulk (rows written without Wagtail's publication) so the first
map requests do not pay for it, or to refresh everything after such an import changed
pages that already had their text.
"""

import time

from django.core.management.base import BaseCommand

from content_types.api import feature_text

BATCH = 2000


class Command(BaseCommand):
    help = "Écrit le texte des points de la carte de chaque événement et lieu publié."

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = 0
        for kind, (model, *_rest) in feature_text.KINDS.items():
            ids = list(model.objects.live().values_list("pk", flat=True).order_by("pk"))
            for start in range(0, len(ids), BATCH):
                written += len(feature_text.store(kind, ids[start:start + BATCH]))
        self.stdout.write(f"{written} points de la carte écrits en {time.perf_counter() - started:.1f} s")
