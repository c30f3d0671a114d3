"""Demo announcements, projects and communities for every territory, with members in them.

Called by `seed_demo` once the territories and their other content exist. Idempotent:
pages are found by slug, memberships and attachments are only added when missing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.images import get_image_model

from content_types.annonces.models import ensure_default_kinds
from content_types.models import (
    AnnonceIndexPage, AnnoncePage, ArticlePage, CommunityIndexPage, CommunityMembership, CommunityPage, EventPage,
    Organisation, ProjectIndexPage, ProjectPage,
)
from home.models import HomePage
from members.profiles import create_profile

# (key, display name): members who are on teams and in communities (no password: they cannot sign in).
DEMO_MEMBERS = [
    ("alice", "Alice Martin"), ("bruno", "Bruno Lefèvre"), ("chloe", "Chloé Garnier"),
    ("david", "David Nguyen"), ("emma", "Emma Roux"), ("farid", "Farid Benali"),
]

COMMUNITIES = [
    # (title, tag, policy, summary)
    ("Astronomes amateurs", "astronomie", CommunityPage.Policy.OPEN,
     "Nuits d’observation, partage de télescopes et conseils pour débuter."),
    ("Naturalistes en herbe", "biodiversité", CommunityPage.Policy.OPEN,
     "Inventaires, sorties nature et sciences participatives pour tous les âges."),
    ("Fabriques numériques", "numérique", CommunityPage.Policy.OPEN,
     "Fablabs, robotique, données ouvertes : on répare, on code, on partage."),
    ("Médiateurs et médiatrices scientifiques", "patrimoine", CommunityPage.Policy.ON_REQUEST,
     "L’entraide des professionnels de la médiation : adhésion validée par les modérateurs."),
]

PROJECTS = [
    # (title, tag, status, months from today (start, end), summary)
    ("Cartographie participative des hirondelles", "biodiversité", ProjectPage.Status.RUNNING, (-8, 10),
     "Des habitants recensent les nids d’hirondelles de leur quartier et partagent leurs observations."),
    ("Un télescope dans chaque collège", "astronomie", ProjectPage.Status.RUNNING, (-3, 15),
     "Prêt de télescopes et formation des enseignants pour des soirées d’observation au collège."),
    ("Repair café des objets connectés", "numérique", ProjectPage.Status.PREPARING, (2, 14),
     "Apprendre à réparer téléphones, box et capteurs plutôt que les jeter."),
    ("Exposition itinérante « Climat, ici et demain »", "climat", ProjectPage.Status.RUNNING, (-5, 7),
     "Une exposition qui circule de médiathèque en médiathèque, avec des ateliers pour les classes."),
    ("Archives des fouilles racontées", "archéologie", ProjectPage.Status.FINISHED, (-24, -2),
     "Numériser et raconter les carnets de fouilles des bénévoles de la région."),
    ("Capteurs citoyens de qualité de l’air", "santé", ProjectPage.Status.PREPARING, (1, 20),
     "Des capteurs fabriqués en atelier, installés chez des volontaires, des données ouvertes à tous."),
]

ANNONCES = [
    # (title, kind slug, days until deadline (negative: expired), summary)
    ("Stage en médiation scientifique (6 mois)", "offre-de-stage", 40,
     "Accompagner l’équipe de médiation dans la préparation des ateliers de l’été."),
    ("Animateur ou animatrice scientifique en CDD", "offre-d-emploi", 25,
     "Animer des ateliers pour les scolaires et le grand public, de mars à août."),
    ("Appel à projets « Science et territoires »", "appel-a-projets", 60,
     "Un soutien financier pour les projets de culture scientifique portés par des associations."),
    ("Appel à participation : inventaire des vers de terre", "appel-a-participation", 90,
     "Rejoignez l’inventaire participatif et comptez les vers de terre de votre jardin."),
    ("Bénévoles pour la Fête de la science", "recherche-de-benevoles", 30,
     "Accueil du public, animation de stands, installation : toutes les aides sont bienvenues."),
    ("Stage en développement web pour les sciences participatives", "offre-de-stage", 15,
     "Améliorer l’application de saisie des observations naturalistes."),
    ("Recherche de lieux pour une exposition itinérante", "autre", 45,
     "Médiathèques, mairies, lycées : accueillez l’exposition pendant trois semaines."),
    ("Bénévoles pour les nuits des étoiles", "recherche-de-benevoles", 70,
     "Guider les visiteurs autour des télescopes lors des soirées d’observation."),
    ("Offre d’emploi : chargé·e de projets numériques", "offre-d-emploi", -5,
     "Poste pourvu : merci pour vos nombreuses candidatures."),
    ("Appel à contributions pour le festival des sciences", "appel-a-participation", -12,
     "L’appel est clos : le programme du festival sera bientôt publié."),
]


def seed(command, territories, users):
    """Seed every demo territory; `command` is the running `seed_demo` (log, ensure_page, counters)."""
    kinds = ensure_default_kinds()
    members = demo_members(command)
    for territory in territories:
        home = HomePage.objects.get(slug=territory["slug"], depth=2)
        SectionSeeder(command, territory, home, kinds, members, users).run()


def demo_members(command):
    User = get_user_model()
    members = {}
    for key, name in DEMO_MEMBERS:
        email = f"{key}.demo@echosciences.localhost"
        user = User.objects.filter(email=email).first()
        if user is None:
            first, last = name.split(" ", 1)
            user = User(email=email, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
            command.added += 1
        create_profile(user, name)
        members[key] = user
    return list(members.values())


class SectionSeeder:
    def __init__(self, command, territory, home, kinds, members, users):
        self.command, self.territory, self.home = command, territory, home
        self.kinds, self.members, self.users = kinds, members, users
        self.editor = users["editor"]
        images = get_image_model().objects.filter(collection__name=f"Démo — {territory['short']}")
        self.images = {image.title.split(" — ")[0].lower(): image for image in images}
        self.towns = sorted({place["city"] for place in territory["places"]})
        self.organisations = list(Organisation.objects.filter(name__in=[n for n, _ in territory["organisations"]]))

    def image(self, tag):
        return self.images.get(tag)

    def ensure_page(self, parent, model, slug, build):
        page, created = self.command.ensure_page(parent, model, slug, build)
        self.created[model] = self.created.get(model, 0) + created
        return page, created

    def run(self):
        self.created = {CommunityPage: 0, ProjectPage: 0, AnnoncePage: 0}
        # The sections themselves come with the territory (network.territories.create_territory).
        sections = {
            model: model.objects.child_of(self.home).get()
            for model in (CommunityIndexPage, ProjectIndexPage, AnnonceIndexPage)
        }
        communities = self.seed_communities(sections[CommunityIndexPage])
        projects = self.seed_projects(sections[ProjectIndexPage], communities)
        annonces = self.seed_annonces(sections[AnnonceIndexPage], communities)
        self.attach_existing(communities)
        self.command.report(self.territory, "communautés", len(communities), self.created[CommunityPage], feminine=True)
        self.command.report(self.territory, "projets", len(projects), self.created[ProjectPage])
        self.command.report(self.territory, "annonces", len(annonces), self.created[AnnoncePage], feminine=True)

    def seed_communities(self, index):
        communities = []
        for number, (title, tag, policy, summary) in enumerate(COMMUNITIES):
            def build(title=title, tag=tag, policy=policy, summary=summary):
                page = CommunityPage(
                    title=title, summary=summary, policy=policy, owner=self.editor, listing_image=self.image(tag),
                    body=[("paragraph", f"<p>{summary}</p><p><em>Communauté de démonstration.</em></p>")],
                )
                page.tags.add(tag)
                return page

            page, created = self.ensure_page(index, CommunityPage, slugify(title), build)
            if created:
                moderator = self.members[number % len(self.members)]
                page.moderators.add(moderator)
                page.save_revision().publish()
                # Everyone but one member joins; on request, one request is left pending.
                for offset, member in enumerate(self.members[: 4 + number % 2]):
                    status = CommunityMembership.Status.MEMBER
                    if policy == CommunityPage.Policy.ON_REQUEST and offset == 1:
                        status = CommunityMembership.Status.PENDING
                    CommunityMembership.objects.get_or_create(community=page, member=member, defaults={"status": status})
                CommunityMembership.objects.get_or_create(community=page, member=moderator)
            communities.append(page)
        return communities

    def community_for(self, communities, tag):
        return next((c for c in communities if c.tags.filter(name=tag).exists()), communities[0])

    def seed_projects(self, index, communities):
        today = timezone.localdate()
        projects = []
        for number, (title, tag, status, (start, end), summary) in enumerate(PROJECTS):
            town = self.towns[number % len(self.towns)]
            place = next((p for p in self.territory["places"] if p["city"] == town), None)

            def build(title=title, tag=tag, status=status, start=start, end=end, summary=summary, place=place,
                      town=town, number=number):
                page = ProjectPage(
                    title=title, summary=summary, status=status, owner=self.editor, listing_image=self.image(tag),
                    start_date=today + timedelta(days=30 * start), end_date=today + timedelta(days=30 * end),
                    city=town,
                    location=f"SRID=4326;POINT({place['lng']} {place['lat']})" if place and number % 2 == 0 else "",
                    body=[("paragraph", f"<p>{summary}</p><p><em>Projet de démonstration.</em></p>")],
                    links=[("link", {"label": "Site du projet (démo)", "url": f"https://www.example.org/demo/{slugify(title)}"})],
                    first_published_at=timezone.now() - timedelta(days=3 + 9 * number),
                )
                page.tags.add(tag)
                page.team = self.members[number % 3: number % 3 + 3]
                page.partners = self.organisations[number % 2: number % 2 + 2]
                page.communities = [self.community_for(communities, tag)]
                return page

            page, _created = self.ensure_page(index, ProjectPage, slugify(title), build)
            projects.append(page)
        return projects

    def seed_annonces(self, index, communities):
        today = timezone.localdate()
        annonces = []
        for number, (title, kind, days, summary) in enumerate(ANNONCES):
            def build(title=title, kind=kind, days=days, summary=summary, number=number):
                page = AnnoncePage(
                    title=title, summary=summary, kind=self.kinds[kind], owner=self.members[number % len(self.members)],
                    deadline=today + timedelta(days=days), city=self.towns[number % len(self.towns)],
                    organisation=self.organisations[number % len(self.organisations)] if self.organisations else None,
                    contact_url=f"https://www.example.org/demo/annonces/{slugify(title)}",
                    contact_email=f"contact-{number}@example.org",
                    body=[("paragraph", f"<p>{summary}</p><p><em>Annonce de démonstration.</em></p>")],
                    first_published_at=timezone.now() - timedelta(days=2 + 4 * number),
                )
                page.communities = [communities[number % len(communities)]]
                return page

            page, _created = self.ensure_page(index, AnnoncePage, slugify(title), build)
            annonces.append(page)
        return annonces

    def attach_existing(self, communities):
        """Attach the territory's articles and events sharing a community's theme (published revisions)."""
        for community in communities:
            tag = community.tags.first()
            if tag is None:
                continue
            for model in (ArticlePage, EventPage):
                pages = (
                    model.objects.live().descendant_of(self.home)
                    .filter(tags__slug=tag.slug, alias_of__isnull=True).distinct()[:3]
                )
                for page in pages:
                    if page.communities.filter(pk=community.pk).exists():
                        continue
                    page.communities.add(community)
                    page.save_revision().publish()
