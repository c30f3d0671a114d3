"""Comments on pages, moderated after publication: visible at once, reported by readers,
hidden (with a reason kept) or restored by the moderators of the page's territory."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000
REPORT_REASON_MAX_LENGTH = 500


class CommentQuerySet(models.QuerySet):
    def for_display(self):
        """What a thread shows, in one query: authors and their public profiles."""
        return self.select_related("author__profile").order_by("created_at", "pk")

    def reported(self):
        return self.filter(reports__resolved_at__isnull=True).distinct()


class Comment(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="member_comments")
    # A deleted account keeps its row, anonymised (members/profiles.py): its comments stay,
    # signed « Ancien membre ».
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments", verbose_name=_("auteur"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        verbose_name=_("en réponse à"),
    )
    body = models.TextField(_("commentaire"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimé par son auteur le"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=REPORT_REASON_MAX_LENGTH, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("masqué par"),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "created_at"])]

    def __str__(self):
        return self.body[:60]

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def editable_by(self, user, now=None):
        """Its author may edit it for 15 minutes after posting."""
        now = now or timezone.now()
        return (
            user.is_authenticated and user.pk == self.author_id and not self.is_deleted and not self.is_hidden
            and now - self.created_at <= settings.COMMENT_EDIT_WINDOW
        )


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("motif"), max_length=REPORT_REASON_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class ClosedComments(models.Model):
    """A page whose editors closed its comments (existing ones stay readable)."""

    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, related_name="closed_comments")
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")


class Follow(models.Model):
    """A member follows another member, a page (a community, a section…) or a theme (tag).

    Exactly one target is set; three plain foreign keys keep the feed's query one indexed
    lookup per kind, where a generic relation would need a query per content type.
    """

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="followers",
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(member__isnull=False, page__isnull=True, tag__isnull=True)
                    | models.Q(member__isnull=True, page__isnull=False, tag__isnull=True)
                    | models.Q(member__isnull=True, page__isnull=True, tag__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["follower", "member"], name="follow_member_once"),
            models.UniqueConstraint(fields=["follower", "page"], name="follow_page_once"),
            models.UniqueConstraint(fields=["follower", "tag"], name="follow_tag_once"),
        ]


class Bookmark(models.Model):
    """A favourite: « Ça m'intéresse » on an event, a bookmark on an article, dossier or place."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("favori")
        verbose_name_plural = _("favoris")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="bookmark_once")]


DIGEST_NONE, DIGEST_DAILY, DIGEST_WEEKLY = "aucun", "quotidien", "hebdomadaire"
DIGEST_CHOICES = [
    (DIGEST_NONE, _("Jamais")),
    (DIGEST_DAILY, _("Chaque jour")),
    (DIGEST_WEEKLY, _("Chaque semaine")),
]


class SocialSettings(models.Model):
    """A member's choices for the social layer: e-mail digests, the private calendar's token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="social_settings")
    digest = models.CharField(_("résumé par e-mail"), max_length=20, choices=DIGEST_CHOICES, default=DIGEST_NONE)
    # The private iCalendar address of the member's favourite events; empty = no address.
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("préférences sociales")
        verbose_name_plural = _("préférences sociales")


class SentDigest(models.Model):
    """One digest per member and period: the row is claimed before sending, so a rerun skips it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40)  # "quotidien:2026-11-30", "hebdomadaire:2026-W48"
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "period"], name="one_digest_per_period")]


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    COMMENT, REPLY, FOLLOWER, APPROVED, REJECTED = "commentaire", "reponse", "abonne", "acceptee", "refusee"
    JOIN_ACCEPTED, JOIN_REFUSED = "adhesion-acceptee", "adhesion-refusee"
    KINDS = [
        (COMMENT, _("Nouveau commentaire sur votre page")),
        (REPLY, _("Réponse à votre commentaire")),
        (FOLLOWER, _("Nouvel abonné")),
        (APPROVED, _("Contribution acceptée")),
        (REJECTED, _("Contribution refusée")),
        (JOIN_ACCEPTED, _("Demande d'adhésion acceptée")),
        (JOIN_REFUSED, _("Demande d'adhésion refusée")),
    ]

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=KINDS)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
