# The map's features are encoded per request from the pages (content_types/api/features.py):
# the pre-rendered texts and their version row are no longer used.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("content_types", "0005_ical_subscriptions"),
    ]

    operations = [
        migrations.DeleteModel(name="MapFeatureText"),
        migrations.DeleteModel(name="MapFeatureTextVersion"),
    ]
