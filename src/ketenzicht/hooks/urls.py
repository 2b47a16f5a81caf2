from django.urls import path

from ketenzicht.hooks import views

app_name = "hooks"
urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("nieuw/", views.subscription_new, name="new"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/deactiveren/", views.subscription_deactivate, name="deactivate"),
    path("levering/<int:pk>/opnieuw/", views.delivery_retry, name="retry"),
]
