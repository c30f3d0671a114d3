"""What a member may see or reference of others' content: live public pages, public media.

One definition serves the admin fence, the page forms' chooser checks, the image
permission policy and the public media API, so they cannot disagree:

- a page is public when it is live and has no view restriction (itself or an ancestor);
- an image or document is public when a live public page uses it (Wagtail's reference
  index records every reference, fields, StreamField blocks and rich text alike).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex


def public_pages():
    return Page.objects.live().public()


def visible_pages(user):
    """Pages a member may open or reference: live public ones and their own."""
    return Page.objects.filter(Q(pk__in=public_pages().values("pk")) | Q(owner=user))


def page_is_visible(user, page_id):
    return visible_pages(user).filter(pk=page_id).exists()


def _used_by_public_pages(model):
    live_ids = public_pages().annotate(str_pk=Cast("pk", CharField())).values("str_pk")
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
        object_id__in=live_ids,
    ).values("to_object_id")


def public_images():
    Image = get_image_model()
    ids = _used_by_public_pages(Image)
    return Image.objects.annotate(str_pk=Cast("pk", CharField())).filter(str_pk__in=ids)


def public_documents():
    Document = get_document_model()
    ids = _used_by_public_pages(Document)
    return Document.objects.annotate(str_pk=Cast("pk", CharField())).filter(str_pk__in=ids)


def visible_images(user):
    """Images a member may choose or reference: their own uploads and public images."""
    Image = get_image_model()
    return Image.objects.filter(Q(uploaded_by_user=user) | Q(pk__in=public_images().values("pk")))


def image_is_visible(user, image_id):
    return visible_images(user).filter(pk=image_id).exists()


def document_is_visible(user, document_id):
    Document = get_document_model()
    return Document.objects.filter(
        Q(uploaded_by_user=user) | Q(pk__in=public_documents().values("pk")), pk=document_id
    ).exists()
