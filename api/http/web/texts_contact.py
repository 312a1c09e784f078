"""Interface texts of introductions, feedback, the inbox and an organisation's own projects.

Each text is ``(Dutch, English, French)``; the French is that of Brussels and Wallonia public
procurement ("mise en contact", "acheteur", "fournisseur", "marché public").
"""

from __future__ import annotations

__all__ = ["CONTACT"]

CONTACT: dict[str, tuple[str, str, str]] = {
    "tab_inbox": ("Kennismakingen", "Introductions", "Mises en contact"),
    "tab_projects": ("Onze projecten", "Our projects", "Nos projets"),
    # on every result
    "intro_request": ("Kennismaking vragen", "Request an introduction", "Demander une mise en contact"),
    "not_relevant": ("Niet relevant", "Not relevant", "Pas pertinent"),
    "intro_box_label": ("Kennismaking met {name}", "Introduction to {name}", "Mise en contact avec {name}"),
    "intro_from": ("Namens", "On behalf of", "Au nom de"),
    "intro_group_projects": ("Onze projecten", "Our projects", "Nos projets"),
    "intro_group_profiles": ("Onze profielen", "Our profiles", "Nos profils"),
    "intro_message": ("Uw bericht", "Your message", "Votre message"),
    "intro_message_placeholder": (
        "Stel uzelf kort voor en zeg waarover u wilt praten.",
        "Briefly introduce yourself and say what you would like to talk about.",
        "Présentez-vous brièvement et dites de quoi vous souhaitez parler.",
    ),
    "intro_send": ("Versturen", "Send", "Envoyer"),
    "cancel": ("Annuleren", "Cancel", "Annuler"),
    "sending": ("Bezig met versturen…", "Sending…", "Envoi en cours…"),
    "intro_sent": (
        "Uw vraag om kennismaking is verstuurd naar {name}. Het antwoord verschijnt onder 'Kennismakingen'.",
        "Your request for an introduction was sent to {name}. The answer appears under 'Introductions'.",
        "Votre demande de mise en contact a été envoyée à {name}. "
        "La réponse apparaîtra sous « Mises en contact ».",
    ),
    "intro_no_from": (
        "Om een kennismaking te vragen heeft u de sleutel van uw organisatie nodig, "
        "en een project of profiel van die organisatie.",
        "To request an introduction you need your organisation's key, "
        "and a project or profile of that organisation.",
        "Pour demander une mise en contact, il vous faut la clé de votre organisation "
        "et un projet ou un profil de cette organisation.",
    ),
    "intro_empty_message": (
        "Schrijf eerst een kort bericht.",
        "Please write a short message first.",
        "Écrivez d'abord un court message.",
    ),
    "hidden_one": (
        "'{name}' wordt niet meer getoond voor deze vraag.",
        "'{name}' will no longer be shown for this question.",
        "« {name} » ne sera plus affiché pour cette question.",
    ),
    # the inbox
    "inbox_heading": (
        "Kennismakingen van uw organisatie",
        "Your organisation's introductions",
        "Les mises en contact de votre organisation",
    ),
    "inbox_refresh": ("Vernieuwen", "Refresh", "Actualiser"),
    "inbox_received": ("Ontvangen", "Received", "Reçues"),
    "inbox_sent": ("Verstuurd", "Sent", "Envoyées"),
    "inbox_all": (
        "Alle kennismakingen in het netwerk",
        "Every introduction in the network",
        "Toutes les mises en contact du réseau",
    ),
    "inbox_count_all": (
        "{n} kennismakingen in het netwerk.",
        "{n} introductions in the network.",
        "{n} mises en contact dans le réseau.",
    ),
    "status_pending": ("In afwachting", "Pending", "En attente"),
    "status_accepted": ("Aanvaard", "Accepted", "Acceptées"),
    "status_declined": ("Afgewezen", "Declined", "Refusées"),
    "inbox_none": ("Geen.", "None.", "Aucune."),
    "inbox_counts": (
        "{received} ontvangen en {sent} verstuurde kennismakingen.",
        "{received} received and {sent} sent introductions.",
        "{received} mises en contact reçues et {sent} envoyées.",
    ),
    "inbox_needs_key": (
        "Kennismakingen horen bij een organisatie: vul onderaan de pagina de sleutel van uw organisatie in.",
        "Introductions belong to an organisation: enter your organisation's key at the bottom of the page.",
        "Les mises en contact appartiennent à une organisation : saisissez la clé de votre organisation "
        "en bas de la page.",
    ),
    "intro_from_to": ("Van: {from} — aan: {to}", "From: {from} — to: {to}", "De : {from} — à : {to}"),
    "intro_side": (
        "{name} ({kind} van {organisation})",
        "{name} ({kind} of {organisation})",
        "{name} ({kind} de {organisation})",
    ),
    "intro_asked": ("Gevraagd op {date}", "Requested on {date}", "Demandée le {date}"),
    "intro_answered": ("beantwoord op {date}", "answered on {date}", "réponse le {date}"),
    "intro_reply": ("Antwoord", "Reply", "Réponse"),
    "intro_reply_label": ("Antwoord (optioneel)", "Reply (optional)", "Réponse (facultative)"),
    "intro_accept": ("Aanvaarden", "Accept", "Accepter"),
    "intro_decline": ("Afwijzen", "Decline", "Refuser"),
    "intro_contact": (
        "Contact van {name}: {contact}",
        "Contact of {name}: {contact}",
        "Contact de {name} : {contact}",
    ),
    "intro_no_contact": (
        "{name} heeft geen contactgegevens opgegeven.",
        "{name} has no contact details on file.",
        "{name} n'a pas indiqué de coordonnées.",
    ),
    "intro_accepted_done": (
        "Aanvaard: u ziet nu elkaars contactgegevens.",
        "Accepted: you now see each other's contact details.",
        "Acceptée : vous voyez maintenant les coordonnées de l'autre partie.",
    ),
    "intro_declined_done": ("Afgewezen.", "Declined.", "Refusée."),
    "kind_project": ("project", "project", "projet"),
    "kind_profile": ("profiel", "profile", "profil"),
    # our projects
    "projects_heading": ("Onze projecten", "Our projects", "Nos projets"),
    "projects_of": (
        "{n} projecten van {organisation}.",
        "{n} projects of {organisation}.",
        "{n} projets de {organisation}.",
    ),
    "projects_needs_org": (
        "Alleen met de sleutel van een aankopende organisatie kunt u hier haar projecten beheren.",
        "Only with the key of a buying organisation can you manage its projects here.",
        "Seule la clé d'un pouvoir adjudicateur permet de gérer ici ses projets.",
    ),
    "projects_empty": (
        "Uw organisatie heeft nog geen projecten. Maak er hieronder een aan.",
        "Your organisation has no projects yet. Create one below.",
        "Votre organisation n'a pas encore de projet. Créez-en un ci-dessous.",
    ),
    "project_new": ("Nieuw project", "New project", "Nouveau projet"),
    "project_editing": ("Project bewerken: {name}", "Edit project: {name}", "Modifier le projet : {name}"),
    "project_title": ("Titel", "Title", "Titre"),
    "project_text": ("Aankoopvraag", "Procurement question", "Description du besoin"),
    "project_language": ("Taal", "Language", "Langue"),
    "project_tags": (
        "Trefwoorden (gescheiden door komma's)",
        "Keywords (separated by commas)",
        "Mots-clés (séparés par des virgules)",
    ),
    "project_contact": (
        "Contact (pas zichtbaar na een aanvaarde kennismaking)",
        "Contact (shown only after an accepted introduction)",
        "Contact (visible uniquement après une mise en contact acceptée)",
    ),
    "project_outcome": (
        "Resultaat: wat werd aangekocht, hoe, wat leerde u",
        "Outcome: what was bought, how, what you learned",
        "Résultat : ce qui a été acheté, comment, ce que vous en avez appris",
    ),
    "project_year": ("Jaar", "Year", "Année"),
    "project_create": ("Project aanmaken", "Create project", "Créer le projet"),
    "project_save": ("Wijzigingen opslaan", "Save changes", "Enregistrer les modifications"),
    "project_edit": ("Bewerken", "Edit", "Modifier"),
    "project_close": ("Afsluiten", "Close", "Clôturer"),
    "project_publish": ("Publiceren als case", "Publish as a case", "Publier comme cas pratique"),
    "project_status_open": ("Open", "Open", "Ouvert"),
    "project_status_closed": (
        "Afgesloten (alleen zichtbaar voor uw organisatie)",
        "Closed (visible to your organisation only)",
        "Clôturé (visible uniquement par votre organisation)",
    ),
    "project_status_case": (
        "Gepubliceerde case (zichtbaar voor het netwerk)",
        "Published case (visible to the network)",
        "Cas pratique publié (visible par tout le réseau)",
    ),
    "project_saved": (
        "Project '{name}' is opgeslagen.",
        "Project '{name}' was saved.",
        "Le projet « {name} » est enregistré.",
    ),
    "project_closed_done": (
        "Project '{name}' is afgesloten.",
        "Project '{name}' is closed.",
        "Le projet « {name} » est clôturé.",
    ),
    "project_published_done": (
        "Project '{name}' is gepubliceerd als case voor het hele netwerk.",
        "Project '{name}' is published as a case for the whole network.",
        "Le projet « {name} » est publié comme cas pratique pour tout le réseau.",
    ),
    "project_text_empty": (
        "Beschrijf eerst de aankoopvraag.",
        "Describe the procurement question first.",
        "Décrivez d'abord le besoin.",
    ),
}
