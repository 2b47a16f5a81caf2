from django.urls import path

from ketenzicht.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.budget, name="budget"),
    path("regel/<int:pk>/verwijderen/", views.line_remove, name="line_remove"),
    path("capaciteit/", views.capacity_view, name="capacity"),
]
