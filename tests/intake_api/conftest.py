from tests.app_fixtures import client, database_url, engine  # noqa: F401  (fixtures)
