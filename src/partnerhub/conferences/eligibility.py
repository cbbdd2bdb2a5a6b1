"""Who may come as a partner: the one place of the partner-eligibility rule (DOMAIN.md §1).

A partner municipality may be invited when its country is an ODA recipient on
the edition's first day (the DAC list in force then, `reference.queries`) and,
for a regional series, lies in the series' region. The German-Ukrainian
network has no region of the rotation, so only the ODA rule applies there.
Only organisers may admit a partner that fails the rule, with a reason
(`services.registration.registration_submit`).
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerhub.reference.models import Country, Region
from partnerhub.reference.queries import OdaStatus, oda_status, oda_statuses_for

from .models import Edition


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


def _decide(edition: Edition, country: Country, status: OdaStatus | None) -> Eligibility:
    """The rule itself, given the country's ODA status on the edition's first day."""
    reasons = []
    region = edition.series.region
    if region and country.region != region:
        reasons.append(
            _("%(country)s does not belong to the region %(region)s of this conference series.")
            % {"country": country.name, "region": Region(region).label}
        )
    on = edition.start_date
    if on is None or status is None:
        reasons.append(
            _("The edition has no dates yet, so the ODA status of %(country)s cannot be checked.")
            % {"country": country.name}
        )
        return Eligibility(False, reasons)
    day = date_format(on, "DATE_FORMAT")
    if not status.list_known:
        reasons.append(
            _("No DAC List of ODA Recipients is on record for %(date)s.") % {"date": day}
        )
    elif not status.eligible:
        reasons.append(
            _(
                "%(country)s is not on the DAC List of ODA Recipients in force on %(date)s "
                "(%(list)s): only partners from ODA recipient countries can be invited."
            )
            % {"country": country.name, "date": day, "list": status.dac_list}
        )
    return Eligibility(not reasons, reasons)


def partner_eligibility(*, edition: Edition, country: Country) -> Eligibility:
    """May a municipality in `country` come as a partner to `edition`? With reasons if not.

    The reasons are in the active language.
    """
    on = edition.start_date
    return _decide(edition, country, oda_status(country, on) if on else None)


def partner_eligibility_by_country(*, edition: Edition, countries) -> dict[str, Eligibility]:
    """The same for many countries at once (one query for the DAC list), by ISO code."""
    countries = {country.iso2: country for country in countries}
    on = edition.start_date
    statuses = oda_statuses_for(countries.values(), on) if on else {}
    return {
        iso2: _decide(edition, country, statuses.get(iso2)) for iso2, country in countries.items()
    }
