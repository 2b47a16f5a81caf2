from django.urls import path

from ketenzicht.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/routekaart/", views.roadmap_view, name="roadmap"),
    path("<int:pk>/aandacht/", views.attention, name="attention"),
    path("<int:pk>/gemeente/", views.municipality, name="municipality"),
    path("<int:pk>/projecten/", views.projects, name="projects"),
    path("<int:pk>/overleg/", views.governance, name="governance"),
    path("<int:pk>/evaluatie/", views.evaluation_view, name="evaluation"),
    path("<int:pk>/export.yaml", views.export_yaml, name="export_yaml"),
    path("<int:pk>/acties.csv", views.export_csv, name="export_csv"),
    path("ambitie/<int:pk>/actie/nieuw/", views.action_new, name="action_new"),
    path("actie/<int:pk>/", views.action_detail, name="action"),
    path("actie/<int:pk>/bewerken/", views.action_edit, name="action_edit"),
    path("actie/<int:pk>/verwijderen/", views.action_delete, name="action_delete"),
    path("actie/<int:pk>/verplaatsen/", views.action_move, name="action_move"),
]
