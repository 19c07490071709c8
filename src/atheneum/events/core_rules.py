"""Rules; see rules.py."""
