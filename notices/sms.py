"""SMS backends. `settings.SMS_BACKEND` names a class with `send(phone, text)`; the one that ships
writes to the log, so that a deployment plugs in its carrier's gateway without touching callers."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("ducha.sms")


class LoggingSmsBackend:
    """Writes each message to the `ducha.sms` log with the phone number masked."""

    def send(self, phone: str, text: str) -> None:
        masked = phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
        logger.info("SMS to %s: %s", masked, text)


def get_backend():
    return import_string(getattr(settings, "SMS_BACKEND", "notices.sms.LoggingSmsBackend"))()
