"""HTTP routes: each is a docstring and one delegating call."""
