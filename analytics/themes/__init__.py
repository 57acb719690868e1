"""Themes of residents' comments: the taxonomy, the trained classifier, the suggestion rule and evaluation."""

from .classify import classify, classify_many, is_suggestion
from .taxonomy import THEMES, Theme, theme_name

__all__ = ["THEMES", "Theme", "classify", "classify_many", "is_suggestion", "theme_name"]
