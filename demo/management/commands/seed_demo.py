"""`manage.py seed_demo`: two demo territories with places, events, articles and dossiers.

Idempotent: every object is looked up first (pages by slug under their parent, images by
title in their collection, organisations by name, accounts by e-mail), so a second run
adds nothing. Pages are published through Wagtail's revisions, like an editor would.
"""

import html
import secrets
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    ReferenceIndex,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.search import index as search_index
from wagtail.search.signal_handlers import post_save_signal_handler as search_post_save_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from content_types.core import registry
from demo import sections as demo_sections
from content_types.core.geo import format_point
from content_types.models import (
    ArticlePage,
    DossierItem,
    DossierPage,
    EventOccurrence,
    EventPage,
    OpeningHours,
    Organisation,
    PlacePage,
)
from demo import data
from demo.images import draw_picture
from home.models import HomePage, SiteIdentity
from members.setup import editors_group_name, ensure_groups, moderators_group_name, territory_collection
from network import sharing
from network.territories import create_territory

PARIS = ZoneInfo("Europe/Paris")
ACCESSIBILITY = {"full": data.ACCESS_FULL, "partial": data.ACCESS_PARTIAL, "none": data.ACCESS_NONE}


def text(value):
    """Plain text made safe to put inside rich-text HTML."""
    return html.escape(value, quote=False)


def paragraph(*sentences):
    value = "".join(f"<p>{text(s)}</p>" for s in sentences)
    return ("paragraph", value)


def heading(value, level="h2"):
    return ("heading", {"text": value, "level": level})


def parse_time(value):
    return datetime.strptime(value, "%H:%M").time()


class Command(BaseCommand):
    help = "Crée les territoires de démonstration (Centre-Val de Loire, Grenoble et le portail du réseau) et leurs contenus."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="N'affiche que les identifiants créés.")
        parser.add_argument(
            "--port", type=int, default=80,
            help="Port où la démonstration est servie (celui de `make run`), pour que les liens absolus y mènent.",
        )

    def handle(self, *args, quiet=False, port=80, **options):
        self.quiet = quiet
        self.port = port
        self.added = 0
        started = time.monotonic()
        self.today = timezone.localdate(timezone=PARIS)
        credentials = []
        self.new_objects = []
        with transaction.atomic():
            if Page.get_first_root_node() is None:
                self.bootstrap_wagtail()
            users = self.seed_users(credentials)
            with deferred_indexing():
                for territory in data.TERRITORIES:
                    self.seed_territory(territory, users)
                demo_sections.seed(self, data.TERRITORIES, users)  # announcements, projects, communities (demo/sections.py)
                self.seed_portal()
                self.seed_shares()
            self.index_new_objects()
            self.remove_welcome_page()
            # Contributors, each territory's moderators and its moderation workflow.
            groups = ensure_groups()
            self.log(f"Groupes et circuits de modération : {', '.join(sorted(groups))}.")
            self.assign_roles(users)
        elapsed = time.monotonic() - started

        # Passwords are printed once, after the commit: nobody can read them back afterwards.
        passwords = dict(credentials)
        self.stdout.write("Comptes de démonstration :")
        for key, email, first_name, last_name, role, hostname in data.USERS:
            where = f" ({self.territory_name(hostname)})" if hostname else ""
            line = f"  {email} — {data.ROLE_LABELS[role]}{where}"
            if email in passwords:
                line += f" — mot de passe : {passwords[email]}"
            self.stdout.write(self.style.WARNING(line) if email in passwords else line)
        if self.added:
            self.log(self.style.SUCCESS(f"Démonstration prête : {self.added} objets ajoutés en {elapsed:.1f} s."))
        else:
            self.log(self.style.SUCCESS(
                f"Rien à ajouter : la démonstration était déjà en place ({elapsed:.1f} s)."
            ))

    # Output ------------------------------------------------------------------

    def log(self, message):
        if not self.quiet:
            self.stdout.write(message)

    def report(self, territory, label, total, created, feminine=False):
        ending = "es" if feminine else "s"
        state = f"{created} créé{ending}" if created else f"déjà présent{ending}"
        if created and created < total:
            state += f", {total - created} déjà présent{ending}"
        self.log(f"Territoire {territory['short']} : {total} {label} ({state})…")

    # Wagtail's initial data ---------------------------------------------------

    def bootstrap_wagtail(self):
        """Recreate what Wagtail's migrations put in an empty database, for a database that was
        flushed after migrating (a transactional test): the locale, the root page and collection,
        the Editors and Moderators groups and the "Moderators approval" workflow on the root."""
        self.log("Base vide : création des données initiales de Wagtail…")
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
        model_permissions = list(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        ) + list(Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[f"{action}_{model}" for action in ("add", "change", "choose", "delete")
                          for model in ("image", "document")],
        ))
        collection_permissions = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[f"{action}_{model}" for action in ("add", "change", "choose") for model in ("image", "document")],
        )
        page_permissions = {
            "Editors": ("add_page", "change_page"),
            "Moderators": ("add_page", "change_page", "lock_page", "publish_page", "unlock_page"),
        }
        groups = {}
        for name, codenames in page_permissions.items():
            group, created = Group.objects.get_or_create(name=name)
            groups[name] = group
            if not created:
                continue
            group.permissions.add(*model_permissions)
            for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
                GroupPagePermission.objects.create(group=group, page=root, permission=permission)
            for permission in collection_permissions:
                GroupCollectionPermission.objects.create(group=group, collection=collection, permission=permission)
        if not Workflow.objects.exists():
            task = GroupApprovalTask.objects.create(name="Moderators approval")
            task.groups.set([groups["Moderators"]])
            workflow = Workflow.objects.create(name="Moderators approval")
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            WorkflowPage.objects.create(workflow=workflow, page=root)

    # Accounts ----------------------------------------------------------------

    def seed_users(self, credentials):
        User = get_user_model()
        users = {}
        for key, email, first_name, last_name, role, hostname in data.USERS:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    email=email, password=password, first_name=first_name, last_name=last_name,
                )
                credentials.append((email, password))
                self.added += 1
                self.log(f"Compte {email} créé.")
            else:
                self.log(f"Compte {email} déjà présent.")
            users[key] = user
        return users

    def territory_home(self, hostname):
        site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
        return site.root_page if site else None

    def territory_name(self, hostname):
        home = self.territory_home(hostname)
        return home.title if home else hostname

    def assign_roles(self, users):
        """Each territory's editors and moderators join that territory's groups (members.setup)."""
        names = {"editor": editors_group_name, "moderator": moderators_group_name}
        for key, email, first_name, last_name, role, hostname in data.USERS:
            if role not in names:
                continue
            group = Group.objects.get(name=names[role](self.territory_home(hostname)))
            users[key].groups.add(group)

    # Pages -------------------------------------------------------------------

    def existing_child(self, parent, slug):
        return parent.get_children().filter(slug=slug).specific().first()

    def publish_child(self, parent, page):
        """Add `page` under `parent` and publish it through a revision, as the admin would."""
        page.live = False
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.added += 1
        self.new_objects.append(page)
        return page

    def ensure_page(self, parent, model, slug, build):
        """The child of `parent` with `slug`, created by `build()` if missing. Returns (page, created)."""
        page = self.existing_child(parent, slug)
        if page is not None:
            if not isinstance(page, model):
                raise CommandError(f"« {page.url_path} » existe déjà mais n'est pas un(e) {model._meta.verbose_name}.")
            return page, False
        page = build()
        page.slug = slug
        return self.publish_child(parent, page), True

    # Territory ---------------------------------------------------------------

    def seed_territory(self, territory, users):
        editor = next(
            users[key] for key, _email, _first, _last, role, hostname in data.USERS
            if role == "editor" and hostname == territory["hostname"]
        )
        self.move_demo_site(territory)
        report = create_territory(
            territory["title"], territory["hostname"], self.port, territory["slug"],
            user=editor, introduction=territory["introduction"],
        )
        home = report.home
        for item in report.created:
            self.log(f"Territoire {territory['short']} — créé : {item}…")
        self.added += len(report.created)
        self.seed_identity(territory, report.site)
        sections = {type(page).__name__: page for page in home.get_children().specific()}

        organisations = self.seed_organisations(territory)
        images = self.seed_images(territory, home, editor)
        places = self.seed_places(territory, sections["PlaceIndexPage"], organisations, images, editor)
        events = self.seed_events(territory, sections["AgendaPage"], places, organisations, images, editor)
        articles = self.seed_articles(territory, sections["ArticleIndexPage"], images, users, editor)
        self.seed_dossiers(
            territory, sections["DossierIndexPage"], images, editor,
            {"place": places, "event": events, "article": articles},
        )

    def seed_portal(self):
        """The network's national portal, on its own host (the same port as the territories)."""
        portal = data.PORTAL
        self.move_demo_site(portal)
        report = create_territory(
            portal["title"], portal["hostname"], self.port, portal["slug"],
            introduction=portal["introduction"], portal=True,
        )
        for item in report.created:
            self.log(f"Portail du réseau — créé : {item}…")
        self.added += len(report.created)
        identity = SiteIdentity.for_site(report.site)
        if identity.short_name != portal["short"]:
            identity.short_name = portal["short"]
            identity.footer_text = identity.footer_text or f"<p>{data.DEMO_NOTE}</p>"
            identity.save()

    def seed_shares(self):
        """A few events and places shown by a neighbouring territory (aliases, not copies)."""
        homes = {home.slug: home for home in HomePage.objects.filter(depth=2)}
        created = 0
        for source_slug, key, title, target_slug in data.SHARES:
            entry = registry.get(key)
            source = entry.model.objects.descendant_of(homes[source_slug]).filter(
                title=title, alias_of__isnull=True
            ).first()
            section = entry.index_model.objects.child_of(homes[target_slug]).first()
            if source is None or section is None or not source.live:
                continue
            if not entry.model.objects.child_of(section).filter(alias_of=source).exists():
                sharing.share_page(source, section)
                created += 1
        self.added += created
        self.log(f"Partages entre territoires : {len(data.SHARES)} pages ({created} ajoutées).")

    def index_new_objects(self):
        """Index what was created once, now that pages are published (see `deferred_indexing`)."""
        pages = [obj for obj in self.new_objects if isinstance(obj, Page)]
        fresh = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
        for obj in [*fresh, *(obj for obj in self.new_objects if not isinstance(obj, Page))]:
            ReferenceIndex.create_or_update_for_object(obj)
            if isinstance(obj, Page):
                search_index.insert_or_update_object(obj)

    def move_demo_site(self, territory):
        """The demo follows the port it is served on (`make run`): an existing demo site moves to it."""
        for site in Site.objects.filter(hostname=territory["hostname"]).exclude(port=self.port):
            site.port = self.port
            site.save()  # through save(), which clears Wagtail's cache of site root URLs
            self.added += 1
            self.log(f"Territoire {territory['short']} : site déplacé sur le port {self.port}…")

    def seed_identity(self, territory, site):
        identity = SiteIdentity.for_site(site)
        if not identity.footer_text:
            identity.short_name = territory["short"]
            identity.footer_text = f"<p>{data.DEMO_NOTE}</p>"
            # Where the contact page's messages go (the territory's team, not a person).
            identity.contact_email = identity.contact_email or f"equipe@{territory['hostname']}"
            identity.save()

    def remove_welcome_page(self):
        """Delete Wagtail's default "Welcome" page once no site uses it any more."""
        root = Page.get_first_root_node()
        candidates = root.get_children().filter(
            slug="home", content_type=ContentType.objects.get_for_model(Page), numchild=0
        )
        for page in candidates:
            if not Site.objects.filter(root_page=page).exists():
                self.log(f"Page d'accueil par défaut de Wagtail « {page.title} » supprimée.")
                page.delete()
                self.added += 1

    def seed_organisations(self, territory):
        organisations, created = [], 0
        for name, description in territory["organisations"]:
            organisation, was_created = Organisation.objects.get_or_create(
                name=name,
                defaults={"description": description, "website": f"https://www.example.org/demo/{slugify(name)}"},
            )
            organisations.append(organisation)
            created += was_created
            if was_created:
                self.new_objects.append(organisation)
        self.added += created
        self.report(territory, "organisations", len(organisations), created, feminine=True)
        return organisations

    # Images ------------------------------------------------------------------

    def seed_images(self, territory, territory_home, editor):
        Image = get_image_model()
        collection = territory_collection(territory_home)
        images, created = {}, 0
        for tag, spec in data.TAGS.items():
            title = f"{tag.capitalize()} — {territory['short']}"
            image = Image.objects.filter(collection=collection, title=title).first()
            if image is None:
                buffer = draw_picture(spec)
                image = Image(
                    title=title, collection=collection, uploaded_by_user=editor,
                    description=f"Illustration abstraite sur le thème « {tag} »",
                    file=ImageFile(buffer, name=f"demo-{territory['slug']}-{slugify(tag)}.jpg"),
                )
                image._set_image_file_metadata()
                image.save()
                self.new_objects.append(image)
                created += 1
            images[tag] = image
        self.added += created
        self.report(territory, "images", len(images), created, feminine=True)
        return images

    # Content -----------------------------------------------------------------

    def seed_places(self, territory, index, organisations, images, editor):
        places, created = [], 0
        for number, spec in enumerate(territory["places"]):
            def build(spec=spec, number=number):
                slug = slugify(spec["title"])
                page = PlacePage(
                    title=spec["title"], summary=spec["summary"], kind=spec["kind"], owner=editor,
                    listing_image=images[spec["tags"][0]],
                    organisation=organisations[spec["organisation"]] if "organisation" in spec else None,
                    address=spec["address"], postcode=spec["postcode"], city=spec["city"],
                    location=format_point(spec["lat"], spec["lng"]),
                    opening_notes="Fermé les jours fériés.",
                    website=f"https://www.example.org/demo/{slug}",
                    phone=f"{territory['phone']} {10 + number:02d} {(number * 37) % 90 + 10:02d}",
                    email=f"{slug[:40]}@example.org",
                    wheelchair_accessible=spec["access"] == "full",
                    accessibility=ACCESSIBILITY[spec["access"]],
                    body=[
                        heading("À découvrir"),
                        paragraph(spec["highlights"]),
                    ],
                )
                page.opening_hours = [
                    OpeningHours(weekday=day, opens=parse_time(opens), closes=parse_time(closes), sort_order=order)
                    for order, (day, opens, closes) in enumerate(data.OPENING_HOURS[spec["hours"]])
                ]
                page.tags.add(*spec["tags"])
                return page

            page, was_created = self.ensure_page(index, PlacePage, slugify(spec["title"]), build)
            places.append(page)
            created += was_created
        self.report(territory, "lieux à visiter", len(places), created)
        return places

    def occurrences(self, spec):
        offset, start_time, minutes = spec["when"]
        if "season" in spec:
            # Events tied to a date of the year (Fête de la science in October…) take their next one.
            month, day = spec["season"]
            first = date(self.today.year, month, day)
            if first < self.today:
                first = date(self.today.year + 1, month, day)
            offset = (first - self.today).days
        count, every = spec.get("repeat", (1, 0))
        statuses = spec.get("status", {})
        rows = []
        for number in range(count):
            day = self.today + timedelta(days=offset + number * every)
            if start_time is None:
                start = timezone.make_aware(datetime.combine(day, parse_time("00:00")), PARIS)
                end = timezone.make_aware(datetime.combine(day, parse_time("23:59")), PARIS)
            else:
                start = timezone.make_aware(datetime.combine(day, parse_time(start_time)), PARIS)
                end = start + timedelta(minutes=minutes)
            rows.append(EventOccurrence(
                start=start, end=end, all_day=start_time is None,
                status=statuses.get(number, EventOccurrence.Status.SCHEDULED), sort_order=number,
            ))
        return rows

    def seed_events(self, territory, agenda, places, organisations, images, editor):
        events, created = [], 0
        for spec in territory["events"]:
            def build(spec=spec):
                slug = slugify(spec["title"])
                venue = places[spec["venue"]] if "venue" in spec else None
                free = spec.get("free", False)
                if free:
                    practical = "Entrée libre et gratuite."
                else:
                    practical = f"Tarif : {spec['price'].replace('.', ',')} €. {spec.get('price_details', '')}".strip()
                if spec["audience"] in ("scolaires", "etudiants") or not free:
                    practical += " Réservation conseillée, le nombre de places est limité."
                page = EventPage(
                    title=spec["title"], summary=spec["summary"], owner=editor,
                    listing_image=images[spec["tags"][0]],
                    venue=venue,
                    organiser=organisations[spec["organiser"]] if "organiser" in spec else None,
                    audience=spec["audience"], is_free=free,
                    price=None if free else Decimal(spec["price"]),
                    price_details=spec.get("price_details", ""),
                    booking_url="" if free and spec["audience"] not in ("scolaires", "etudiants")
                    else f"https://www.example.org/demo/reservation/{slug}",
                    accessibility=venue.accessibility if venue else
                    "Lieu en extérieur ou à l’adresse indiquée : contactez l’organisateur pour préparer votre venue.",
                    body=[
                        paragraph(data.AUDIENCE_NOTES[spec["audience"]]),
                        heading("Informations pratiques"),
                        paragraph(practical),
                    ],
                )
                if venue is None:
                    page.address, page.postcode, page.city = spec["address"], spec["postcode"], spec["city"]
                    page.location = format_point(spec["lat"], spec["lng"])
                page.occurrences = self.occurrences(spec)
                page.tags.add(*spec["tags"])
                return page

            page, was_created = self.ensure_page(agenda, EventPage, slugify(spec["title"]), build)
            events.append(page)
            created += was_created
        self.report(territory, "événements", len(events), created)
        return events

    def seed_articles(self, territory, index, images, users, editor):
        articles, created = [], 0
        for spec in territory["articles"]:
            def build(spec=spec):
                author = users[spec["author"]]
                date = self.today - timedelta(days=spec["days_ago"])
                body = [paragraph(spec["paragraphs"][0])]
                if "heading" in spec:
                    body.append(heading(spec["heading"]))
                body.append(paragraph(*spec["paragraphs"][1:]))
                if "quote" in spec:
                    quote, attribution = spec["quote"]
                    body.append(("quote", {"text": quote, "attribution": attribution}))
                page = ArticlePage(
                    title=spec["title"], summary=spec["summary"], author=author, owner=editor, date=date,
                    listing_image=images[spec["tags"][0]], body=body,
                    first_published_at=timezone.make_aware(datetime.combine(date, parse_time("09:00")), PARIS),
                )
                page.tags.add(*spec["tags"])
                return page

            page, was_created = self.ensure_page(index, ArticlePage, slugify(spec["title"]), build)
            if was_created and page.author_id != page.owner_id:
                # Created by the seed as the territory's editor (so Wagtail's log, which the
                # members' daily quota reads, does not count it as the member's), owned by its author.
                ArticlePage.objects.filter(pk=page.pk).update(owner=page.author)
                page.owner = page.author
            articles.append(page)
            created += was_created
        self.report(territory, "articles", len(articles), created)
        return articles

    def seed_dossiers(self, territory, index, images, editor, pages):
        by_title = {kind: {page.title: page for page in group} for kind, group in pages.items()}
        dossiers, created = [], 0
        for number, spec in enumerate(territory["dossiers"]):
            def build(spec=spec, number=number):
                image = images[spec["tags"][0]]
                page = DossierPage(
                    title=spec["title"], summary=spec["summary"], introduction=spec["introduction"], owner=editor,
                    listing_image=image, cover_image=image,
                    first_published_at=timezone.now() - timedelta(days=7 + 21 * number),
                )
                page.items = [
                    DossierItem(page=by_title[kind][title], sort_order=order)
                    for order, (kind, title) in enumerate(spec["items"])
                ]
                page.tags.add(*spec["tags"])
                return page

            page, was_created = self.ensure_page(index, DossierPage, slugify(spec["title"]), build)
            dossiers.append(page)
            created += was_created
        self.report(territory, "dossiers", len(dossiers), created)
        return dossiers


@contextmanager
def deferred_indexing():
    """Skip the search and reference index updates on each save of the seeded pages.

    Every page is saved three times (add_child, save_revision, publish) and each save
    would re-index it; `Command.index_new_objects` indexes each new object once instead.
    """
    models = [HomePage, *(section.model for section in registry.sections()), *registry.models()]
    for model in models:
        post_save.disconnect(search_post_save_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(search_post_save_handler, sender=model)
