"""Organisations, users, roles, login and API tokens."""
