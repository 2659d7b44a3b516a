"""The production front: ``deploy/nginx/forcelaw.conf`` with its placeholders filled in.

``python -m forcelaw.deploy SITE_ROOT UPSTREAM LISTEN`` prints the configuration, e.g.
``python -m forcelaw.deploy /srv/forcelaw/dist/releases/1.0.0/site 127.0.0.1:8000 80``.
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "forcelaw.conf"


def nginx_config(
    site_root: Path | str, upstream: str, listen: str, template: Path = TEMPLATE
) -> str:
    """The nginx ``http``-context configuration serving ``site_root`` in front of ``upstream``.

    ``site_root`` is a release's ``site/`` folder (made absolute), ``upstream`` the
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python -m forcelaw.deploy SITE_ROOT UPSTREAM LISTEN", file=sys.stderr)
        return 2
    sys.stdout.write(nginx_config(args[0], args[1], args[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
