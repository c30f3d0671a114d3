"""Comment counts for listing cards, as a subquery annotation: no extra query per card."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Comment


def comment_count():
    """`comment_count`: the visible comments (not hidden, not deleted) of each page."""
    visible = (
        Comment.objects.filter(page_id=OuterRef("pk"), hidden_at__isnull=True, deleted_at__isnull=True)
        .order_by().values("page_id").annotate(total=Count("pk")).values("total")
    )
    return {"comment_count": Coalesce(Subquery(visible, output_field=IntegerField()), 0)}
