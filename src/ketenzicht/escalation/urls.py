from django.urls import path

from ketenzicht.escalation import views

app_name = "escalation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("plan/<int:plan_id>/nieuw/", views.raise_stagnation, name="new"),
    path("plan/<int:plan_id>/regie-faalt/", views.failure_new, name="failure_new"),
    path("plan/<int:plan_id>/teruggeven/", views.hand_back, name="hand_back"),
    path("regiemelding/<int:pk>/", views.failure_detail, name="failure_detail"),
]
# One POST endpoint per form on the escalation page (a GET goes back to the page).
_SLUGS = {
    "advance": "volgende-stap",
    "agreement": "afspraak",
    "appoint": "procesregisseur",
    "binding": "doorzetten",
    "compliance": "opvolging",
    "urgent_call": "spoedzorgoverleg",
    "urgent_record": "spoedzorgoverleg-gehouden",
    "administrative": "bestuurlijk-besluit",
    "confirm": "bevestiging",
    "resolve": "afsluiten",
}
urlpatterns += [
    path(f"<int:pk>/{slug}/", views.action_view, {"action": name}, name=name)
    for name, slug in _SLUGS.items()
]
