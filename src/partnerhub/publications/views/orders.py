"""Pages: the order form for free printed copies and the page of an order.

Anybody may order, logged in or not. One form per order: copies of each
publication in print, the address, the consent. The service
(`services.order_submit`) checks every rule and takes the copies from the
stock; whatever it refuses is shown at its field with the input kept. The
order's page is reached with its secret link (also in the e-mail).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partnerhub.reference.models import Country

from .. import consent, queries, services
from ..forms import OrderForm


def _countries() -> list[tuple[str, str]]:
    return sorted(
        ((country.iso2, country.name) for country in Country.objects.all()),
        key=lambda choice: choice[1].casefold(),
    )


@never_cache
def order_create(request):
    publications = queries.orderable_publications()
    initial_publication = None
    if request.method != "POST" and request.GET.get("publication"):
        initial_publication = queries.publication_for_page(request.GET["publication"])
    form = OrderForm(
        request.POST or None,
        publications=publications,
        countries=_countries(),
        initial_publication=initial_publication,
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_submit(
                items=form.items(),
                address=form.address(),
                consent=form.cleaned_data["consent"],
                language=form.cleaned_data["language"],
                by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your order has been received. A confirmation is on its way "
                    "by e-mail."
                ),
            )
            return redirect("publications:order", order.access_token)
    return render(
        request,
        "publications/order_form.html",
        {
            "form": form,
            "rows": form.quantity_rows(),
            "consent_text": consent.text_for(),
            "consent_version": consent.VERSION,
            "has_errors": bool(form.errors),
        },
    )


@never_cache
def order_detail(request, token):
    order = queries.order_by_token(token)
    if order is None:
        raise Http404
    response = render(
        request,
        "publications/order_detail.html",
        {"order": order, "lines": list(order.lines.all())},
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [
    path("orders/new/", order_create, name="order_create"),
    path("orders/<str:token>/", order_detail, name="order"),
]
