"""The sizes tui-reader refuses to go beyond, in one place (the README lists them).

They are far above anything a reader meets (a 50 MB article opens in under a
second; a Hypothesis export of 10,000 annotations is some 20 MB), and they are
there so that a file that is not what it claims to be (`/dev/zero`, a random
blob, a deliberately nested JSON file) is refused with a message instead of
filling the memory or the stack.
"""

from __future__ import annotations

MEGABYTE = 1024 * 1024

MAX_ARTICLE_BYTES = 256 * MEGABYTE
"""An article file (text or HTML), or standard input, larger than this is refused."""

MAX_IMPORT_BYTES = 256 * MEGABYTE
"""An annotation file to import larger than this is refused."""

MAX_JSON_DEPTH = 64
"""Nesting of arrays and objects allowed in an imported JSON file (W3C needs about 8)."""

MAX_OFFSET = MAX_ARTICLE_BYTES
"""No offset into an article can be larger: a character takes at least one byte."""
