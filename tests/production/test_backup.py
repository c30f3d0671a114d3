"""`make backup` / `make restore`: a backup restored into a fresh database finds everything again."""

import hashlib
import json
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import seed

from .conftest import database_url
from .helpers import ROOT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCRIPT = str(ROOT / "scripts" / "backup.sh")
SNAPSHOT = {
    "pages": "SELECT id, title, url_path, live FROM wagtailcore_page ORDER BY id",
    "revisions": "SELECT id, object_id, created_at FROM wagtailcore_revision ORDER BY id",
    "images": "SELECT id, title, file, width, height FROM wagtailimages_image ORDER BY id",
    "members": "SELECT id, email, password, is_active FROM members_user ORDER BY id",
}


def run(command, directory, *, url, media):
    return subprocess.run(["bash", SCRIPT, command, str(directory)], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "MEDIA_ROOT": str(media)}, timeout=300)


def snapshot(url):
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return {name: conn.execute(query).fetchall() for name, query in SNAPSHOT.items()}


def files(root):
    root = Path(root)
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def fresh_database():
    """An empty database next to the test database, dropped afterwards."""
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    admin_url = database_url({**source, "NAME": "postgres"}).replace("postgres://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url({**source, "NAME": name})
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_a_fresh_database(tmp_path, fresh_database):
    from content_types.models import ArticlePage
    from members.setup import ensure_groups
    from tests.members.conftest import make_user

    seed()
    ensure_groups()
    make_user("sauvegarde@example.org")
    article = ArticlePage.objects.live().first()
    article.title = "Titre révisé avant la sauvegarde"
    article.save_revision().publish()

    source_url = database_url(connection.settings_dict)
    before, media_before = snapshot(source_url), files(settings.MEDIA_ROOT)
    assert before["images"] and media_before and len(before["revisions"]) > len(before["pages"]) // 2

    backup_dir = tmp_path / "sauvegarde"
    result = run("backup", backup_dir, url=source_url, media=settings.MEDIA_ROOT)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["counts"]["pages"] == len(before["pages"])
    assert manifest["counts"]["members"] == len(before["members"])
    assert manifest["media"]["files"] == len(media_before)
    assert manifest["last_migration"]

    restored_media = tmp_path / "media-restauré"
    result = run("restore", backup_dir, url=fresh_database, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert snapshot(fresh_database) == before
    assert files(restored_media) == media_before


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path, fresh_database):
    seed()
    backup_dir = tmp_path / "sauvegarde"
    assert run("backup", backup_dir, url=database_url(connection.settings_dict),
               media=settings.MEDIA_ROOT).returncode == 0
    with open(backup_dir / "database.dump", "r+b") as dump:
        dump.seek(200)
        dump.write(b"\0" * 16)
    result = run("restore", backup_dir, url=fresh_database, media=tmp_path / "media")
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
    assert not (tmp_path / "media").exists()
