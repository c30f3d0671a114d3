"""Superusers open a territory from the admin, with the same function as the command."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import TerritoryForm
from .territories import TerritoryError, create_territory


def create_territory_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = TerritoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = create_territory(data["name"], data["hostname"], data["port"], data["slug"], user=request.user)
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
