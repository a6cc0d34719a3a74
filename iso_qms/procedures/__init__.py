"""Documented information: procedures, revisions, approval, legal bases, reviews, announcements."""
