"""Kringmatch's HTTP service and CLI."""
