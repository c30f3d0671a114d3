from django.urls import path

from . import member_views as views

app_name = "social_members"

urlpatterns = [
    path("suivre/", views.follow, name="follow"),
    path("favoris/<int:page_id>/", views.bookmark, name="bookmark"),
    path("mon-espace/fil/", views.feed, name="feed"),
    path("mon-espace/favoris/", views.favourites, name="favourites"),
    path("mon-espace/favoris/calendrier/", views.calendar_token, name="calendar_token"),
    path("calendrier/favoris/<str:token>.ics", views.favourites_calendar, name="calendar"),
    path("mon-espace/notifications/", views.notifications, name="notifications"),
    path("mon-espace/resumes/", views.digest_settings, name="digest_settings"),
    path("resumes/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
