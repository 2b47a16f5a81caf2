"""Pages where an organisation manages its webhook subscriptions and reads the delivery log.

Only the administrator of an organisation (and for a Veilig Thuis its team leads) reaches them
(403 for every other role); a subscription or delivery of another organisation is 404. Refusals
reach the access log through ``audit.middleware``; every change writes its own entry in the
service. The pages show no personal data: an event names a report reference or handover id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.audit.middleware import refused
from ketenzicht.common.forms import call_service, forged_fields
from ketenzicht.hooks import services
from ketenzicht.hooks.backoff import schedule
from ketenzicht.hooks.delivery import retry_policy
from ketenzicht.hooks.forms import SubscriptionForm
from ketenzicht.hooks.selectors import deliveries_of, delivery_of, subscriptions_of
from ketenzicht.hooks.signing import HEADER
from ketenzicht.organisations.access import AuthenticatedHttpRequest

View = Callable[..., HttpResponse]


def manager_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not services.can_manage_subscriptions(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@manager_required
def subscription_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    subscriptions = subscriptions_of(request.user)
    return render(
        request,
        "hooks/list.html",
        {"subscriptions": subscriptions, "organisation": request.user.organisation},
    )


@manager_required
def subscription_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        organisation = request.user.organisation
        assert organisation is not None
        created = call_service(
            form,
            lambda: services.subscription_create(
                organisation=organisation,
                actor=request.user,
                target_url=d["target_url"],
                event_types=list(d["event_types"]),
                description=d["description"],
            ),
        )
        if created is not None:
            # The secret is shown on this one answer and never again: not kept in the session,
            # not cached.
            response = render(
                request,
                "hooks/created.html",
                {
                    "subscription": created.subscription,
                    "secret": created.secret,
                    "header": HEADER,
                },
                status=201,
            )
            response["Cache-Control"] = "no-store"
            return response
    context = {"form": form}
    if request.method != "POST":
        return render(request, "hooks/form.html", context)
    if forged_fields(form):
        return refused(render(request, "hooks/form.html", context, status=400))
    return render(request, "hooks/form.html", context, status=422)


@manager_required
def subscription_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(subscriptions_of(request.user), pk=pk)
    page = Paginator(deliveries_of(subscription), 25).get_page(request.GET.get("page"))
    policy = retry_policy()
    return render(
        request,
        "hooks/detail.html",
        {
            "subscription": subscription,
            "page": page,
            "max_attempts": policy.max_attempts,
            "schedule_minutes": [round(s / 60, 1) for s in schedule(policy)],
        },
    )


@require_POST
@manager_required
def subscription_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(subscriptions_of(request.user), pk=pk)
    try:
        services.subscription_deactivate(subscription=subscription, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The subscription is inactive: nothing more is sent to it."))
    return redirect("hooks:detail", pk=subscription.pk)


@require_POST
@manager_required
def delivery_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(delivery_of(request.user, pk))
    try:
        services.delivery_retry(delivery=delivery, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("hooks:detail", pk=delivery.subscription_id)
    from ketenzicht.hooks.tasks import hooks_deliver_one_task

    result = hooks_deliver_one_task.enqueue(delivery_id=delivery.pk)
    if result.is_finished and result.return_value == "delivered":
        messages.success(request, _("The notification was delivered."))
    elif result.is_finished:
        messages.warning(
            request, _("The receiver did not accept the notification; see the log below.")
        )
    else:
        messages.success(request, _("The notification will be sent again shortly."))
    return redirect("hooks:detail", pk=delivery.subscription_id)
