"""The HTTP layer (FastAPI only): create_app, dependencies, auth, admission, errors, routes, web page."""
