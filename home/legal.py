"""Every territory's « Mentions légales », « Politique de confidentialité » and « Contact ».

`ensure_legal_pages(home)` creates the three pages under a territory's home with a text
its team then completes in the admin; it never overwrites a page that already exists.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from .models import ContactPage, LegalPage

LEGAL_NOTICE_SLUG = "mentions-legales"
PRIVACY_SLUG = "confidentialite"
CONTACT_SLUG = "contact"


def legal_notice_text(name):
    return "".join([
        "<h2>" + _("Éditeur du site") + "</h2>",
        "<p>" + _("Le site %(name)s est édité par le centre de culture scientifique, technique et "
                  "industrielle du territoire, qui en assure l’animation et la modération.") % {"name": escape(name)} + "</p>",
        "<p>" + _("Directeur ou directrice de la publication : la personne qui représente légalement "
                  "la structure éditrice (à compléter dans l’administration).") + "</p>",
        "<h2>" + _("Hébergement") + "</h2>",
        "<p>" + _("Nom, adresse et téléphone de l’hébergeur : à compléter dans l’administration.") + "</p>",
        "<h2>" + _("Contenus publiés par les membres") + "</h2>",
        "<p>" + _("Les articles, événements et dossiers proposés par les membres sont relus avant "
                  "publication. Pour signaler un contenu, utilisez la page « Contact ».") + "</p>",
        "<h2>" + _("Propriété intellectuelle") + "</h2>",
        "<p>" + _("Les textes et images restent la propriété de leurs auteurs ; toute reproduction "
                  "demande leur accord.") + "</p>",
    ])


def privacy_text(name):
    rows = [
        (_("Votre compte"), _("adresse e-mail, nom affiché, mot de passe chiffré"),
         _("vous connecter, vous écrire au sujet de vos contributions (l’adresse n’est jamais publiée), "
           "signer vos contributions et votre profil de votre nom affiché"),
         _("tant que votre compte existe")),
        (_("Votre profil"), _("ce que vous choisissez d’y écrire (présentation, structure, liens)"),
         _("vous présenter aux autres membres"), _("tant que votre compte existe")),
        (_("Vos contributions"), _("articles, événements et dossiers proposés, leurs versions"),
         _("les relire puis les publier"),
         _("tant qu’elles sont en ligne ; à la suppression du compte, elles sont supprimées ou anonymisées")),
        (_("Messages de contact"), _("nom, adresse e-mail, message"),
         _("vous répondre"), _("le temps de vous répondre, un an au plus ; ils ne sont pas stockés sur le site")),
        (_("Journaux du serveur"), _("adresse IP, pages demandées, date"),
         _("la sécurité du site (limiter les abus)"), _("un an au plus")),
    ]
    table = "".join(
        f"<li><b>{escape(what)}</b> : {escape(data)}. "
        + _("Pourquoi : %(why)s. Combien de temps : %(how_long)s.") % {"why": escape(why), "how_long": escape(how_long)}
        + "</li>"
        for what, data, why, how_long in rows
    )
    return "".join([
        "<p>" + _("%(name)s ne collecte que ce qui sert à faire fonctionner le réseau. Aucune donnée "
                  "n’est vendue ni cédée ; le site ne dépose aucun cookie publicitaire ni de mesure "
                  "d’audience, seulement les cookies nécessaires à la connexion et à la sécurité "
                  "des formulaires.") % {"name": escape(name)} + "</p>",
        "<h2>" + _("Ce qui est collecté, pourquoi et pour combien de temps") + "</h2>",
        f"<ul>{table}</ul>",
        "<h2>" + _("Vos droits") + "</h2>",
        "<p>" + _("Vous pouvez accéder à vos données, les rectifier, les exporter, vous opposer à "
                  "leur traitement et les faire effacer (règlement général sur la protection des "
                  "données, articles 15 à 21). Pour toute question, écrivez-nous par la page "
                  "« Contact ». Vous pouvez aussi saisir la CNIL (www.cnil.fr).") + "</p>",
        "<h2>" + _("Exporter ou supprimer vos données") + "</h2>",
        "<ul>",
        "<li>" + _("Exporter : depuis « Mon espace », <a href=\"/mon-espace/export/\">téléchargez "
                   "toutes vos données</a> (fichier JSON).") + "</li>",
        "<li>" + _("Rectifier : <a href=\"/mon-espace/profil/\">modifiez votre profil</a> à tout moment.") + "</li>",
        "<li>" + _("Supprimer : <a href=\"/mon-espace/supprimer/\">supprimez votre compte</a> ; vos "
                   "données personnelles sont effacées immédiatement.") + "</li>",
        "</ul>",
    ])


def ensure_legal_pages(home, owner=None, recipient=""):
    """Create what is missing of the three pages under `home`; return how many were created.

    `recipient` is where contact messages go when the territory's identity names no address.
    """
    name = home.get_site().site_name if home.get_site() else home.title
    specs = [
        (LegalPage, LEGAL_NOTICE_SLUG, lambda: LegalPage(
            title=_("Mentions légales"), slug=LEGAL_NOTICE_SLUG, body=legal_notice_text(name),
            introduction=_("Qui édite et héberge %(name)s.") % {"name": name},
        )),
        (LegalPage, PRIVACY_SLUG, lambda: LegalPage(
            title=_("Politique de confidentialité"), slug=PRIVACY_SLUG, body=privacy_text(name),
            introduction=_("Ce que %(name)s fait de vos données, combien de temps il les garde et "
                           "comment les exporter ou les supprimer.") % {"name": name},
        )),
        (ContactPage, CONTACT_SLUG, lambda: ContactPage(
            title=_("Contact"), slug=CONTACT_SLUG, recipient=recipient,
            introduction="<p>" + _("Une question, une suggestion, un contenu à signaler ? Écrivez à "
                                   "l’équipe de %(name)s.") % {"name": escape(name)} + "</p>",
        )),
    ]
    created = 0
    for model, slug, build in specs:
        if home.get_children().filter(slug=slug).exists():
            continue
        page = build()
        page.owner = owner
        page.show_in_menus = False
        home.add_child(instance=page)
        page.save_revision(user=owner).publish()
        created += 1
    return created
