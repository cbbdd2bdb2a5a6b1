"""`/healthz`: the smallest answer the web stack can give.

A plain-text "ok" without a template, a database query or a session: load
balancers use it as a health check (it says the web process is up, not that the
database answers), and `bench/load.py` uses it as the baseline, the framework's
own ceiling on the machine, beside which every page's throughput is reported.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")
