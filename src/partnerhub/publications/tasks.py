"""Background jobs: e-mails about an order, in the language the reader ordered in.

Started with `core.jobs.enqueue` (after the transaction commits) and given the
order's id, never the instance: they may run in a worker process.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import PublicationOrder


def order_link(order: PublicationOrder) -> str:
    """The order's own page, reachable without an account."""
    return f"{settings.SITE_URL}{reverse('publications:order', args=[order.access_token])}"


@task()
def send_order_mail(order_id: int, kind: str) -> bool:
    """`kind`: received, shipped or cancelled."""
    order = PublicationOrder.objects.filter(pk=order_id).first()
    if order is None or not order.email:
        return False
    lines = list(order.lines.select_related("publication"))
    with translation.override(order.language):
        subjects = {
            "received": _("We have received your order of publications (no. %(number)s)"),
            "shipped": _("Your publications are on their way (order no. %(number)s)"),
            "cancelled": _("Your order of publications is cancelled (no. %(number)s)"),
        }
        subject = subjects[kind] % {"number": order.pk}
        body = render_to_string(
            "publications/email/order.txt",
            {"kind": kind, "order": order, "lines": lines, "link": order_link(order)},
        )
    EmailMessage(subject=subject, body=body, to=[order.email]).send()
    return True
