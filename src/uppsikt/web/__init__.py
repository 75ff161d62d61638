"""The web application (Django): every nämnd writes its report in the browser, KS oversees.

Only this package and the ``serve`` command import Django; the core never imports the web
layer (tests/web/test_core_independent.py checks it). See docs/web.md.
"""
