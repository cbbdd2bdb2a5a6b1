"""Print the current two-factor code of the demo accounts (their secret is published)."""

from django.core.management.base import BaseCommand

from partnerhub.accounts.demo import DEMO_TOTP_SECRET
from partnerhub.accounts.two_factor import current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo organiser and reviewer accounts."

    def handle(self, *args, **options):
        self.stdout.write(current_code(DEMO_TOTP_SECRET))
