"""Themes of residents' comments: the taxonomy, the rule-based classifier and its evaluation."""

from .classify import classify, classify_many, is_suggestion
from .taxonomy import THEMES, Theme, theme_name

__all__ = ["THEMES", "Theme", "classify", "classify_many", "is_suggestion", "theme_name"]
