from django.core.management.base import BaseCommand

from partnerhub.core import retention


class Command(BaseCommand):
    help = (
        "Anonymise personal data of events that ended more than RETENTION_DAYS_AFTER_EVENT "
        "days ago (statistics stay). With --dry-run, only count."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention.cutoff_date()
        counts = retention.purge_personal_data(dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"Events that ended before {cutoff.isoformat()} "
            f"({retention.retention_days()} days of retention):"
        )
        labels = {part.key: part.label for part in retention.parts()}
        for key, count in counts.items():
            self.stdout.write(f"  {key}: {count} {verb} ({labels[key]})")
        total = sum(counts.values())
        style = self.style.WARNING if dry_run else self.style.SUCCESS
        self.stdout.write(style(f"{total} record(s) {verb}."))
