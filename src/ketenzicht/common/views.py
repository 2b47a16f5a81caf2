"""The landing page: each role starts where its work is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "is_vt", False):
        return redirect("casework:queue")
    if getattr(user, "is_chain_professional", False):
        return redirect("casework:inbox")
    if getattr(user, "is_policy_officer", False):
        return redirect("casework:overview")
    if getattr(user, "role", "") == "privacy_officer" and getattr(user, "organisation_id", None):
        return redirect("audit:home")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "home.html", status=200)
