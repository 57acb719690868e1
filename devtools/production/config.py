"""The production topology's settings, all from environment variables (embedded defaults untouched).

Every value has a default that fits this machine (PostgreSQL and Redis on loopback), except
the secrets: RASA_TOKEN, INTAKE_BOT_API_KEY, INTAKE_STAFF_API_KEY and INTAKE_API_KEY_PEPPER
come only from the environment. `missing_secrets()` names the ones not set; `make
run-production` then generates throw-away values for that one run and says so. Every secret
must pass the intake API's production rule (`intake_api.config.secret_problem`: at least 32
characters, 10 different ones, more than one kind), checked before anything starts.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS_FILE = REPO_ROOT / "endpoints.production.yml"
RASA_LOGGING = REPO_ROOT / "deploy" / "logging" / "rasa.yml"
UVICORN_LOGGING = REPO_ROOT / "deploy" / "logging" / "uvicorn.yml"
NGINX_TEMPLATE = REPO_ROOT / "deploy" / "nginx" / "innbyggerdialog.conf.template"

SECRET_NAMES = ("RASA_TOKEN", "INTAKE_BOT_API_KEY", "INTAKE_STAFF_API_KEY", "INTAKE_API_KEY_PEPPER")
DEV_SECRETS = {"dev-rasa-token", "dev-bot-key", "dev-staff-key"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    return int(env.get(name) or default)


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name)
    return default if value is None else value


@dataclass
class ProductionConfig:
    """Replica counts, ports, stores and secrets of one production set on this machine.

    Ports: nginx's public listener (INNBYGGER_PUBLIC_PORT, 8080) and, from INNBYGGER_PORT_BASE
    (18000): +0 Rasa's HTTP API across the replicas, +1 the action servers, +2 the intake API
    (internal listeners of nginx), +10.. the Rasa servers, +20.. the action servers, +30.. the APIs.
    """

    rasa_replicas: int = 2
    action_replicas: int = 2
    api_replicas: int = 2
    host: str = "127.0.0.1"
    public_port: int = 8080
    port_base: int = 18000
    workdir: Path = REPO_ROOT / "data" / "production"
    model: Path = REPO_ROOT / "models" / "innbygger.tar.gz"
    bot_venv: Path = REPO_ROOT / ".venv" / "bot"
    app_venv: Path = REPO_ROOT / ".venv" / "app"
    nginx: str = "/usr/sbin/nginx"
    endpoints_file: Path = ENDPOINTS_FILE  # bench/load_lock_race.py compares Rasa's stock lock store

    # Rasa's SQL tracker store (endpoints.production.yml) and the intake database.
    tracker_db_host: str = "127.0.0.1"
    tracker_db_port: int = 5432
    tracker_db_name: str = "innbygger_tracker"
    tracker_db_user: str = "postgres"
    tracker_db_password: str = ""
    intake_database_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/innbygger_intake"
    # Rasa's Redis lock store and the intake API's shared rate-limit counters.
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379
    redis_db: int = 1
    redis_password: str = ""
    lock_prefix: str = "innbygger"
    rate_limit_storage: str = ""  # default: the same Redis
    # A message waits at most this long for the one before it in the same conversation: a
    # replica that died holding the lock blocks its conversation no longer than this.
    ticket_lock_lifetime_s: int = 15
    sql_pool_size: int = 5
    sql_max_overflow: int = 10

    cors_origins: list[str] = field(default_factory=list)  # default: the public listener's origins
    chat_rate: str = "5r/s"  # per client address at nginx, REST and socket.io
    chat_burst: int = 20
    api_rate: str = "20r/s"
    api_burst: int = 50
    # The bot's key submits for every resident: its per-key limit must carry the whole service.
    intake_submit_limit: str = "1200/minute"

    secrets: dict[str, str] = field(default_factory=dict)
    debug_headers: bool = False  # X-Served-By: which replica answered (tests)
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> ProductionConfig:
        env = os.environ if env is None else env
        origins = env.get("INNBYGGER_CORS_ORIGINS", "").replace(",", " ").split()
        config = cls(
            rasa_replicas=_int(env, "INNBYGGER_RASA_REPLICAS", 2),
            action_replicas=_int(env, "INNBYGGER_ACTION_REPLICAS", 2),
            api_replicas=_int(env, "INNBYGGER_API_REPLICAS", 2),
            public_port=_int(env, "INNBYGGER_PUBLIC_PORT", 8080),
            port_base=_int(env, "INNBYGGER_PORT_BASE", 18000),
            workdir=Path(env.get("INNBYGGER_PRODUCTION_DIR") or REPO_ROOT / "data" / "production"),
            model=Path(env.get("RASA_MODEL") or REPO_ROOT / "models" / "innbygger.tar.gz"),
            nginx=env.get("NGINX") or "/usr/sbin/nginx",
            tracker_db_host=_str(env, "RASA_TRACKER_DB_HOST", "127.0.0.1"),
            tracker_db_port=_int(env, "RASA_TRACKER_DB_PORT", 5432),
            tracker_db_name=_str(env, "RASA_TRACKER_DB_NAME", "innbygger_tracker"),
            tracker_db_user=_str(env, "RASA_TRACKER_DB_USER", "postgres"),
            tracker_db_password=_str(env, "RASA_TRACKER_DB_PASSWORD", ""),
            intake_database_url=env.get("INTAKE_DATABASE_URL")
            or "postgresql+psycopg://postgres@127.0.0.1:5432/innbygger_intake",
            redis_host=_str(env, "RASA_LOCK_STORE_HOST", "127.0.0.1"),
            redis_port=_int(env, "RASA_LOCK_STORE_PORT", 6379),
            redis_db=_int(env, "RASA_LOCK_STORE_DB", 1),
            redis_password=_str(env, "RASA_LOCK_STORE_PASSWORD", ""),
            lock_prefix=_str(env, "RASA_LOCK_STORE_PREFIX", "innbygger"),
            rate_limit_storage=env.get("INTAKE_RATE_LIMIT_STORAGE", ""),
            ticket_lock_lifetime_s=_int(env, "TICKET_LOCK_LIFETIME", 15),
            sql_pool_size=_int(env, "SQL_POOL_SIZE", 5),
            sql_max_overflow=_int(env, "SQL_MAX_OVERFLOW", 10),
            cors_origins=origins,
            chat_rate=_str(env, "INNBYGGER_CHAT_RATE", "5r/s"),
            chat_burst=_int(env, "INNBYGGER_CHAT_BURST", 20),
            api_rate=_str(env, "INNBYGGER_API_RATE", "20r/s"),
            api_burst=_int(env, "INNBYGGER_API_BURST", 50),
            intake_submit_limit=_str(env, "INTAKE_RATE_LIMIT_SUBMIT", "1200/minute"),
            secrets={name: env[name] for name in SECRET_NAMES if env.get(name)},
        )
        for key, value in overrides.items():
            setattr(config, key, value)
        return config

    # -- derived ------------------------------------------------------------
    def validate(self) -> None:
        if min(self.rasa_replicas, self.action_replicas, self.api_replicas) < 1:
            raise ValueError("every replica count must be at least 1")
        if not self.lock_prefix.isalnum():
            raise ValueError("RASA_LOCK_STORE_PREFIX must be alphanumeric (Rasa ignores any other prefix)")
        if missing := self.missing_secrets():
            raise ValueError(f"secrets missing from the environment: {', '.join(missing)}")
        if weak := sorted(name for name, value in self.secrets.items() if value in DEV_SECRETS):
            raise ValueError(f"development values refused in production: {', '.join(weak)}")
        from intake_api.config import HOW_TO_MAKE_A_SECRET, secret_problem

        problems = [f"{name} {problem}" for name in SECRET_NAMES if (problem := secret_problem(self.secrets[name]))]
        if problems:
            raise ValueError(
                f"secrets too weak for production: {'; '.join(problems)} (make one with: {HOW_TO_MAKE_A_SECRET})"
            )

    def missing_secrets(self) -> list[str]:
        return [name for name in SECRET_NAMES if not self.secrets.get(name)]

    def generate_missing_secrets(self) -> list[str]:
        """Throw-away secrets for one run on this machine; returns the names generated."""
        from intake_api.config import secret_problem

        missing = self.missing_secrets()
        for name in missing:
            value = secrets.token_urlsafe(32)  # 43 characters; drawn again in the (vanishing) case it fails the rule
            while secret_problem(value) is not None:
                value = secrets.token_urlsafe(32)
            self.secrets[name] = value
        return missing

    @property
    def rasa_token(self) -> str:
        return self.secrets["RASA_TOKEN"]

    @property
    def staff_key(self) -> str:
        return self.secrets["INTAKE_STAFF_API_KEY"]

    @property
    def bot_key(self) -> str:
        return self.secrets["INTAKE_BOT_API_KEY"]

    @property
    def rasa_lb_port(self) -> int:
        return self.port_base

    @property
    def actions_lb_port(self) -> int:
        return self.port_base + 1

    @property
    def api_lb_port(self) -> int:
        return self.port_base + 2

    def rasa_ports(self) -> list[int]:
        return [self.port_base + 10 + i for i in range(self.rasa_replicas)]

    def action_ports(self) -> list[int]:
        return [self.port_base + 20 + i for i in range(self.action_replicas)]

    def api_ports(self) -> list[int]:
        return [self.port_base + 30 + i for i in range(self.api_replicas)]

    @property
    def public_url(self) -> str:
        return f"http://{self.host}:{self.public_port}"

    @property
    def rasa_api_url(self) -> str:
        """Rasa's HTTP API across the replicas (internal listener; needs the token)."""
        return f"http://{self.host}:{self.rasa_lb_port}"

    def origins(self) -> list[str]:
        return self.cors_origins or [f"http://localhost:{self.public_port}", f"http://127.0.0.1:{self.public_port}"]

    @property
    def log_dir(self) -> Path:
        return self.workdir / "logs"

    @property
    def run_dir(self) -> Path:
        return self.workdir / "run"

    def outbox_path(self, replica: int) -> Path:
        """Each action server keeps its own outbox file; delivery is idempotent by key."""
        return self.workdir / f"outbox-{replica}.db"

    def tracker_database_url(self) -> str:
        """The tracker store as one SQLAlchemy URL (the intake API deletes conversations there)."""
        password = f":{quote(self.tracker_db_password, safe='')}" if self.tracker_db_password else ""
        return (
            f"postgresql+psycopg://{quote(self.tracker_db_user, safe='')}{password}"
            f"@{self.tracker_db_host}:{self.tracker_db_port}/{self.tracker_db_name}"
        )

    def redis_url(self) -> str:
        password = f":{quote(self.redis_password, safe='')}@" if self.redis_password else ""
        return f"redis://{password}{self.redis_host}:{self.redis_port}/{self.redis_db}"

    def environment(self) -> dict[str, str]:
        """Everything the processes read: endpoints.production.yml's variables, the intake API's
        INTAKE_* settings, the action servers' intake client and the secrets."""
        env = dict(os.environ)
        env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "CUDA_VISIBLE_DEVICES": "",
                "PYTHONUNBUFFERED": "1",
                # The processes import devtools.production.log_redaction through their logging config.
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])),
                "FORCE_JSON_LOGGING": "1",
                "LOG_LEVEL": "INFO",
                # endpoints.production.yml
                "ACTION_ENDPOINT_URL": f"http://{self.host}:{self.actions_lb_port}/webhook",
                "RASA_TRACKER_DB_HOST": self.tracker_db_host,
                "RASA_TRACKER_DB_PORT": str(self.tracker_db_port),
                "RASA_TRACKER_DB_NAME": self.tracker_db_name,
                "RASA_TRACKER_DB_USER": self.tracker_db_user,
                "RASA_TRACKER_DB_PASSWORD": self.tracker_db_password,
                "RASA_LOCK_STORE_HOST": self.redis_host,
                "RASA_LOCK_STORE_PORT": str(self.redis_port),
                "RASA_LOCK_STORE_DB": str(self.redis_db),
                "RASA_LOCK_STORE_PASSWORD": self.redis_password,
                "RASA_LOCK_STORE_PREFIX": self.lock_prefix,
                "TICKET_LOCK_LIFETIME": str(self.ticket_lock_lifetime_s),
                "SQL_POOL_SIZE": str(self.sql_pool_size),
                "SQL_MAX_OVERFLOW": str(self.sql_max_overflow),
                "SANIC_WORKERS": "1",
                # the action servers: loopback only, one worker each, the intake API through nginx
                "SANIC_HOST": self.host,
                "ACTION_SERVER_SANIC_WORKERS": "1",
                "INTAKE_API_URL": f"http://{self.host}:{self.api_lb_port}",
                # the intake API
                "INTAKE_ENVIRONMENT": "production",
                "INTAKE_DATABASE_URL": self.intake_database_url,
                "INTAKE_TRACKER_DATABASE_URL": self.tracker_database_url(),
                "INTAKE_RATE_LIMIT_STORAGE": self.rate_limit_storage or self.redis_url(),
                "INTAKE_RATE_LIMIT_SUBMIT": self.intake_submit_limit,
                "INTAKE_RASA_PUBLIC_URL": self.public_url,
                "FORWARDED_ALLOW_IPS": self.host,
            }
        )
        env.update(self.secrets)
        env.update(self.extra_env)
        return env
