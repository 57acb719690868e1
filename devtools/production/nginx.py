"""nginx's configuration for the production topology, from deploy/nginx/innbyggerdialog.conf.template.

`python -m devtools.production render-nginx` prints the configuration for this machine;
`--compose` prints the one deploy/compose/nginx.conf holds (service names instead of ports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import NGINX_TEMPLATE, ProductionConfig


@dataclass
class NginxLayout:
    """Where nginx listens, the servers behind each upstream, and the edge rules."""

    rasa: list[str]
    actions: list[str]
    api: list[str]
    public_listen: str
    rasa_listen: str
    actions_listen: str
    api_listen: str
    main: list[str]
    access_log: str
    origins: list[str] = field(default_factory=list)
    chat_rate: str = "5r/s"
    chat_burst: int = 20
    api_rate: str = "20r/s"
    api_burst: int = 50
    debug_headers: bool = False


def layout_for(config: ProductionConfig) -> NginxLayout:
    """This machine: loopback ports, files under the production work folder, nginx in the foreground."""
    h = config.host
    return NginxLayout(
        rasa=[f"{h}:{p}" for p in config.rasa_ports()],
        actions=[f"{h}:{p}" for p in config.action_ports()],
        api=[f"{h}:{p}" for p in config.api_ports()],
        public_listen=f"{h}:{config.public_port}",
        rasa_listen=f"{h}:{config.rasa_lb_port}",
        actions_listen=f"{h}:{config.actions_lb_port}",
        api_listen=f"{h}:{config.api_lb_port}",
        main=[
            "daemon off;",
            "worker_processes 1;",
            f"pid {config.run_dir / 'nginx.pid'};",
            f"error_log {config.log_dir / 'nginx-error.log'} warn;",
        ],
        access_log=str(config.log_dir / "nginx-access.log"),
        origins=config.origins(),
        chat_rate=config.chat_rate,
        chat_burst=config.chat_burst,
        api_rate=config.api_rate,
        api_burst=config.api_burst,
        debug_headers=config.debug_headers,
    )


def compose_layout(rasa_replicas: int = 2, action_replicas: int = 2, api_replicas: int = 2) -> NginxLayout:
    """The container topology of deploy/compose/compose.yaml (service names, standard ports)."""
    return NginxLayout(
        rasa=[f"rasa-{i}:5005" for i in range(1, rasa_replicas + 1)],
        actions=[f"actions-{i}:5055" for i in range(1, action_replicas + 1)],
        api=[f"api-{i}:8000" for i in range(1, api_replicas + 1)],
        public_listen="80",
        rasa_listen="5005",
        actions_listen="5055",
        api_listen="8000",
        main=["worker_processes auto;", "error_log /dev/stderr warn;"],
        access_log="/dev/stdout",
        origins=["https://www.skaun.kommune.no"],
    )


def _servers(addresses: list[str], extra: str = "") -> str:
    return "\n".join(f"        server {a} max_fails=1 fail_timeout=5s{extra};" for a in addresses)


def render(layout: NginxLayout, template: Path = NGINX_TEMPLATE) -> str:
    debug = "            add_header X-Served-By $upstream_addr always;" if layout.debug_headers else ""
    origins = "\n".join(f'        "{o}" 1;' for o in layout.origins)
    values = {
        "MAIN": "\n".join(layout.main),
        "ACCESS_LOG": layout.access_log,
        "CHAT_RATE": layout.chat_rate,
        "CHAT_BURST": str(layout.chat_burst),
        "API_RATE": layout.api_rate,
        "API_BURST": str(layout.api_burst),
        "ORIGINS": origins,
        "RASA_SERVERS": _servers(layout.rasa),
        "ACTION_SERVERS": _servers(layout.actions),
        "API_SERVERS": _servers(layout.api),
        "PUBLIC_LISTEN": layout.public_listen,
        "RASA_LISTEN": layout.rasa_listen,
        "ACTIONS_LISTEN": layout.actions_listen,
        "API_LISTEN": layout.api_listen,
        "DEBUG_HEADER": debug,
    }
    text = template.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ValueError(f"unfilled placeholder in {template}")
    return text
