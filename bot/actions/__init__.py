"""Custom actions for the Rasa bot (rasa-sdk 3.6), one module per job.

The action server imports every submodule of this package. Actions reach the
intake API over HTTP only (intake_client), never by importing intake_api.
"""
