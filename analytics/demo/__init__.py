"""Demo data: a realistic, clearly marked example database so a new user sees full reports at once."""

from .generate import DemoResult, generate_demo

__all__ = ["DemoResult", "generate_demo"]
