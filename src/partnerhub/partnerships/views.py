from django.http import HttpResponse


def partnership_list(request):  # placeholder
    return HttpResponse("partnerships")


def partnership_detail(request, pk):
    return HttpResponse(str(pk))
