"""Interface texts of the page frame, the buyer's question, the provider's view and access keys.

Each text is ``(Dutch, English, French)``; the French is that of Brussels and Wallonia public
procurement ("marché public", "acheteur", "fournisseur", "facilitateur").
"""

from __future__ import annotations

__all__ = ["PAGE"]

PAGE: dict[str, tuple[str, str, str]] = {
    # page
    "title": (
        "Kringmatch — partners voor circulair aankopen",
        "Kringmatch — partners for circular procurement",
        "Kringmatch — des partenaires pour des achats circulaires",
    ),
    "tagline": (
        "Vind begeleiders en leveranciers voor uw circulaire aankoopvraag.",
        "Find facilitators and suppliers for your circular procurement question.",
        "Trouvez des facilitateurs et des fournisseurs pour votre marché public circulaire.",
    ),
    "skip": ("Naar de inhoud", "Skip to content", "Aller au contenu"),
    "lang_group": ("Taal van de pagina", "Page language", "Langue de la page"),
    "tabs_label": ("Weergaven", "Views", "Vues"),
    "tab_buyer": ("Vraag stellen", "Ask a question", "Poser une question"),
    "tab_provider": (
        "Begeleiders & leveranciers",
        "Facilitators & suppliers",
        "Facilitateurs & fournisseurs",
    ),
    "tab_organiser": ("Workshop organiseren", "Organise a workshop", "Organiser un atelier"),
    "footer": (
        "Matchresultaten tonen nooit contactgegevens. Gegevens: het Kringmatch-netwerk.",
        "Match results never show contact details. Data: the Kringmatch network.",
        "Les résultats ne montrent jamais de coordonnées. Données : le réseau Kringmatch.",
    ),
    # buyer view
    "buyer_heading": (
        "Wie kan helpen met uw aankoopvraag?",
        "Who can help with your procurement question?",
        "Qui peut vous aider pour votre marché public ?",
    ),
    "question_label": ("Uw vraag", "Your question", "Votre question"),
    "question_placeholder": (
        "Bv. We willen kantoormeubilair als dienst aankopen",
        "E.g. We want to buy office furniture as a service",
        "P. ex. Nous voulons acheter du mobilier de bureau sous forme de service",
    ),
    "question_hint": (
        "Enter verstuurt de vraag, Shift+Enter begint een nieuwe regel.",
        "Enter sends the question, Shift+Enter starts a new line.",
        "Entrée envoie la question, Maj+Entrée commence une nouvelle ligne.",
    ),
    "chars": ("{n} / {max} tekens", "{n} / {max} characters", "{n} / {max} caractères"),
    "filters": ("Filters (optioneel)", "Filters (optional)", "Filtres (facultatifs)"),
    "role_label": ("Rol", "Role", "Rôle"),
    "region_label": ("Regio", "Region", "Région"),
    "language_label": ("Taal van het profiel", "Profile language", "Langue du profil"),
    "any": ("Alle", "Any", "Tous"),
    "role_facilitator": ("Begeleider", "Facilitator", "Facilitateur"),
    "role_supplier": ("Leverancier", "Supplier", "Fournisseur"),
    "role_buyer": ("Aankoper", "Buyer", "Acheteur"),
    "lang_nl": ("Nederlands", "Dutch", "Néerlandais"),
    "lang_en": ("Engels", "English", "Anglais"),
    "lang_fr": ("Frans", "French", "Français"),
    "lang_de": ("Duits", "German", "Allemand"),
    "ask_submit": ("Zoek partners", "Find partners", "Trouver des partenaires"),
    "searching": ("Bezig met zoeken…", "Searching…", "Recherche en cours…"),
    "results_one": (
        "1 resultaat voor uw vraag.",
        "1 result for your question.",
        "1 résultat pour votre question.",
    ),
    "results_many": (
        "{n} resultaten voor uw vraag, de beste eerst.",
        "{n} results for your question, best first.",
        "{n} résultats pour votre question, les meilleurs d'abord.",
    ),
    "empty_title": ("Geen resultaten", "No results", "Aucun résultat"),
    "empty_text": (
        "Niemand past bij deze vraag met deze filters. Probeer andere woorden of verwijder een filter.",
        "Nobody fits this question with these filters. Try other words or remove a filter.",
        "Personne ne correspond à cette question avec ces filtres. "
        "Essayez d'autres mots ou retirez un filtre.",
    ),
    "question_empty": (
        "Typ eerst een vraag, bijvoorbeeld wat u wilt aankopen en waarom.",
        "Please type a question first, for example what you want to buy and why.",
        "Tapez d'abord une question, par exemple ce que vous voulez acheter et pourquoi.",
    ),
    "question_too_long": (
        "Uw vraag is te lang: {n} tekens, het maximum is {max}.",
        "Your question is too long: {n} characters, the maximum is {max}.",
        "Votre question est trop longue : {n} caractères, le maximum est {max}.",
    ),
    "error_title": ("Dat lukte niet", "That did not work", "Cela n'a pas fonctionné"),
    "error_input": (
        "De invoer werd geweigerd: {message}",
        "The input was refused: {message}",
        "La saisie a été refusée : {message}",
    ),
    "error_conflict": (
        "Dat kan nu niet: {message}",
        "That is not possible now: {message}",
        "Ce n'est pas possible pour l'instant : {message}",
    ),
    "error_limit": (
        "De limiet is bereikt: {message}",
        "The limit has been reached: {message}",
        "La limite est atteinte : {message}",
    ),
    "error_server": (
        "Er ging iets mis op de server (status {status}). Probeer het later opnieuw.",
        "Something went wrong on the server (status {status}). Please try again later.",
        "Une erreur s'est produite sur le serveur (statut {status}). Veuillez réessayer plus tard.",
    ),
    "error_network": (
        "De server is niet bereikbaar. Controleer uw verbinding en probeer opnieuw.",
        "The server cannot be reached. Check your connection and try again.",
        "Le serveur est injoignable. Vérifiez votre connexion et réessayez.",
    ),
    "score": ("Score", "Score", "Score"),
    "why": ("Waarom", "Why", "Pourquoi"),
    "source": ("Bron", "Source", "Source"),
    "source_expertise": ("Expertise", "Expertise", "Expertise"),
    "source_document": ("Document", "Document", "Document"),
    "source_question": ("Vraag", "Question", "Question"),
    "source_outcome": ("Resultaat", "Outcome", "Résultat"),
    "matched_terms": ("Gedeelde termen", "Shared terms", "Termes communs"),
    "error_auth": (
        "Deze server vraagt een API-sleutel ({message}). Vul uw sleutel in onder "
        "'Toegang met een API-sleutel' onderaan de pagina.",
        "This server asks for an API key ({message}). Enter your key under "
        "'Access with an API key' at the bottom of the page.",
        "Ce serveur demande une clé d'API ({message}). Saisissez votre clé sous "
        "« Accès avec une clé d'API » en bas de la page.",
    ),
    "error_forbidden": (
        "Uw sleutel geeft geen toegang tot deze functie ({message}).",
        "Your key does not give access to this ({message}).",
        "Votre clé ne donne pas accès à cette fonction ({message}).",
    ),
    # access with an API key
    "access_summary": ("Toegang met een API-sleutel", "Access with an API key", "Accès avec une clé d'API"),
    "key_label": ("API-sleutel", "API key", "Clé d'API"),
    "key_hint": (
        "Alleen nodig als deze server sleutels vraagt. De sleutel blijft alleen in dit tabblad bewaard.",
        "Only needed when this server asks for keys. The key is kept in this browser tab only.",
        "Nécessaire seulement si ce serveur demande des clés. La clé n'est conservée que dans cet onglet.",
    ),
    "key_save": ("Sleutel gebruiken", "Use key", "Utiliser la clé"),
    "key_clear": ("Sleutel wissen", "Forget key", "Oublier la clé"),
    "key_in_use": (
        "Er is een sleutel ingesteld voor dit tabblad.",
        "A key is set for this tab.",
        "Une clé est définie pour cet onglet.",
    ),
    "key_none": ("Geen sleutel ingesteld.", "No key set.", "Aucune clé définie."),
    "key_who_plain": (
        "Aangemeld als {name} ({role}).",
        "Signed in as {name} ({role}).",
        "Connecté en tant que {name} ({role}).",
    ),
    "access_role_admin": ("beheerder", "administrator", "administrateur"),
    "access_role_organiser": ("organisator", "organiser", "organisateur"),
    "access_role_member": ("lid", "member", "membre"),
    "key_who": (
        "Aangemeld als {name} ({role}) van {organisation}.",
        "Signed in as {name} ({role}) of {organisation}.",
        "Connecté en tant que {name} ({role}) de {organisation}.",
    ),
    # facilitator / supplier view
    "provider_heading": (
        "Welke open projecten passen bij u?",
        "Which open projects fit you?",
        "Quels projets ouverts vous correspondent ?",
    ),
    "profile_search_label": (
        "Zoek uw profiel (naam, organisatie of id)",
        "Search your profile (name, organisation or id)",
        "Cherchez votre profil (nom, organisation ou identifiant)",
    ),
    "profile_search_placeholder": ("Bv. Wasbaar", "E.g. Wasbaar", "P. ex. Wasbaar"),
    "profile_select_label": ("Profiel", "Profile", "Profil"),
    "suggest_submit": ("Toon passende projecten", "Show matching projects", "Afficher les projets adaptés"),
    "loading": ("Laden…", "Loading…", "Chargement…"),
    "profiles_shown": (
        "{n} van {total} profielen getoond.",
        "{n} of {total} profiles shown.",
        "{n} profils affichés sur {total}.",
    ),
    "no_profiles": (
        "Geen profiel gevonden voor deze zoekterm.",
        "No profile matches this search.",
        "Aucun profil ne correspond à cette recherche.",
    ),
    "pick_profile": (
        "Kies eerst een profiel in de lijst.",
        "Choose a profile in the list first.",
        "Choisissez d'abord un profil dans la liste.",
    ),
    "loading_suggestions": (
        "Bezig met zoeken naar projecten…",
        "Looking for projects…",
        "Recherche de projets en cours…",
    ),
    "suggestions_count": (
        "{n} open projecten passen bij {name}.",
        "{n} open projects fit {name}.",
        "{n} projets ouverts correspondent à {name}.",
    ),
    "suggestions_empty": (
        "Er zijn nu geen open projecten die bij dit profiel passen.",
        "There are no open projects that fit this profile right now.",
        "Aucun projet ouvert ne correspond à ce profil pour l'instant.",
    ),
    "label_pooling": ("Open project", "Open project", "Projet ouvert"),
    "label_case": ("Afgerond project", "Finished project", "Projet terminé"),
}
