"""On-site notifications, written when something happens to a member.

Each event writes at most two rows (the page's author, the parent comment's author), so
the fan-out inside a request stays bounded; what followers see comes from the feed,
computed when they read it, never by writing a row per follower.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import workflow_approved, workflow_rejected

from content_types.communities.signals import membership_request_answered
from members.models import Contribution

from .authors import page_author
from .models import Comment, Follow, Notification


def notify(recipient, kind, actor=None, page=None, comment=None):
    if recipient is None or not recipient.is_active or (actor is not None and recipient.pk == actor.pk):
        return None
    return Notification.objects.create(recipient=recipient, kind=kind, actor=actor, page=page, comment=comment)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None):
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    return notifications.update(read_at=timezone.now())


@receiver(post_save, sender=Comment)
def comment_posted(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    page = instance.page.specific
    owner = page_author(page) or page.owner
    notify(owner, Notification.COMMENT, actor=instance.author, page=page, comment=instance)
    if instance.parent_id:
        parent_author = instance.parent.author
        if owner is None or parent_author.pk != owner.pk:
            notify(parent_author, Notification.REPLY, actor=instance.author, page=page, comment=instance)


@receiver(post_save, sender=Follow)
def member_followed(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.member_id:
        notify(instance.member, Notification.FOLLOWER, actor=instance.follower)


def contribution_answered(kind, workflow_state, user):
    """The member who contributed the page hears the moderators' answer (Wagtail's workflow)."""
    contribution = Contribution.objects.filter(page_id=workflow_state.object_id).select_related("member", "page").first()
    if contribution is not None:
        notify(contribution.member, kind, actor=user, page=contribution.page)


@receiver(workflow_approved)
def contribution_approved(sender, instance, user=None, **kwargs):
    contribution_answered(Notification.APPROVED, instance, user)


@receiver(workflow_rejected)
def contribution_rejected(sender, instance, user=None, **kwargs):
    contribution_answered(Notification.REJECTED, instance, user)


@receiver(membership_request_answered)
def community_request_answered(sender, community, member, accepted, moderator=None, **kwargs):
    """The member who asked to join a community hears its moderators' answer."""
    kind = Notification.JOIN_ACCEPTED if accepted else Notification.JOIN_REFUSED
    notify(member, kind, actor=moderator, page=community)
