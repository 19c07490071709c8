from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.post_list, name="post_list"),
    path("feed/atom/", views.post_list, name="feed_atom"),
    path("subscription/", views.post_list, name="subscription"),
    path("<str:slug>/", views.post_list, name="post_detail"),
]
