"""The web page served at ``/``: its interface texts (``i18n``), templates and static files."""
