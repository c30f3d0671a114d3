"""The contact form of a territory: validated, rate-limited, honeypot-guarded, sent by e-mail.

Nothing is stored: the message goes to the territory's team, the sender's address as
Reply-To, so the privacy policy has no contact-message table to account for.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Messages one address may send to one territory per window, and the window in seconds.
CONTACT_LIMIT = getattr(settings, "CONTACT_MESSAGES_PER_HOUR", 5)
CONTACT_WINDOW = 3600


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=gettext_lazy("Votre adresse e-mail"), help_text=gettext_lazy("Pour vous répondre, rien d’autre."),
    )
    subject = forms.CharField(label=gettext_lazy("Objet"), max_length=160, required=False)
    message = forms.CharField(
        label=gettext_lazy("Votre message"), max_length=5000, min_length=10, widget=forms.Textarea(attrs={"rows": 8}),
    )
    # The honeypot: hidden from people (and from assistive technology), filled in by robots.
    website = forms.CharField(label=gettext_lazy("Ne pas remplir ce champ"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def over_limit(page, request):
    """Count this message against the sender's allowance; True once it is used up."""
    key = f"contact:{page.pk}:{client_address(request)}"
    if cache.add(key, 1, CONTACT_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, CONTACT_WINDOW)
        return False
    return count > CONTACT_LIMIT


def send_contact_message(page, request, data):
    site = page.get_site()
    site_name = site.site_name if site else page.title
    subject = data["subject"] or _("Message envoyé depuis le site")
    body = _(
        "Message envoyé depuis la page « %(page)s » de %(site)s.\n\n"
        "De : %(name)s <%(email)s>\nObjet : %(subject)s\n\n%(message)s\n"
    ) % {
        "page": page.title, "site": site_name, "name": data["name"], "email": data["email"],
        "subject": subject, "message": data["message"],
    }
    EmailMessage(
        subject=f"[{site_name}] {subject}", body=body, from_email=settings.DEFAULT_FROM_EMAIL,
        to=page.recipients(site), reply_to=[data["email"]],
    ).send()


def handle_contact(page, request):
    context = page.get_context(request)
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if not form.is_valid():
            status = 400
        elif form.is_robot():
            return redirect(page.get_url(request) + "?envoye=1")
        elif over_limit(page, request):
            form.add_error(None, _(
                "Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."
            ))
            status = 429
        elif not page.recipients():
            form.add_error(None, _(
                "Ce formulaire n’est pas encore relié à une adresse de l’équipe. Réessayez plus tard."
            ))
            status = 503
        else:
            send_contact_message(page, request, form.cleaned_data)
            return redirect(page.get_url(request) + "?envoye=1")
    elif request.method in ("GET", "HEAD"):
        form = ContactForm()
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context.update({"form": form, "sent": request.GET.get("envoye") == "1" and request.method != "POST"})
    return TemplateResponse(request, page.get_template(request), context, status=status)
