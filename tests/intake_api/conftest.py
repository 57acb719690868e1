from tests.app_fixtures import client, database_url, engine, make_client, session  # noqa: F401  (fixtures)
