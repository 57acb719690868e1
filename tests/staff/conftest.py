from tests.app_fixtures import database_url, engine, make_client, session  # noqa: F401  (fixtures)

from .helpers import client, staff_settings, users  # noqa: F401  (fixtures)
