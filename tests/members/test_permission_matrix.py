"""Every actor × every action on a member's contribution, through the real admin and site URLs.

Each cell is asserted by doing the thing and looking at the outcome a user would see
(the page, its state, the stored records), not by asking a permission helper.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState

from members.models import MemberProfile
from members.setup import members_collection

from .conftest import article_form_data as form_data
from .conftest import draft_article, png_bytes

ACTORS = [
    "anonyme",
    "membre non confirmé",
    "membre",
    "autre membre",
    "modérateur du territoire",
    "modérateur d'un autre territoire",
    "éditeur",
    "administrateur",
]

# Contributions are articles here: the same permissions hold for every contribution type.
# Expected outcome of each action for each actor (True: allowed).
# The target is a draft event by « membre » in Centre-Val de Loire; for "edit another's"
# as « membre » itself, a draft by « autre membre ». "Own" actions use a draft of the actor's.
MATRIX = {
    #                      anon   unconf member other  mod-here mod-there editor admin
    "view_draft":         (False, False, True,  False, True,    False,    True,  True),
    "create":             (False, False, True,  True,  True,    True,     True,  True),
    "edit_own":           (False, False, True,  True,  True,    True,     True,  True),
    "edit_anothers":      (False, False, False, False, True,    False,    True,  True),
    "submit":             (False, False, True,  True,  True,    True,     True,  True),
    "publish":            (False, False, False, False, True,    False,    False, True),
    "delete":             (False, False, True,  False, True,    False,    True,  True),
    "reach_admin":        (False, False, True,  True,  True,    True,     True,  True),
    "upload_image":       (False, False, True,  True,  True,    True,     True,  True),
    "edit_anothers_profile": (False, False, False, False, False, False,   False, False),
}
CELLS = [(action, actor, allowed[i]) for action, allowed in MATRIX.items() for i, actor in enumerate(ACTORS)]


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def target_of(actor_name, actors, member_draft, section):
    if actor_name == "membre":
        return draft_article(section, actors["autre membre"], title="Brouillon de Bob")
    return member_draft


def view_draft(client, user, target, section, actors):
    response = client.get(f"/admin/pages/{target.pk}/view_draft/")
    return response.status_code == 200 and target.title.encode() in response.content


def create(client, user, target, section, actors):
    before = Page.objects.child_of(section).count()
    client.post(f"/admin/pages/add/content_types/articlepage/{section.pk}/", form_data("Nouvel article sur les comètes"))
    return Page.objects.child_of(section).count() == before + 1


def latest_title(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object().title


def own_page(user, section):
    return draft_article(section, user, title=f"Brouillon de {user.email.split('@')[0]}", contribution=False)


def edit_own(client, user, target, section, actors):
    if user is None:
        page = target  # nobody owns anything: the anonymous visitor tries the member's page
    else:
        page = own_page(user, section)
    client.post(f"/admin/pages/{page.pk}/edit/", form_data("Titre modifié"))
    return latest_title(page) == "Titre modifié"


def edit_anothers(client, user, target, section, actors):
    client.post(f"/admin/pages/{target.pk}/edit/", form_data("Titre changé par un autre"))
    return latest_title(target) == "Titre changé par un autre"


def submit(client, user, target, section, actors):
    page = target if user is None else own_page(user, section)
    client.post(f"/admin/pages/{page.pk}/edit/", form_data(page.title, action="action-submit"))
    return WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()


def publish(client, user, target, section, actors):
    client.post(f"/admin/pages/{target.pk}/edit/", form_data(target.title, action="action-publish"))
    target.refresh_from_db()
    return target.live


def delete(client, user, target, section, actors):
    client.post(f"/admin/pages/{target.pk}/delete/")
    return not Page.objects.filter(pk=target.pk).exists()


def reach_admin(client, user, target, section, actors):
    response = client.get("/admin/")
    return response.status_code == 200


def upload_image(client, user, target, section, actors):
    Image = get_image_model()
    before = Image.objects.count()
    client.post("/admin/images/add/", {
        "title": "Photo de l'atelier",
        "description": "Des enfants autour d'une ruche pédagogique.",
        "file": SimpleUploadedFile("atelier.png", png_bytes(), content_type="image/png"),
        "collection": members_collection().pk,
        "tags": "",
    })
    return Image.objects.count() == before + 1


def edit_anothers_profile(client, user, target, section, actors):
    victim = actors["membre"] if user != actors["membre"] else actors["autre membre"]
    profile = victim.profile
    # The only profile form edits the signed-in member's profile; try to point it elsewhere.
    client.post(f"/mon-espace/profil/?slug={profile.slug}", {
        "display_name": "Pirate", "bio": "modifié", "slug": profile.slug, "user": victim.pk, "links": "",
        "interests": "",
    })
    client.post(f"/admin/snippets/members/memberprofile/edit/{profile.pk}/", {"display_name": "Pirate"})
    return MemberProfile.objects.get(pk=profile.pk).display_name == "Pirate"


ACTIONS = {f.__name__: f for f in (
    view_draft, create, edit_own, edit_anothers, submit, publish, delete, reach_admin, upload_image,
    edit_anothers_profile,
)}


@pytest.mark.django_db
@pytest.mark.parametrize("action,actor_name,allowed", CELLS, ids=[f"{a}-{b}" for a, b, _ in CELLS])
def test_permission_matrix(action, actor_name, allowed, actors, member_draft, articles):
    section = articles  # the section the member contributes to
    user = actors[actor_name]
    target = target_of(actor_name, actors, member_draft, section) if action == "edit_anothers" else member_draft
    client = client_for(user)
    outcome = ACTIONS[action](client, user, target, section, actors)
    assert outcome is allowed, f"{actor_name} / {action}: attendu {'autorisé' if allowed else 'refusé'}"


@pytest.mark.django_db
def test_a_draft_is_never_on_the_public_site(actors, member_draft):
    for name, user in actors.items():
        response = client_for(user).get(f"/articles/{member_draft.slug}/")
        assert response.status_code == 404, name


# The same rules for the other contribution types « Je contribue » offers.
TYPE_ACTIONS = {
    #                      anon   unconf member other  mod-here mod-there editor admin
    "create":             (False, False, True,  True,  True,    True,     True,  True),
    "edit_anothers":      (False, False, False, False, True,    False,    True,  True),
    "publish":            (False, False, False, False, True,    False,    False, True),
}


def draft_of_type(kind, parent, owner, title):
    from django.utils import timezone
    from django.utils.text import slugify

    from content_types.models import AnnonceKind, AnnoncePage, ProjectPage
    from members.models import Contribution

    if kind == "annonce":
        page = AnnoncePage(title=title, slug=slugify(title), owner=owner, live=False, summary="Une annonce.",
                           kind=AnnonceKind.objects.get(slug="autre"), deadline=timezone.localdate())
    else:
        page = ProjectPage(title=title, slug=slugify(title), owner=owner, live=False, summary="Un projet.")
    parent.add_child(instance=page)
    page.save_revision(user=owner)
    Contribution.objects.create(page=page, member=owner, site=page.get_site())
    return page


def type_form_data(kind, title, action=None):
    from content_types.models import AnnonceKind
    from tests.page_forms import annonce_form_data, project_form_data

    if kind == "annonce":
        return annonce_form_data(title, kind=AnnonceKind.objects.get(slug="autre"), action=action)
    return project_form_data(title, action=action)


TYPE_CELLS = [
    (kind, action, actor, allowed[i])
    for kind in ("annonce", "project") for action, allowed in TYPE_ACTIONS.items() for i, actor in enumerate(ACTORS)
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind,action,actor_name,allowed", TYPE_CELLS, ids=[f"{k}-{a}-{b}" for k, a, b, _ in TYPE_CELLS])
def test_permission_matrix_of_announcements_and_projects(kind, action, actor_name, allowed, actors, territories):
    from content_types.models import AnnonceIndexPage, ProjectIndexPage

    index_model = AnnonceIndexPage if kind == "annonce" else ProjectIndexPage
    section = index_model.objects.child_of(territories[0]).get()
    user = actors[actor_name]
    owner = actors["autre membre"] if actor_name == "membre" else actors["membre"]
    target = draft_of_type(kind, section, owner, f"Brouillon {kind} de {owner.first_name}")
    client = client_for(user)
    model = section.specific_class.subpage_types[0].split(".")[1].lower()
    if action == "create":
        before = Page.objects.child_of(section).count()
        client.post(f"/admin/pages/add/content_types/{model}/{section.pk}/", type_form_data(kind, f"Nouveau {kind} test"))
        outcome = Page.objects.child_of(section).count() == before + 1
    elif action == "edit_anothers":
        client.post(f"/admin/pages/{target.pk}/edit/", type_form_data(kind, "Titre changé par un autre"))
        outcome = latest_title(target) == "Titre changé par un autre"
    else:
        client.post(f"/admin/pages/{target.pk}/edit/", type_form_data(kind, target.title, action="action-publish"))
        target.refresh_from_db()
        outcome = target.live
    assert outcome is allowed, f"{kind} / {actor_name} / {action}: attendu {'autorisé' if allowed else 'refusé'}"


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ACTORS + ["modérateur de la communauté"])
def test_only_a_communitys_moderators_decide_on_its_membership_requests(actor_name, actors, territories):
    from content_types.models import CommunityIndexPage, CommunityMembership, CommunityPage

    from .conftest import make_user

    index = CommunityIndexPage.objects.child_of(territories[0]).get()
    community_moderator = make_user("modo-communaute@example.org")
    community = CommunityPage(title="Communauté de la matrice", policy=CommunityPage.Policy.ON_REQUEST)
    community.moderators = [community_moderator]
    index.add_child(instance=community)
    community.save_revision().publish()
    requester = make_user("demandeur@example.org")
    request = CommunityMembership.objects.create(community=community, member=requester, status="en-attente")
    user = community_moderator if actor_name == "modérateur de la communauté" else actors[actor_name]
    client_for(user).post(f"{community.url}demandes/{request.pk}/", {"decision": "accepter"})
    request.refresh_from_db()
    assert (request.status == "membre") is (actor_name == "modérateur de la communauté")
