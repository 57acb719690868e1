"""Analytics: feedback grouped by sector, unit and period for the kommune's quality cycle.

The public API for the CLI, the staff API and the staff pages. Builders return frozen
dataclasses (small groups already suppressed); render functions turn them into HTML strings
or PDF bytes. Every builder takes a SQLAlchemy Engine or Connection on the intake database
and only reads.

    from analytics import parse_period, build_dialogue_pack, render_pack_html, html_to_pdf
    pack = build_dialogue_pack(engine, "omsorg", parse_period("2026-T2"))
    html = render_pack_html(pack); pdf = html_to_pdf(html)
"""

from .botstats import BotFigures, CountedText, TopicRating, bot_figures
from .config import AnalyticsSettings, item_url
from .config import get_settings as get_analytics_settings
from .data import UnitInfo, is_demo_database, load_feedback, load_units
from .digest import DigestGroup, DigestItem, UnitDigest, build_unit_digest
from .figures import Comparison, GroupFigures, SectorFigures, ThemeCount, figures_from_frame, sector_figures
from .learning import Improvement, RecurringTheme, improved_units, recurring_themes
from .mail import Delivery, deliver, digest_message
from .overview import Learning, figures_for_period, learning_for_period
from .pack import DialoguePack, Quote, SuggestionGroup, build_dialogue_pack
from .periods import Period, current_period, parse_period, period_containing
from .render import html_to_pdf, render_digest_html, render_digest_text, render_pack_html, render_summary_html
from .summary import RadmannSummary, SectorPage, build_radmann_summary
from .suppression import MIN_RESPONSES
from .themes import THEMES, Theme, classify, is_suggestion, theme_name
from .trend import MonthPoint

__all__ = [
    "MIN_RESPONSES",
    "THEMES",
    "AnalyticsSettings",
    "BotFigures",
    "Comparison",
    "CountedText",
    "Delivery",
    "DialoguePack",
    "DigestGroup",
    "DigestItem",
    "GroupFigures",
    "Improvement",
    "Learning",
    "MonthPoint",
    "Period",
    "Quote",
    "RadmannSummary",
    "RecurringTheme",
    "SectorFigures",
    "SectorPage",
    "SuggestionGroup",
    "Theme",
    "ThemeCount",
    "TopicRating",
    "UnitDigest",
    "UnitInfo",
    "bot_figures",
    "build_dialogue_pack",
    "build_radmann_summary",
    "build_unit_digest",
    "classify",
    "current_period",
    "deliver",
    "digest_message",
    "figures_for_period",
    "figures_from_frame",
    "get_analytics_settings",
    "html_to_pdf",
    "improved_units",
    "is_demo_database",
    "is_suggestion",
    "item_url",
    "learning_for_period",
    "load_feedback",
    "load_units",
    "parse_period",
    "period_containing",
    "recurring_themes",
    "render_digest_html",
    "render_digest_text",
    "render_pack_html",
    "render_summary_html",
    "sector_figures",
    "theme_name",
]
