"""Interface texts of the web page, Dutch (default) and English, in one dictionary.

The server renders the page in one language; the same dictionary is embedded in the page so the
script can switch language in place. ``{name}`` marks a value the script fills in.
"""

from __future__ import annotations

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXTS", "pick_language", "texts"]

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

TEXTS: dict[str, tuple[str, str]] = {
    # page
    "title": (
        "Kringmatch — partners voor circulair aankopen",
        "Kringmatch — partners for circular procurement",
    ),
    "tagline": (
        "Vind begeleiders en leveranciers voor uw circulaire aankoopvraag.",
        "Find facilitators and suppliers for your circular procurement question.",
    ),
    "skip": ("Naar de inhoud", "Skip to content"),
    "lang_group": ("Taal van de pagina", "Page language"),
    "tabs_label": ("Weergaven", "Views"),
    "tab_buyer": ("Vraag stellen", "Ask a question"),
    "tab_provider": ("Begeleiders & leveranciers", "Facilitators & suppliers"),
    "tab_organiser": ("Workshop organiseren", "Organise a workshop"),
    "footer": (
        "Matchresultaten tonen nooit contactgegevens. Gegevens: het Kringmatch-netwerk.",
        "Match results never show contact details. Data: the Kringmatch network.",
    ),
    # buyer view
    "buyer_heading": ("Wie kan helpen met uw aankoopvraag?", "Who can help with your procurement question?"),
    "question_label": ("Uw vraag", "Your question"),
    "question_placeholder": (
        "Bv. We willen kantoormeubilair als dienst aankopen",
        "E.g. We want to buy office furniture as a service",
    ),
    "question_hint": (
        "Enter verstuurt de vraag, Shift+Enter begint een nieuwe regel.",
        "Enter sends the question, Shift+Enter starts a new line.",
    ),
    "chars": ("{n} / {max} tekens", "{n} / {max} characters"),
    "filters": ("Filters (optioneel)", "Filters (optional)"),
    "role_label": ("Rol", "Role"),
    "region_label": ("Regio", "Region"),
    "language_label": ("Taal van het profiel", "Profile language"),
    "any": ("Alle", "Any"),
    "role_facilitator": ("Begeleider", "Facilitator"),
    "role_supplier": ("Leverancier", "Supplier"),
    "role_buyer": ("Aankoper", "Buyer"),
    "lang_nl": ("Nederlands", "Dutch"),
    "lang_en": ("Engels", "English"),
    "lang_fr": ("Frans", "French"),
    "lang_de": ("Duits", "German"),
    "ask_submit": ("Zoek partners", "Find partners"),
    "searching": ("Bezig met zoeken…", "Searching…"),
    "results_one": ("1 resultaat voor uw vraag.", "1 result for your question."),
    "results_many": (
        "{n} resultaten voor uw vraag, de beste eerst.",
        "{n} results for your question, best first.",
    ),
    "empty_title": ("Geen resultaten", "No results"),
    "empty_text": (
        "Niemand past bij deze vraag met deze filters. Probeer andere woorden of verwijder een filter.",
        "Nobody fits this question with these filters. Try other words or remove a filter.",
    ),
    "question_empty": (
        "Typ eerst een vraag, bijvoorbeeld wat u wilt aankopen en waarom.",
        "Please type a question first, for example what you want to buy and why.",
    ),
    "question_too_long": (
        "Uw vraag is te lang: {n} tekens, het maximum is {max}.",
        "Your question is too long: {n} characters, the maximum is {max}.",
    ),
    "error_title": ("Dat lukte niet", "That did not work"),
    "error_input": ("De invoer werd geweigerd: {message}", "The input was refused: {message}"),
    "error_server": (
        "Er ging iets mis op de server (status {status}). Probeer het later opnieuw.",
        "Something went wrong on the server (status {status}). Please try again later.",
    ),
    "error_network": (
        "De server is niet bereikbaar. Controleer uw verbinding en probeer opnieuw.",
        "The server cannot be reached. Check your connection and try again.",
    ),
    "score": ("Score", "Score"),
    "why": ("Waarom", "Why"),
    "source": ("Bron", "Source"),
    "source_expertise": ("Expertise", "Expertise"),
    "source_document": ("Document", "Document"),
    "source_question": ("Vraag", "Question"),
    "source_outcome": ("Resultaat", "Outcome"),
    "matched_terms": ("Gedeelde termen", "Shared terms"),
    "error_auth": (
        "Deze server vraagt een API-sleutel ({message}). Vul uw sleutel in onder "
        "'Toegang met een API-sleutel' onderaan de pagina.",
        "This server asks for an API key ({message}). Enter your key under "
        "'Access with an API key' at the bottom of the page.",
    ),
    "error_forbidden": (
        "Uw sleutel geeft geen toegang tot deze functie ({message}).",
        "Your key does not give access to this ({message}).",
    ),
    # access with an API key
    "access_summary": ("Toegang met een API-sleutel", "Access with an API key"),
    "key_label": ("API-sleutel", "API key"),
    "key_hint": (
        "Alleen nodig als deze server sleutels vraagt. De sleutel blijft alleen in dit tabblad bewaard.",
        "Only needed when this server asks for keys. The key is kept in this browser tab only.",
    ),
    "key_save": ("Sleutel gebruiken", "Use key"),
    "key_clear": ("Sleutel wissen", "Forget key"),
    "key_in_use": ("Er is een sleutel ingesteld voor dit tabblad.", "A key is set for this tab."),
    "key_none": ("Geen sleutel ingesteld.", "No key set."),
    # facilitator / supplier view
    "provider_heading": ("Welke open projecten passen bij u?", "Which open projects fit you?"),
    "profile_search_label": (
        "Zoek uw profiel (naam, organisatie of id)",
        "Search your profile (name, organisation or id)",
    ),
    "profile_search_placeholder": ("Bv. Wasbaar", "E.g. Wasbaar"),
    "profile_select_label": ("Profiel", "Profile"),
    "suggest_submit": ("Toon passende projecten", "Show matching projects"),
    "loading": ("Laden…", "Loading…"),
    "profiles_shown": ("{n} van {total} profielen getoond.", "{n} of {total} profiles shown."),
    "no_profiles": ("Geen profiel gevonden voor deze zoekterm.", "No profile matches this search."),
    "pick_profile": ("Kies eerst een profiel in de lijst.", "Choose a profile in the list first."),
    "loading_suggestions": ("Bezig met zoeken naar projecten…", "Looking for projects…"),
    "suggestions_count": ("{n} open projecten passen bij {name}.", "{n} open projects fit {name}."),
    "suggestions_empty": (
        "Er zijn nu geen open projecten die bij dit profiel passen.",
        "There are no open projects that fit this profile right now.",
    ),
    "label_pooling": ("Open project", "Open project"),
    "label_case": ("Afgerond project", "Finished project"),
    # organiser view: tables
    "organiser_heading": ("Workshop: tafels en begeleiders", "Workshop: tables and facilitators"),
    "groups_heading": ("Tafels indelen", "Seat the tables"),
    "participants": ("Deelnemers", "Participants"),
    "scope_everyone": (
        "Iedereen: alle profielen en open projecten",
        "Everyone: all profiles and open projects",
    ),
    "scope_pick": ("Een selectie", "A selection"),
    "filter_list": ("Filter de lijst", "Filter the list"),
    "select_all": ("Getoonde aanvinken", "Select shown"),
    "select_none": ("Niets aanvinken", "Clear"),
    "group_profiles": ("Profielen", "Profiles"),
    "group_projects": ("Open projecten", "Open projects"),
    "selected_count": ("{n} gekozen", "{n} selected"),
    "size_min": ("Minimum per tafel", "Minimum per table"),
    "size_max": ("Maximum per tafel", "Maximum per table"),
    "mode": ("Indeling", "Seating"),
    "mode_similar": ("Gelijkaardige thema's samen", "Similar themes together"),
    "mode_mixed": ("Gemengde tafels", "Mixed tables"),
    "separate_orgs": (
        "Collega's van dezelfde organisatie aan verschillende tafels",
        "Colleagues from the same organisation at different tables",
    ),
    "seed": ("Startwaarde", "Seed"),
    "seed_hint": ("Een andere startwaarde geeft een andere indeling.", "Another seed gives another seating."),
    "groups_submit": ("Tafels indelen", "Seat the tables"),
    "seating": ("Bezig met indelen…", "Seating…"),
    "tables_count": ("{n} tafels met samen {m} deelnemers.", "{n} tables with {m} participants in all."),
    "table": ("Tafel {n}", "Table {n}"),
    "theme": ("Thema", "Theme"),
    "cohesion": ("Samenhang", "Cohesion"),
    "similarity": (
        "Gemiddelde gelijkenis aan tafel: {a} (bij een willekeurige indeling: {b}).",
        "Mean similarity at the tables: {a} (with a random seating: {b}).",
    ),
    "violations": ("Niet elke regel kon gerespecteerd worden:", "Not every rule could be kept:"),
    "no_violations": ("Alle regels zijn gerespecteerd.", "Every seating rule is kept."),
    "download_csv": ("Download CSV", "Download CSV"),
    "print": ("Afdrukken", "Print"),
    "csv_header": (
        "tafel,thema,samenhang,id,naam,organisatie,rol",
        "table,theme,cohesion,id,name,organisation,role",
    ),
    "csv_file": ("kringmatch-tafels.csv", "kringmatch-tables.csv"),
    "pick_some": (
        "Vink minstens één deelnemer aan, of kies 'Iedereen'.",
        "Tick at least one participant, or choose 'Everyone'.",
    ),
    "size_invalid": (
        "Kies een minimum van minstens 2 dat niet groter is dan het maximum.",
        "Choose a minimum of at least 2 that is not larger than the maximum.",
    ),
    # organiser view: assignment
    "assign_heading": ("Begeleiders toewijzen aan projecten", "Assign facilitators to projects"),
    "projects_field": ("Projecten", "Projects"),
    "scope_all_projects": ("Alle open projecten", "All open projects"),
    "facilitators_field": ("Begeleiders", "Facilitators"),
    "scope_all_facilitators": ("Alle begeleiders", "All facilitators"),
    "per_project": ("Begeleiders per project", "Facilitators per project"),
    "objective": ("Doel", "Objective"),
    "objective_total": ("Hoogste totale affiniteit", "Highest total affinity"),
    "objective_fair": (
        "Eerlijk: het zwakste project zo goed mogelijk",
        "Fair: the weakest project as good as possible",
    ),
    "assign_submit": ("Toewijzen", "Assign"),
    "assigning": ("Bezig met toewijzen…", "Assigning…"),
    "assign_summary": (
        "{n} projecten. Totale affiniteit {total}, laagste per project {minimum}, "
        "afstand tot het optimum {gap}.",
        "{n} projects. Total affinity {total}, lowest per project {minimum}, optimality gap {gap}.",
    ),
    "assigned_count": ("Klaar: {n} projecten kregen begeleiders.", "Done: {n} projects got facilitators."),
    "col_project": ("Project", "Project"),
    "col_facilitators": ("Begeleiders", "Facilitators"),
    "col_alternates": ("Alternatieven", "Alternates"),
    "affinity": ("affiniteit", "affinity"),
    "none": ("geen", "none"),
    "elapsed": ("{s} s", "{s} s"),
    "pick_project": ("Vink minstens één project aan.", "Tick at least one project."),
    "pick_facilitator": ("Vink minstens één begeleider aan.", "Tick at least one facilitator."),
}


def texts(language: str) -> dict[str, str]:
    """Every interface text in ``language`` (``nl`` or ``en``; anything else gives Dutch)."""
    column = LANGUAGES.index(language) if language in LANGUAGES else 0
    return {key: pair[column] for key, pair in TEXTS.items()}


def pick_language(*choices: str | None) -> str:
    """The first supported language among ``choices`` (a query parameter, a cookie), else Dutch."""
    for choice in choices:
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    return DEFAULT_LANGUAGE
