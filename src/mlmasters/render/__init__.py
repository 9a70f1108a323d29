"""What the web pages and the report both render with, below both of them.

``templates`` (the Jinja environment over ``web/templates`` with the money, percent and
plain-words filters), ``charts`` (the Vega-Lite specs), ``plain`` and ``words`` (plain words
for what a person reads), ``risks`` (the disadvantages in the person's own figures). It may
import the service's results and the shared lower pieces, never ``web`` or ``report``
(docs/architecture.md).
"""
