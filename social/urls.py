from django.urls import path

from . import views

app_name = "social"

urlpatterns = [
    path("page/<int:page_id>/", views.post_comment, name="post"),
    path("<int:comment_id>/modifier/", views.edit_comment, name="edit"),
    path("<int:comment_id>/supprimer/", views.delete_comment, name="delete"),
    path("<int:comment_id>/signaler/", views.report_comment, name="report"),
]
