"""The WSGI application (served by waitress in `uppsikt serve`, or any WSGI server)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.web.settings")
application = get_wsgi_application()
