from django.urls import path

from ketenzicht.mda import views

app_name = "mda"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("plan/<int:plan_pk>/inbrengen/", views.refer, name="refer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/analyse/", views.analysis, name="analysis"),
    path("<int:pk>/evaluatie/", views.review, name="review"),
    path("<int:pk>/beeindigen/", views.end, name="end"),
]
