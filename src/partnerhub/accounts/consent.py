"""The texts people agree to before their data is processed, kept as versions.

The current wording lives here, in code review, with a version; the first time
a version is needed it is stored as a `ConsentText` row that consents point
at. Changing the wording means adding a new version, never editing one that
people have agreed to.
"""

from django.db.models import Subquery

from .models import ConsentPurpose, ConsentText

CURRENT = {
    ConsentPurpose.CONFERENCE_REGISTRATION: {
        "version": "2026-11",
        "de": (
            "Ich willige ein, dass die Servicestelle die Angaben dieser Anmeldung (Name, "
            "Kontaktdaten, Funktion, Bedarfe, Reisedaten) zur Vorbereitung, Durchführung und "
            "Abrechnung der Konferenz verarbeitet und an beauftragte Dienstleister (Tagungsort, "
            "Reisebüro) weitergibt, soweit das dafür nötig ist. Angaben zu Ernährung und "
            "Barrierefreiheit werden nur für die Organisation vor Ort genutzt. Ich kann die "
            "Einwilligung jederzeit widerrufen; die Daten werden ein Jahr nach der Konferenz "
            "gelöscht, soweit keine Aufbewahrungspflicht besteht."
        ),
        "en": (
            "I agree that the service agency processes the details of this registration (name, "
            "contact details, function, needs, travel dates) to prepare, run and account for the "
            "conference, and passes them to contracted service providers (venue, travel agency) "
            "as far as this requires. Dietary and accessibility details are used only to "
            "organise the event on site. I can withdraw this consent at any time; the data is "
            "deleted one year after the conference unless a legal retention duty applies."
        ),
        "fr": (
            "J'accepte que l'agence de services traite les données de cette inscription (nom, "
            "coordonnées, fonction, besoins, dates de voyage) pour préparer, organiser et "
            "décompter la conférence, et les transmette aux prestataires mandatés (lieu de la "
            "conférence, agence de voyage) dans la mesure nécessaire. Les indications sur "
            "l'alimentation et l'accessibilité servent uniquement à l'organisation sur place. "
            "Je peux retirer ce consentement à tout moment ; les données sont supprimées un an "
            "après la conférence, sauf obligation légale de conservation."
        ),
        "es": (
            "Acepto que la agencia de servicios trate los datos de esta inscripción (nombre, "
            "datos de contacto, función, necesidades, fechas de viaje) para preparar, realizar y "
            "liquidar la conferencia, y los transmita a los proveedores contratados (sede, "
            "agencia de viajes) en la medida necesaria. Los datos sobre alimentación y "
            "accesibilidad solo se usan para la organización en el lugar. Puedo retirar este "
            "consentimiento en cualquier momento; los datos se borran un año después de la "
            "conferencia, salvo obligación legal de conservarlos."
        ),
    }
}


def current_consent_text(purpose: str = ConsentPurpose.CONFERENCE_REGISTRATION) -> ConsentText:
    """The version in force for `purpose`, stored on first use."""
    wording = CURRENT[purpose]
    consent, _created = ConsentText.objects.get_or_create(
        purpose=purpose,
        version=wording["version"],
        defaults={f"text_{code}": wording[code] for code in ("de", "en", "fr", "es")},
    )
    return consent


def current_consent_text_id(purpose: str = ConsentPurpose.CONFERENCE_REGISTRATION) -> Subquery:
    """The id of the stored row of the version in force, as a subquery (NULL if not stored yet).

    Annotate a query that runs anyway with it and pass the value to
    `current_consent_text_from`: the version comes from `CURRENT` and the row
    from the database on every request, so a new version (or a rolled-back
    test database) is seen at once, without a query of its own.
    """
    rows = ConsentText.objects.filter(purpose=purpose, version=CURRENT[purpose]["version"])
    return Subquery(rows.order_by().values("pk")[:1])


def current_consent_text_from(
    pk: int | None, purpose: str = ConsentPurpose.CONFERENCE_REGISTRATION
) -> ConsentText:
    """The version in force, from the id that `current_consent_text_id` read.

    Only id, purpose and version are loaded (the texts on first access); without
    an id (the version is not stored yet) it is stored, as `current_consent_text` does.
    """
    if pk is None:
        return current_consent_text(purpose)
    return ConsentText.from_db(
        ConsentText.objects.db,
        ["id", "purpose", "version"],
        [pk, purpose, CURRENT[purpose]["version"]],
    )
