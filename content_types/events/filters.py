"""The agenda's filters: a plain GET form, so every filter state is a URL.

The same form drives the agenda page, its archive and its iCalendar feed, so a reader who
subscribes to « ateliers gratuits ce mois-ci à Tours » gets exactly what the page showed.
"""

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .queryset import local_midnight


def window_for(when, now=None, start_date=None, end_date=None):
    """The [start, end) window a « quand » choice names, in the site's time zone."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if when == AgendaFilterForm.TODAY:
        return now, local_midnight(today + timedelta(days=1))
    if when == AgendaFilterForm.WEEKEND:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7) if today.weekday() < 5 else (
            today - timedelta(days=today.weekday() - 5)
        )
        return max(now, local_midnight(saturday)), local_midnight(saturday + timedelta(days=2))
    if when == AgendaFilterForm.MONTH:
        first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return now, local_midnight(first_next)
    if when == AgendaFilterForm.DATES:
        start = local_midnight(start_date) if start_date else now
        end = local_midnight(end_date + timedelta(days=1)) if end_date else None
        return start, end
    return now, None


class AgendaFilterForm(forms.Form):
    TODAY, WEEKEND, MONTH, DATES = "aujourdhui", "ce-week-end", "ce-mois", "dates"
    WHEN_CHOICES = [
        ("", _("Tout l’agenda à venir")),
        (TODAY, _("Aujourd’hui")),
        (WEEKEND, _("Ce week-end")),
        (MONTH, _("Ce mois-ci")),
        (DATES, _("Entre deux dates")),
    ]

    quand = forms.ChoiceField(label=_("Quand"), choices=WHEN_CHOICES, required=False, widget=forms.RadioSelect)
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    ville = forms.ChoiceField(label=_("Ville"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    gratuit = forms.BooleanField(label=_("Gratuit uniquement"), required=False)

    def __init__(self, data=None, *, tags=(), towns=(), audiences=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["du"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["au"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["thematique"].choices = [("", _("Toutes les thématiques"))] + [(t.slug, t.name) for t in tags]
        self.fields["ville"].choices = [("", _("Toutes les villes"))] + [(town, town) for town in towns]
        self.fields["public"].choices = [("", _("Tous les publics"))] + list(audiences)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin doit être postérieure ou égale à la date de début."))
        if (start or end) and not cleaned.get("quand"):
            cleaned["quand"] = self.DATES
        return cleaned

    def window(self, now=None):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return window_for(data.get("quand", ""), now, data.get("du"), data.get("au"))

    def filter_events(self, queryset):
        """Apply everything but the date window (the caller picks upcoming or archive)."""
        if not (self.is_bound and self.is_valid()):
            return queryset
        data = self.cleaned_data
        if data.get("thematique"):
            queryset = queryset.filter(tags__slug=data["thematique"])
        if data.get("ville"):
            town = data["ville"]
            queryset = queryset.filter(Q(venue__city=town) | Q(venue__isnull=True, city=town))
        if data.get("public"):
            queryset = queryset.filter(audience=data["public"])
        if data.get("gratuit"):
            queryset = queryset.filter(is_free=True)
        return queryset

    def active_filters(self):
        """(label, value) pairs naming the current filters, for the results summary."""
        if not (self.is_bound and self.is_valid()):
            return []
        active = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(field, forms.BooleanField):
                value = _("oui")
            elif isinstance(field, forms.DateField):
                value = value.strftime("%d/%m/%Y")
            active.append((field.label, value))
        return active
