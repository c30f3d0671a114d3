"""Superusers open a territory from the admin (the same function as the command); editors share pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import sharing
from .forms import TerritoryForm
from .territories import TerritoryError, create_territory


def create_territory_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = TerritoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = create_territory(data["name"], data["hostname"], data["port"], data["slug"], user=request.user,
                                      portal=data["portal"])
        except TerritoryError as error:
            form.add_error(None, str(error))
        else:
            if report.changed:
                messages.success(request, _("Territoire « %(name)s » ouvert : %(items)s.") % {
                    "name": report.home.title, "items": ", ".join(report.created),
                })
            else:
                messages.info(request, _("Rien à faire : le territoire « %(name)s » est déjà complet.") % {
                    "name": report.home.title,
                })
            return redirect("wagtailadmin_explore", report.home.pk)
    return TemplateResponse(request, "network/create_territory.html", {"form": form})


def share_view(request):
    """« Partager » for a territory's editors: choose a section of theirs, then events or places
    of the other territories to show there (as Wagtail aliases), and remove past shares."""
    targets = sharing.targets_for(request.user)
    if not targets:
        raise PermissionDenied
    status, error = 200, ""
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                title = sharing.unshare(request.user, request.POST["remove"])
                messages.success(request, _("« %(title)s » n’est plus partagé ici.") % {"title": title})
            else:
                alias = sharing.share(request.user, request.POST.get("section", ""), request.POST.get("page", ""))
                messages.success(request, _("« %(title)s » est désormais partagé dans « %(section)s ».") % {
                    "title": alias.title, "section": alias.get_parent().title,
                })
            return redirect(f"{reverse('network_share')}?{urlencode({'section': request.POST.get('section', '')})}")
        except sharing.ShareError as exc:
            status, error = 400, str(exc)
    chosen = request.POST.get("section") or request.GET.get("section") or targets[0].index.pk
    target = next((t for t in targets if str(t.index.pk) == str(chosen)), targets[0])
    query = (request.GET.get("q") or "").strip()[:100]
    candidates = Paginator(sharing.candidates(target, query), 20).get_page(request.GET.get("p"))
    territories = sharing.territory_names()
    for candidate in candidates:
        candidate.territory = territories.get(candidate.path[:sharing.HOME_PATH_LENGTH], "")
    return TemplateResponse(request, "network/share.html", {
        "targets": targets, "target": target, "query": query, "candidates": candidates,
        "shares": sharing.shares(target).select_related("alias_of").order_by("title"), "error": error,
    }, status=status)
