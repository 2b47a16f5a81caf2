from django.urls import path

from ketenzicht.subject_access import views

app_name = "subject_access"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.person, name="person"),
    path("<int:pk>/inzage.json", views.download_json, name="json"),
    path("<int:pk>/inzage.pdf", views.download_pdf, name="pdf"),
]
