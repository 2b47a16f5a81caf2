from django.urls import path

from ketenzicht.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("export/", views.queue_export, name="queue_export"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/toewijzen/", views.case_assign_view, name="assign"),
    path("<int:pk>/beoordeling/", views.assessment_new, name="assessment"),
    path("<int:pk>/toetsing/", views.assessment_review_view, name="review"),
    path("<int:pk>/vv-afronden/", views.vv_complete_view, name="vv_complete"),
    path("<int:pk>/onderzoek-starten/", views.investigation_start_view, name="investigation_start"),
    path(
        "<int:pk>/onderzoek-afronden/",
        views.investigation_conclude_view,
        name="investigation_conclude",
    ),
    path("<int:pk>/overdracht/", views.handover_offer_view, name="handover_offer"),
    path("<int:pk>/opnieuw-beoordelen/", views.case_reassess_view, name="reassess"),
    path("<int:pk>/monitoring/", views.monitoring_view, name="monitoring"),
    path("<int:pk>/afsluiten/", views.case_close_view, name="close"),
    path("<int:pk>/heropenen/", views.case_reopen_view, name="reopen"),
    path("<int:pk>/huisverbod/", views.restraining_order_new, name="restraining_order"),
    path(
        "huisverbod/<int:pk>/verlengen/",
        views.restraining_order_extend_view,
        name="restraining_order_extend",
    ),
    path(
        "huisverbod/<int:pk>/beeindigen/",
        views.restraining_order_end_view,
        name="restraining_order_end",
    ),
    path("taak/<int:pk>/afronden/", views.task_complete_view, name="task_complete"),
    path("taak/<int:pk>/verlengen/", views.task_extend_view, name="task_extend"),
    path("overdrachten/", views.inbox, name="inbox"),
    path("overdrachten/<int:pk>/", views.handover_detail, name="handover_detail"),
    path("overdrachten/<int:pk>/accepteren/", views.handover_accept_view, name="handover_accept"),
    path("overdrachten/<int:pk>/weigeren/", views.handover_refuse_view, name="handover_refuse"),
    path("overzicht/", views.overview, name="overview"),
]
