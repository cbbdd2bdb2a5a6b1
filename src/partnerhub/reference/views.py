from django.http import HttpResponse


def country_list(request):  # placeholder, replaced by the reference work
    return HttpResponse("countries")


def country_detail(request, iso2):
    return HttpResponse(iso2)


def dac_lists(request):
    return HttpResponse("dac")


def sdg_list(request):
    return HttpResponse("sdgs")


def municipality_list(request):
    return HttpResponse("municipalities")


def municipality_detail(request, slug):
    return HttpResponse(slug)
