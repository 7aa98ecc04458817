"""Loop C's accountability: the records (records.py) and the discipline group's oversight around them
(oversight.py): urge letters, supervision requests, transfers of clues and publication rules."""

from accountability.models.oversight import (
    ClueTransfer,
    PublicationRule,
    ReceiverKind,
    RequestKind,
    SupervisionRequest,
    TransferStatus,
    Urge,
    UrgeStatus,
)
from accountability.models.records import (
    AuditStatus,
    CadreLevel,
    FormOfAccountability,
    Record,
    RecordQuerySet,
    RecordStatus,
    SourceKind,
    form_names,
)

__all__ = [
    "AuditStatus",
    "CadreLevel",
    "ClueTransfer",
    "FormOfAccountability",
    "PublicationRule",
    "ReceiverKind",
    "Record",
    "RecordQuerySet",
    "RecordStatus",
    "RequestKind",
    "SourceKind",
    "SupervisionRequest",
    "TransferStatus",
    "Urge",
    "UrgeStatus",
    "form_names",
]
