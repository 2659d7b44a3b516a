"""The production front: ``deploy/nginx/forcelaw.conf`` with its placeholders filled in.

``python -m forcelaw.deploy SITE_ROOT UPSTREAM LISTEN`` prints the configuration, e.g.
``python -m forcelaw.deploy /srv/forcelaw/site/1.0.0 127.0.0.1:8000 80``, ``SITE_ROOT`` being a
folder ``forcelaw export-site SITE_ROOT --root-links`` wrote from the release.
"""

from __future__ import annotations

import grp
import os
import pwd
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "forcelaw.conf"


def nginx_config(
    site_root: Path | str, upstream: str, listen: str, template: Path = TEMPLATE
) -> str:
    """The nginx ``http``-context configuration serving ``site_root`` in front of ``upstream``.

    ``site_root`` is a release's static rendering as files (``export_site`` with
    ``root_links``; made absolute), ``upstream`` the
    ``host:port`` of ``forcelaw serve``, ``listen`` the argument of nginx's ``listen``
    (``80``, ``127.0.0.1:8080``).
    """
    root = Path(site_root).resolve()
    for name, value in (("site_root", str(root)), ("upstream", upstream), ("listen", listen)):
        if not value or any(c in value for c in ";{}\"'\n\r\t ") or "@" in value:
            raise ValueError(f"{name}: {value!r} cannot go into an nginx configuration")
    try:
        text = template.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileNotFoundError(f"{template}: the nginx template is missing ({exc})") from None
    text = (
        text.replace("@SITE_ROOT@", str(root))
        .replace("@UPSTREAM@", upstream)
        .replace("@LISTEN@", listen)
    )
    return text


def unprivileged_config(
    prefix: Path,
    site_root: Path | str,
    upstream: str,
    listen: str,
    worker_processes: int | str = "auto",
) -> str:
    """A whole ``nginx.conf`` for a foreground nginx under ``prefix``, run by the current user.

    It includes :func:`nginx_config` (written to ``prefix/forcelaw.conf``) and keeps the pid,
    logs and temp paths under ``prefix`` (created here), so nginx runs without root or
    ``/etc/nginx``: ``nginx -p PREFIX -c PREFIX/nginx.conf -e PREFIX/error.log``. For tests and
    the benchmark on loopback; a real deployment uses the distribution's ``nginx.conf``, whose
    settings that bear on speed this repeats (Debian's: a worker per core, 768 connections each,
    ``sendfile``, ``tcp_nopush``), so the benchmark measures the front as deployed.
    """
    prefix = Path(prefix).resolve()
    (prefix / "forcelaw.conf").write_text(
        nginx_config(site_root, upstream, listen), encoding="utf-8"
    )
    # Run as root, nginx's workers would be `nobody` and could not read a private tmp dir.
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    temp = {name: prefix / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    return f"""
user {user} {group};
daemon off;
master_process on;
worker_processes {worker_processes};
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} info;
events {{ worker_connections 768; }}
http {{
    sendfile on;
    tcp_nopush on;
    access_log {prefix / "access.log"};
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {prefix / "forcelaw.conf"};
}}
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python -m forcelaw.deploy SITE_ROOT UPSTREAM LISTEN", file=sys.stderr)
        return 2
    sys.stdout.write(nginx_config(args[0], args[1], args[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
