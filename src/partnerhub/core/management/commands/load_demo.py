from django.core.management.base import BaseCommand

from partnerhub.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        report = load_demo(write=lambda text: self.stdout.write(f"  {text}"))
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in report.logins:
            self.stdout.write(f"  {email:<34} {role}")
