#!/usr/bin/env bash
# scripts/backup.sh — a backup of the database and the media files, and its restore.
#
#   scripts/backup.sh backup  [DIR]   # default DIR: backups/<UTC date-time>
#   scripts/backup.sh restore DIR     # into DATABASE_URL (emptied first) and MEDIA_ROOT
#
# Environment: DATABASE_URL (postgres://…, required), MEDIA_ROOT (default ./media).
# A backup directory holds:
#   database.dump   pg_dump custom format (pg_restore reads it; compressed)
#   media.tar.gz    every uploaded file (original images, renditions, documents)
#   manifest.json   when, from which commit and migrations, row counts, SHA-256 of both files
# `restore` checks the checksums before touching anything, then replaces the database's
# contents and the media directory's.
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
MEDIA_ROOT="$(realpath -m "${MEDIA_ROOT:-$ROOT/media}")"

die() { printf 'backup.sh: %s\n' "$*" >&2; exit 1; }
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is required (postgres://user@host:port/name)"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) die "DATABASE_URL must be a PostgreSQL URL" ;; esac
# libpq takes postgresql:// URLs; dj-database-url's postgres:// is the same thing.
PGURL="postgresql://${DATABASE_URL#*://}"

counts() {  # JSON object of the row counts a restore must find again
  psql -X -q -t -A -v ON_ERROR_STOP=1 "$PGURL" -c "
    SELECT json_build_object(
      'pages', (SELECT count(*) FROM wagtailcore_page),
      'revisions', (SELECT count(*) FROM wagtailcore_revision),
      'images', (SELECT count(*) FROM wagtailimages_image),
      'documents', (SELECT count(*) FROM wagtaildocs_document),
      'members', (SELECT count(*) FROM members_user))"
}

backup() {
  local dir="${1:-$ROOT/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
  mkdir -p "$dir"
  dir="$(realpath "$dir")"
  echo "backup: database -> $dir/database.dump"
  pg_dump --format=custom --no-owner --no-privileges --file="$dir/database.dump" "$PGURL"
  echo "backup: media ($MEDIA_ROOT) -> $dir/media.tar.gz"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -czf "$dir/media.tar.gz" .
  local migration commit
  migration="$(psql -X -q -t -A "$PGURL" -c "SELECT app || '.' || name FROM django_migrations ORDER BY id DESC LIMIT 1")"
  commit="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  cat >"$dir/manifest.json" <<JSON
{
  "format": 1,
  "created": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$commit",
  "last_migration": "$migration",
  "database": {"file": "database.dump", "sha256": "$(sha256sum "$dir/database.dump" | cut -d' ' -f1)"},
  "media": {"file": "media.tar.gz", "sha256": "$(sha256sum "$dir/media.tar.gz" | cut -d' ' -f1)",
            "files": $(find "$MEDIA_ROOT" -type f | wc -l)},
  "counts": $(counts)
}
JSON
  echo "backup: done, $dir/manifest.json"
}

restore() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -f "$dir/manifest.json" ] || die "usage: $0 restore DIR (a directory with manifest.json)"
  local name sum
  for name in database media; do
    sum="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["sha256"])' "$dir/manifest.json" "$name")"
    file="$dir/$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["file"])' "$dir/manifest.json" "$name")"
    [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum" ] || die "$file does not match its checksum in the manifest: not restoring"
  done
  echo "restore: database <- $dir/database.dump"
  pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$PGURL" "$dir/database.dump"
  echo "restore: media <- $dir/media.tar.gz ($MEDIA_ROOT)"
  mkdir -p "$MEDIA_ROOT"
  find "$MEDIA_ROOT" -mindepth 1 -delete
  tar -C "$MEDIA_ROOT" -xzf "$dir/media.tar.gz"
  echo "restore: done; counts now $(counts)"
  echo "restore: then run 'manage.py migrate' (if the code is newer) and 'manage.py update_index'"
}

case "${1:-}" in
  backup) backup "${2:-}" ;;
  restore) restore "${2:-}" ;;
  *) die "usage: $0 backup [DIR] | restore DIR" ;;
esac
