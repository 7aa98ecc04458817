"""The embedded SQLite database holds under concurrent writers (issue 9, item 3)."""

import threading

from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from ducha.settings import database_settings


def test_twenty_concurrent_read_then_write_transactions_on_sqlite_all_succeed(tmp_path, django_db_blocker):
    """What a sign-in does: read the user, then write the session and last_login. Deferred
    transactions deadlock on upgrading their read lock; IMMEDIATE ones wait their turn."""
    config = database_settings(f"sqlite:///{tmp_path / 'busy.sqlite3'}")
    config.update({"TIME_ZONE": None, "CONN_MAX_AGE": 0, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False})
    django_db_blocker.unblock()
    setup = DatabaseWrapper(config, alias="setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()
    errors, start = [], threading.Barrier(20)

    def sign_in(n):
        # Django's connections are per thread: this thread's "busy" is its own connection.
        connection = connections["busy"] = DatabaseWrapper(config, alias="busy")
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic(using="busy"), connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [value + 1])
        except Exception as error:  # the test reports every failure, whatever its kind
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = DatabaseWrapper(config, alias="check")
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        assert cursor.fetchone()[0] == 100  # no lost update either
    check.close()
    django_db_blocker.restore()
