"""Interface texts of the organiser's view: seating tables and assigning facilitators.

Each text is ``(Dutch, English, French)``.
"""

from __future__ import annotations

__all__ = ["WORKSHOP"]

WORKSHOP: dict[str, tuple[str, str, str]] = {
    # tables
    "organiser_heading": (
        "Workshop: tafels en begeleiders",
        "Workshop: tables and facilitators",
        "Atelier : tables et facilitateurs",
    ),
    "events_link": (
        "Lerend-netwerkdagen: evenementen, rondes aan tafels, 1-op-1-gesprekken →",
        "Learning-network days: events, rounds of tables, 1:1 meetings →",
        "Journées du réseau : événements, tours de tables, rendez-vous en tête-à-tête →",
    ),
    "groups_heading": ("Tafels indelen", "Seat the tables", "Répartir les participants par table"),
    "participants": ("Deelnemers", "Participants", "Participants"),
    "scope_everyone": (
        "Iedereen: alle profielen en open projecten",
        "Everyone: all profiles and open projects",
        "Tout le monde : tous les profils et projets ouverts",
    ),
    "scope_pick": ("Een selectie", "A selection", "Une sélection"),
    "filter_list": ("Filter de lijst", "Filter the list", "Filtrer la liste"),
    "select_all": ("Getoonde aanvinken", "Select shown", "Cocher les éléments affichés"),
    "select_none": ("Niets aanvinken", "Clear", "Tout décocher"),
    "group_profiles": ("Profielen", "Profiles", "Profils"),
    "group_projects": ("Open projecten", "Open projects", "Projets ouverts"),
    "selected_count": ("{n} gekozen", "{n} selected", "{n} sélectionnés"),
    "size_min": ("Minimum per tafel", "Minimum per table", "Minimum par table"),
    "size_max": ("Maximum per tafel", "Maximum per table", "Maximum par table"),
    "mode": ("Indeling", "Seating", "Répartition"),
    "mode_similar": ("Gelijkaardige thema's samen", "Similar themes together", "Thèmes proches ensemble"),
    "mode_mixed": ("Gemengde tafels", "Mixed tables", "Tables mixtes"),
    "separate_orgs": (
        "Collega's van dezelfde organisatie aan verschillende tafels",
        "Colleagues from the same organisation at different tables",
        "Les collègues d'une même organisation à des tables différentes",
    ),
    "seed": ("Startwaarde", "Seed", "Valeur de départ"),
    "seed_hint": (
        "Een andere startwaarde geeft een andere indeling.",
        "Another seed gives another seating.",
        "Une autre valeur de départ donne une autre répartition.",
    ),
    "groups_submit": ("Tafels indelen", "Seat the tables", "Répartir par table"),
    "seating": ("Bezig met indelen…", "Seating…", "Répartition en cours…"),
    "tables_count": (
        "{n} tafels met samen {m} deelnemers.",
        "{n} tables with {m} participants in all.",
        "{n} tables avec {m} participants au total.",
    ),
    "table": ("Tafel {n}", "Table {n}", "Table {n}"),
    "theme": ("Thema", "Theme", "Thème"),
    "cohesion": ("Samenhang", "Cohesion", "Cohésion"),
    "similarity": (
        "Gemiddelde gelijkenis aan tafel: {a} (bij een willekeurige indeling: {b}).",
        "Mean similarity at the tables: {a} (with a random seating: {b}).",
        "Similarité moyenne aux tables : {a} (avec une répartition aléatoire : {b}).",
    ),
    "violations": (
        "Niet elke regel kon gerespecteerd worden:",
        "Not every rule could be kept:",
        "Toutes les règles n'ont pas pu être respectées :",
    ),
    "no_violations": (
        "Alle regels zijn gerespecteerd.",
        "Every seating rule is kept.",
        "Toutes les règles sont respectées.",
    ),
    "download_csv": ("Download CSV", "Download CSV", "Télécharger le CSV"),
    "print": ("Afdrukken", "Print", "Imprimer"),
    "csv_header": (
        "tafel,thema,samenhang,id,naam,organisatie,rol",
        "table,theme,cohesion,id,name,organisation,role",
        "table,thème,cohésion,id,nom,organisation,rôle",
    ),
    "csv_file": ("kringmatch-tafels.csv", "kringmatch-tables.csv", "kringmatch-tables.csv"),
    "pick_some": (
        "Vink minstens één deelnemer aan, of kies 'Iedereen'.",
        "Tick at least one participant, or choose 'Everyone'.",
        "Cochez au moins un participant, ou choisissez « Tout le monde ».",
    ),
    "size_invalid": (
        "Kies een minimum van minstens 2 dat niet groter is dan het maximum.",
        "Choose a minimum of at least 2 that is not larger than the maximum.",
        "Choisissez un minimum d'au moins 2 qui ne dépasse pas le maximum.",
    ),
    # assignment
    "assign_heading": (
        "Begeleiders toewijzen aan projecten",
        "Assign facilitators to projects",
        "Attribuer des facilitateurs aux projets",
    ),
    "projects_field": ("Projecten", "Projects", "Projets"),
    "scope_all_projects": ("Alle open projecten", "All open projects", "Tous les projets ouverts"),
    "facilitators_field": ("Begeleiders", "Facilitators", "Facilitateurs"),
    "scope_all_facilitators": ("Alle begeleiders", "All facilitators", "Tous les facilitateurs"),
    "per_project": ("Begeleiders per project", "Facilitators per project", "Facilitateurs par projet"),
    "objective": ("Doel", "Objective", "Objectif"),
    "objective_total": (
        "Hoogste totale affiniteit",
        "Highest total affinity",
        "Affinité totale la plus élevée",
    ),
    "objective_fair": (
        "Eerlijk: het zwakste project zo goed mogelijk",
        "Fair: the weakest project as good as possible",
        "Équitable : le projet le plus faible aussi bien servi que possible",
    ),
    "assign_submit": ("Toewijzen", "Assign", "Attribuer"),
    "assigning": ("Bezig met toewijzen…", "Assigning…", "Attribution en cours…"),
    "assign_summary": (
        "{n} projecten. Totale affiniteit {total}, laagste per project {minimum}, "
        "afstand tot het optimum {gap}.",
        "{n} projects. Total affinity {total}, lowest per project {minimum}, optimality gap {gap}.",
        "{n} projets. Affinité totale {total}, la plus basse par projet {minimum}, écart à l'optimum {gap}.",
    ),
    "assigned_count": (
        "Klaar: {n} projecten kregen begeleiders.",
        "Done: {n} projects got facilitators.",
        "Terminé : {n} projets ont reçu des facilitateurs.",
    ),
    "col_project": ("Project", "Project", "Projet"),
    "col_facilitators": ("Begeleiders", "Facilitators", "Facilitateurs"),
    "col_alternates": ("Alternatieven", "Alternates", "Suppléants"),
    "affinity": ("affiniteit", "affinity", "affinité"),
    "none": ("geen", "none", "aucun"),
    "elapsed": ("{s} s", "{s} s", "{s} s"),
    "pick_project": (
        "Vink minstens één project aan.",
        "Tick at least one project.",
        "Cochez au moins un projet.",
    ),
    "pick_facilitator": (
        "Vink minstens één begeleider aan.",
        "Tick at least one facilitator.",
        "Cochez au moins un facilitateur.",
    ),
}
