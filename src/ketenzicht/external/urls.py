from django.urls import path

from ketenzicht.external import views

app_name = "external"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("verborgen-aantal/", views.dark_figure, name="dark_figure"),
    path("importeren/", views.upload, name="upload"),
    path("prevalentie/", views.rates, name="rates"),
]
