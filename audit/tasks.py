"""Periodic work on the audit trail: seal new events every minute, verify the chain every hour."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from audit.chain import record_check, seal_events


@db_periodic_task(crontab(minute="*"))
@lock_task("audit-seal")
def seal_audit_trail():
    return seal_events()


@db_periodic_task(crontab(minute="7"))
@lock_task("audit-verify")
def verify_audit_trail():
    seal_events()
    return record_check().ok
