"""Custom NLU components (Rasa 3.6 graph components) listed in config.yml."""
