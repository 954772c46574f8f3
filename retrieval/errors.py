"""Errors a front end shows to people as one line (no stack trace)."""


class CitebotError(Exception):
    """Base of every error whose message is meant for the user."""
