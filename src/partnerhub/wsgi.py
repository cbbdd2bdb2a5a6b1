import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, our modules, templates compiled at start) lives as
# long as the process: keep it out of the garbage collector's full collections, whose
# pauses otherwise land on a few requests as a 100-150 ms tail (docs/performance.md).
gc.freeze()
# A request makes many short-lived objects (a ranking: thousands); collect the young
# generation less often, so that fewer requests pay for a collection.
gc.set_threshold(20_000, 20, 20)
