"""Intake API: the system of record for residents' feedback and messages."""
