from django.urls import path

from ketenzicht.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstellen/<int:pk>/samenvoegen/", views.proposal_confirm_view, name="proposal_confirm"),
    path("voorstellen/<int:pk>/afwijzen/", views.proposal_reject_view, name="proposal_reject"),
    path("voorstellen/<int:pk>/splitsen/", views.proposal_split_view, name="proposal_split"),
    path("samenvoegingen/", views.merge_list, name="merges"),
    path("samenvoegingen/<int:pk>/", views.merge_detail, name="merge"),
    path("samenvoegingen/<int:pk>/ongedaan-maken/", views.unmerge_view, name="unmerge"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/samenvoegen/", views.person_merge_view, name="person_merge"),
]
