"""Pages for organisers: the fulfilment list of orders, its export, shipping and cancelling.

Only for `publications.manage_orders` (anonymous people are sent to log in,
everybody else gets 403). Shipping and cancelling go through the services,
which record the change in the audit trail; cancelling returns the copies to
the stock. A refused action (an order shipped already) is shown as a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.core.exports import FORMATS, table_response

from .. import queries, services
from ..forms import CancelForm
from ..models import OrderStatus, PublicationOrder

MANAGE = "publications.manage_orders"


def organiser_only(view):
    return login_required(permission_required(MANAGE, raise_exception=True)(view))


def _status(request) -> str | None:
    status = request.GET.get("status", OrderStatus.OPEN)
    return status if status in OrderStatus.values else None  # "all" or unknown: every order


def _next(request) -> str:
    target = request.POST.get("next", "")
    # Only a path on this site: `redirect()` would read anything else as a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("publications:fulfilment")


@organiser_only
@never_cache
def fulfilment(request):
    status = _status(request)
    return render(
        request,
        "publications/fulfilment.html",
        {
            "orders": list(queries.fulfilment_orders(status)),
            "status": status or "all",
            "statuses": [
                (OrderStatus.OPEN, _("Open")),
                (OrderStatus.SHIPPED, _("Shipped")),
                (OrderStatus.CANCELLED, _("Cancelled")),
                ("all", _("All")),
            ],
            "counts": queries.order_counts(),
            "cancel_form": CancelForm(),
        },
    )


def _items(order) -> str:
    return "; ".join(f"{line.quantity} × {line.publication}" for line in order.lines.all())


@organiser_only
def fulfilment_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    status = _status(request)
    headers = [
        _("Order"),
        _("Ordered"),
        _("Status"),
        _("Recipient organisation or office"),
        _("For the attention of"),
        _("Street and number"),
        _("Postcode"),
        _("Town"),
        _("Country"),
        _("E-mail address"),
        _("Publications"),
        _("Copies"),
    ]
    rows = [
        [
            order.pk,
            order.created_at,
            order.get_status_display(),
            order.organisation,
            order.attention,
            order.street,
            order.postcode,
            order.town,
            order.country.name,
            order.email,
            _items(order),
            sum(line.quantity for line in order.lines.all()),
        ]
        for order in queries.fulfilment_orders(status)
    ]
    return table_response(fmt, f"publication-orders-{status or 'all'}", headers, rows)


def _order(pk) -> PublicationOrder:
    order = PublicationOrder.objects.filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


@require_POST
@organiser_only
def order_ship(request, pk):
    order = _order(pk)
    try:
        services.order_ship(order=order, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Order %(number)s is marked as shipped.") % {"number": pk})
    return redirect(_next(request))


@require_POST
@organiser_only
def order_cancel(request, pk):
    order = _order(pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(_next(request))
    try:
        services.order_cancel(order=order, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Order %(number)s is cancelled; its copies are back in stock.") % {"number": pk},
        )
    return redirect(_next(request))


urlpatterns = [
    path("manage/orders/", fulfilment, name="fulfilment"),
    path("manage/orders/export.<str:fmt>", fulfilment_export, name="fulfilment_export"),
    path("manage/orders/<int:pk>/ship/", order_ship, name="order_ship"),
    path("manage/orders/<int:pk>/cancel/", order_cancel, name="order_cancel"),
]
