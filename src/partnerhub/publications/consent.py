"""The text people agree to before an order of printed copies is processed, with its version.

Changing the wording means a new version; an order keeps the version it was
given with (`PublicationOrder.consent_version`), so the text agreed to can
always be shown (`text_for(version)`).
"""

from django.utils.translation import get_language

VERSION = "2026-11"

TEXTS = {
    "2026-11": {
        "de": (
            "Ich willige ein, dass die Servicestelle die Angaben dieser Bestellung (Empfänger, "
            "Anschrift, E-Mail-Adresse) verarbeitet, um die Publikationen zu versenden und mich "
            "über den Stand der Bestellung zu informieren, und sie dafür an einen beauftragten "
            "Versanddienstleister weitergibt. Ich kann die Einwilligung jederzeit widerrufen "
            "und die Löschung meiner Angaben verlangen. Nach dem Versand oder der Stornierung "
            "werden Anschrift und E-Mail-Adresse nach Ablauf der Aufbewahrungsfrist "
            "anonymisiert; die Zahl der bestellten Exemplare "
            "bleibt für die Statistik."
        ),
        "en": (
            "I agree that the service agency processes the details of this order (recipient, "
            "address, e-mail address) to send the publications and to tell me how the order "
            "stands, and passes them to a contracted shipping provider for this purpose. I can "
            "withdraw this consent at any time and ask for my details to be erased. Once the "
            "order is shipped or cancelled, the address and e-mail address are anonymised "
            "after the retention period; the number "
            "of copies ordered stays for statistics."
        ),
        "fr": (
            "J'accepte que l'agence de services traite les données de cette commande "
            "(destinataire, adresse, adresse e-mail) pour envoyer les publications et "
            "m'informer de l'état de la commande, et les transmette à cette fin à un prestataire "
            "d'expédition mandaté. Je peux retirer ce consentement à tout moment et "
            "demander l'effacement de mes données. Après l'envoi ou l'annulation, l'adresse "
            "et l'adresse e-mail sont anonymisées à la fin de la durée de conservation ; le "
            "nombre d'exemplaires commandés reste "
            "pour les statistiques."
        ),
        "es": (
            "Acepto que la agencia de servicios trate los datos de este pedido (destinatario, "
            "dirección, correo electrónico) para enviar las publicaciones e informarme del "
            "estado del pedido, y los transmita con este fin a un proveedor de envíos "
            "contratado. Puedo retirar este consentimiento en cualquier momento "
            "y pedir que se borren mis datos. Tras el envío o la cancelación, la dirección y el "
            "correo electrónico se anonimizan al terminar el plazo de conservación; el "
            "número de ejemplares pedidos se conserva para "
            "las estadísticas."
        ),
    }
}


def text_for(version: str = VERSION, language: str | None = None) -> str:
    """The wording of `version` in the language (the reader's by default), else English."""
    texts = TEXTS.get(version, {})
    code = (language or get_language() or "de")[:2]
    return texts.get(code) or texts.get("en", "")
