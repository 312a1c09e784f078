"""Kringmatch's service: api.app (the application), api.http (FastAPI) and api.cli (the command)."""
