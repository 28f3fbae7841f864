"""Fetching, reading and checking documents; CPU work runs in ``ProcessPool``."""
