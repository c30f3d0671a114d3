"""Images a member may choose: their own uploads and public ones, not the whole collection.

Wagtail grants « choose » per collection, and every member uploads into the shared
« Contributions des membres » collection, so its chooser views (``chosen``,
``select_format``) and its duplicate-upload check would hand any member the title,
alt text and URL of another member's unpublished image. The policy itself narrows
« choose » for plain contributors, so every view asking it is fenced at once.
"""

from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .permissions import is_plain_contributor
from .visibility import visible_images


class MemberImagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = super().user_has_any_permission_for_instance(user, actions, instance)
        if allowed and is_plain_contributor(user) and set(actions) <= {"choose"}:
            return visible_images(user).filter(pk=instance.pk).exists()
        return allowed

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if is_plain_contributor(user) and set(actions) <= {"choose"}:
            return instances.filter(pk__in=visible_images(user).values("pk"))
        return instances


def image_permission_policy():
    return MemberImagePermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    )
