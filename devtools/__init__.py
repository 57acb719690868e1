"""Developer tooling: start the whole service on one machine (make run, tests)."""
