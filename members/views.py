"""Public profiles, « Mon espace » (profile, contributions, export, deletion), « Je contribue »."""

import json
from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView, UpdateView
from taggit.models import Tag
from wagtail.models import Site

from content_types.core import registry
from content_types.models import CommunityMembership, ProjectPage

from .forms import DeleteAccountForm, ProfileForm
from .models import MemberProfile
from .permissions import can_contribute, has_confirmed_email
from .profiles import create_profile, public_profiles, delete_account, export_data
from .states import LABELS, REJECTED, contribution_pages, contribution_rows


class ProfileView(TemplateView):
    template_name = "members/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = get_object_or_404(
            MemberProfile.objects.select_related("user", "home_territory"), slug=kwargs["slug"], user__is_active=True
        )
        if not profile.is_public and self.request.user != profile.user:
            raise Http404  # a private profile does not exist for anyone else
        published = (
            contribution_pages(profile.user).live().public().specific()
            .order_by("-first_published_at", "-pk")[:50]
        )
        context.update(
            profile=profile, published=published, is_owner=self.request.user == profile.user,
            projects=team_projects(profile.user),
        )
        return context


def team_projects(user):
    """Live, public projects the member is on the team of, newest first."""
    return list(ProjectPage.objects.live().public().filter(team=user).order_by("-first_published_at", "-pk")[:50])


def community_memberships(user):
    return list(
        CommunityMembership.objects.filter(member=user, community__live=True)
        .select_related("community").order_by("community__title")
    )


class DirectoryView(ListView):
    """The public profiles, searchable by name, filtered by interest and organisation."""

    template_name = "members/directory.html"
    context_object_name = "profiles"
    paginate_by = 24

    def get_queryset(self):
        profiles = public_profiles().order_by("display_name", "pk")
        self.query = self.request.GET.get("q", "").strip()[:80]
        self.interest = self.request.GET.get("interet", "").strip()[:100]
        self.organisation = self.request.GET.get("structure", "").strip()[:150]
        if self.query:
            profiles = profiles.filter(display_name__icontains=self.query)
        if self.interest:
            profiles = profiles.filter(interests__slug=self.interest)
        if self.organisation:
            profiles = profiles.filter(is_organisation=True, organisation_name=self.organisation)
        return profiles.prefetch_related("interests").distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = public_profiles()
        context.update(
            query=self.query, interest=self.interest, organisation=self.organisation,
            interests=Tag.objects.filter(members_memberinterest_items__content_object__in=visible).distinct().order_by("name"),
            organisations=(
                visible.filter(is_organisation=True).exclude(organisation_name="")
                .order_by("organisation_name").values_list("organisation_name", flat=True).distinct()
            ),
            querystring=urlencode({
                key: value for key, value in
                (("q", self.query), ("interet", self.interest), ("structure", self.organisation)) if value
            }),
        )
        return context


class DashboardView(LoginRequiredMixin, TemplateView):
    """« Mon espace »: the member's profile at a glance, their contributions as cards with their
    state, and what to do next."""

    template_name = "members/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        profile = create_profile(user)
        rows = contribution_rows(user)
        confirmed = has_confirmed_email(user)
        counts = Counter(row["state"] for row in rows)
        context.update(
            profile=profile,
            rows=rows,
            state_counts=[(LABELS[state], counts[state], state) for state in LABELS if counts[state]],
            confirmed=confirmed,
            can_contribute=can_contribute(user),
            next_steps=next_steps(profile, rows, confirmed),
            projects=team_projects(user),
            memberships=community_memberships(user),
        )
        return context


def next_steps(profile, rows, confirmed):
    """What the member may do now, most urgent first: (text, link or None)."""
    steps = []
    if not confirmed:
        steps.append((_("Confirmez votre adresse e-mail avec le lien que nous vous avons envoyé."), None))
    refused = [row for row in rows if row["state"] == REJECTED]
    if refused:
        steps.append((
            ngettext(
                "Une contribution attend vos corrections : lisez le commentaire de la modération.",
                "%(count)d contributions attendent vos corrections : lisez les commentaires de la modération.",
                len(refused),
            ) % {"count": len(refused)},
            None,
        ))
    if not (profile.bio and profile.avatar):
        steps.append((_("Complétez votre profil : une photo et quelques mots sur vous."), reverse("members:profile_edit")))
    if confirmed and not rows:
        steps.append((_("Proposez votre première contribution : un article, un événement, un lieu."),
                      reverse("members:contribute")))
    return steps


class ProfileEditView(LoginRequiredMixin, UpdateView):
    """Only ever the signed-in member's own profile: there is no id in the URL to change."""

    form_class = ProfileForm
    template_name = "members/profile_edit.html"

    def get_object(self, queryset=None):
        return create_profile(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Votre profil est enregistré."))
        return response

    def get_success_url(self):
        return reverse("members:dashboard")


class ExportView(LoginRequiredMixin, View):
    """GDPR: a member downloads everything kept about them, as JSON."""

    def get(self, request):
        payload = json.dumps(export_data(request.user), ensure_ascii=False, indent=2)
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mes-donnees-echosciences.json"'
        response["Cache-Control"] = "no-store"
        return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    template_name = "members/delete_account.html"
    form_class = DeleteAccountForm
    success_url = "/"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user = self.request.user
        if user.is_superuser:
            form.add_error(None, _("Un compte administrateur ne peut pas se supprimer lui-même."))
            return self.form_invalid(form)
        delete_account(user)
        logout(self.request)
        messages.success(self.request, _("Votre compte a été supprimé. Au revoir !"))
        return redirect("/")

class ContributeView(LoginRequiredMixin, TemplateView):
    """« Je contribue »: the territory's sections, each opening Wagtail's editor for a new page."""

    template_name = "members/contribute.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = Site.find_for_request(self.request)
        choices = []
        if site is not None:
            for entry in registry.contributable():
                index = entry.index_model.objects.child_of(site.root_page).first()
                if index is not None:
                    url = reverse("wagtailadmin_pages:add", args=["content_types", entry.model_name, index.pk])
                    choices.append({"label": entry.contribute_label, "description": entry.contribute_help, "url": url})
        context.update(
            site=site, choices=choices,
            confirmed=has_confirmed_email(self.request.user),
            can_contribute=can_contribute(self.request.user),
        )
        return context
