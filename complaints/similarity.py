"""Text similarity for duplicate suggestions: pg_trgm on PostgreSQL, the same measure on SQLite.

pg_trgm splits text into words (runs of letters and digits — a Chinese sentence between punctuation
is one word), pads each with two spaces in front and one behind, and compares the sets of
three-character pieces: |A ∩ B| / |A ∪ B|. `trigram_similarity` computes exactly that in Python and
is registered on every SQLite connection as `similarity`, so one query serves both databases.
"""

import re

from django.db.backends.signals import connection_created

WORD = re.compile(r"\w+")


def trigrams(text: str) -> set[str]:
    grams = set()
    for word in WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("similarity", 2, trigram_similarity, deterministic=True)


def connect():
    connection_created.connect(register_sqlite_function, dispatch_uid="ducha_sqlite_similarity")
