"""Production topology on one machine: PostgreSQL, Redis, several replicas behind nginx.

`make run-production` calls `python -m devtools.production run`; the production
tests and the load benchmarks use `ProductionStack` from `devtools.production.stack`.
`log_redaction` is imported by the Rasa and action-server processes (Python 3.10)
through their logging configuration, so this package imports nothing at import time.
"""
