from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from partnerhub.reference.models import Country

from .models import PartnershipKind
from .queries import partnerships_public


def partnership_list(request):
    kind = request.GET.get("kind", "")
    if kind not in PartnershipKind.values:
        kind = ""
    country = request.GET.get("country", "")[:2]
    page = Paginator(partnerships_public(country=country, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    countries = Country.objects.filter(municipalities__partnerships_as_partner__isnull=False)
    return render(
        request,
        "partnerships/list.html",
        {
            "page": page,
            "kinds": PartnershipKind.choices,
            "kind": kind,
            "country": country.upper(),
            "countries": countries.distinct().order_by("name_en"),
        },
    )


def partnership_detail(request, pk):
    partnership = get_object_or_404(partnerships_public(), pk=pk)
    return render(request, "partnerships/detail.html", {"partnership": partnership})
