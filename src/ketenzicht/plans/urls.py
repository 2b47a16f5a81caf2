from django.urls import path

from ketenzicht.plans import pdf_views, views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/<int:handover>/", views.plan_create_view, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/aanpak/", views.approach_view, name="approach"),
    path("<int:pk>/leden/nieuw/", views.member_new, name="member_new"),
    path("lid/<int:pk>/", views.member_edit, name="member_edit"),
    path("lid/<int:pk>/verwijderen/", views.member_remove, name="member_remove"),
    path("lid/<int:pk>/leefgebieden/", views.assessment_view, name="assessment"),
    path("<int:pk>/veiligheid/nieuw/", views.condition_new, name="condition_new"),
    path("voorwaarde/<int:pk>/", views.condition_edit, name="condition_edit"),
    path("voorwaarde/<int:pk>/beeindigen/", views.condition_end, name="condition_end"),
    path("<int:pk>/resultaten/nieuw/", views.result_new, name="result_new"),
    path("resultaat/<int:pk>/verwijderen/", views.result_remove, name="result_remove"),
    path("<int:pk>/taken/nieuw/", views.task_new, name="task_new"),
    path("taak/<int:pk>/afronden/", views.task_complete, name="task_complete"),
    path("taak/<int:pk>/annuleren/", views.task_cancel, name="task_cancel"),
    path("<int:pk>/evaluaties/nieuw/", views.evaluation_new, name="evaluation_new"),
    path("evaluatie/<int:pk>/", views.evaluation_record, name="evaluation_record"),
    path("<int:pk>/betrokkenheid/nieuw/", views.involvement_new, name="involvement_new"),
    path("<int:pk>/deelnemers/nieuw/", views.participant_new, name="participant_new"),
    path("deelnemer/<int:pk>/verwijderen/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/regisseur/", views.director_view, name="director"),
    path("<int:pk>/activeren/", views.activate_view, name="activate"),
    path("<int:pk>/afsluiten/", views.close_view, name="close"),
    path("<int:pk>/meldingen/nieuw/", views.report_new, name="report_new"),
    path("melding/<int:pk>/afhandelen/", views.report_handle, name="report_handle"),
    path("<int:pk>/notities/nieuw/", views.note_new, name="note_new"),
    path("<int:pk>/versies/", views.versions_view, name="versions"),
    path("<int:pk>/versies/vergelijk/", views.compare_view, name="compare"),
    path("<int:pk>/tijdlijn/", views.feed_view, name="feed"),
    path("<int:pk>/pdf/", pdf_views.plan_pdf_view, name="pdf"),
]
