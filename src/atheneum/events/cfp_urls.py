"""The call for speakers: /events/<slug>/proposals/…"""

from django.urls import path

from . import cfp_views

urlpatterns = [
    path("<slug:slug>/proposals/", cfp_views.cfp, name="cfp"),
    path("<slug:slug>/proposals/new/", cfp_views.proposal_submit, name="cfp_submit"),
    path("<slug:slug>/proposals/review/", cfp_views.review_list, name="cfp_review_list"),
    path("<slug:slug>/proposals/<int:pk>/", cfp_views.proposal_detail, name="cfp_proposal"),
    path("<slug:slug>/proposals/<int:pk>/edit/", cfp_views.proposal_edit, name="cfp_proposal_edit"),
    path(
        "<slug:slug>/proposals/<int:pk>/withdraw/",
        cfp_views.proposal_withdraw,
        name="cfp_proposal_withdraw",
    ),
    path("<slug:slug>/proposals/<int:pk>/review/", cfp_views.review_save, name="cfp_review"),
    path("<slug:slug>/proposals/<int:pk>/decide/", cfp_views.proposal_decide, name="cfp_decide"),
]
