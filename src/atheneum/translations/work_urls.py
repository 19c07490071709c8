"""The volunteers' and reviewers' pages; `my/` comes before any campaign slug."""

from django.urls import path

from . import work_views as views

L = "<slug:slug>/languages/<str:code>/"

urlpatterns = [
    path("my/", views.my_work, name="my_work"),
    path(L + "claim/", views.claim, name="claim"),
    path(L + "claim/leave/", views.claim_leave, name="claim_leave"),
    path(L + "claim/lead/", views.lead_hand_over, name="lead_hand_over"),
    path(L + "translate/", views.translate, name="translate"),
    path(L + "translate/<int:segment_id>/", views.segment_save, name="segment_save"),
    path(L + "comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
    path(L + "upload/", views.upload, name="upload"),
    path(L + "upload/file/", views.upload_download, name="upload_download"),
    path(L + "submit/", views.submit, name="submit"),
    path(L + "review/", views.review, name="review"),
    path(L + "review/comment/", views.review_comment, name="review_comment"),
    path(L + "review/start/", views.review_start, name="review_start"),
    path(L + "review/changes/", views.request_changes, name="request_changes"),
    path(L + "review/approve/", views.approve, name="approve"),
]
