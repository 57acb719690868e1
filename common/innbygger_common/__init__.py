"""Logic both runtimes need, written once.

Dependency-free apart from PyYAML so it installs into Rasa's Python 3.10
environment and the app's Python 3.11 environment alike.
"""
