"""Members' public profiles, « Mon espace » and « Je contribue »."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("membres/", views.DirectoryView.as_view(), name="directory"),
    path("membres/<slug:slug>/", views.ProfileView.as_view(), name="profile"),
    path("mon-espace/", views.DashboardView.as_view(), name="dashboard"),
    path("mon-espace/profil/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("mon-espace/export/", views.ExportView.as_view(), name="export"),
    path("mon-espace/supprimer/", views.DeleteAccountView.as_view(), name="delete_account"),
    path("je-contribue/", views.ContributeView.as_view(), name="contribute"),

]
