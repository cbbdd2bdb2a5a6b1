from django.core import mail
from django.core.management.base import BaseCommand
from django.test import override_settings

from partnerhub.core.demo import DEMO_PASSWORD, load_demo

# The demo's registrations and proposals start e-mail jobs; they go nowhere.
KEEP_MAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        with override_settings(EMAIL_BACKEND=KEEP_MAIL):
            mail.outbox = []
            report = load_demo(write=lambda text: self.stdout.write(f"  {text}"))
            held = len(mail.outbox)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if held:
            self.stdout.write(f"  ({held} e-mails to invented addresses were not sent.)")
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in report.logins:
            self.stdout.write(f"  {email:<34} {role}")
