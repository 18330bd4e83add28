from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.masked_identifiers import MaskedIdentifiers


T = TypeVar("T", bound="FraudReportView")


@_attrs_define
class FraudReportView:
    """
    Attributes:
        amount_minor (int): The amount in the currency's minor unit (yen, cents).
        category (str):
        currency (str):
        id (UUID):
        identifiers (MaskedIdentifiers): What a tenant sees of the identifiers it reported.
        livemode (bool): `false` for a test key's report: kept out of the consortium, seen only by the
            tenant's own test lookups (docs/TESTING.md).
        occurred_at (datetime.datetime):
        reported_at (datetime.datetime):
        source (str): `api`, `import` or `outcome`.
        order_id (None | str | Unset):
        retracted_at (datetime.datetime | None | Unset):
    """

    amount_minor: int
    category: str
    currency: str
    id: UUID
    identifiers: MaskedIdentifiers
    livemode: bool
    occurred_at: datetime.datetime
    reported_at: datetime.datetime
    source: str
    order_id: None | str | Unset = UNSET
    retracted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        category = self.category

        currency = self.currency

        id = str(self.id)

        identifiers = self.identifiers.to_dict()

        livemode = self.livemode

        occurred_at = self.occurred_at.isoformat()

        reported_at = self.reported_at.isoformat()

        source = self.source

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        retracted_at: None | str | Unset
        if isinstance(self.retracted_at, Unset):
            retracted_at = UNSET
        elif isinstance(self.retracted_at, datetime.datetime):
            retracted_at = self.retracted_at.isoformat()
        else:
            retracted_at = self.retracted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "category": category,
                "currency": currency,
                "id": id,
                "identifiers": identifiers,
                "livemode": livemode,
                "occurred_at": occurred_at,
                "reported_at": reported_at,
                "source": source,
            }
        )
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if retracted_at is not UNSET:
            field_dict["retracted_at"] = retracted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.masked_identifiers import MaskedIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        category = d.pop("category")

        currency = d.pop("currency")

        id = UUID(d.pop("id"))

        identifiers = MaskedIdentifiers.from_dict(d.pop("identifiers"))

        livemode = d.pop("livemode")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))

        source = d.pop("source")

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_retracted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                retracted_at_type_0 = datetime.datetime.fromisoformat(data)

                return retracted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        retracted_at = _parse_retracted_at(d.pop("retracted_at", UNSET))

        fraud_report_view = cls(
            amount_minor=amount_minor,
            category=category,
            currency=currency,
            id=id,
            identifiers=identifiers,
            livemode=livemode,
            occurred_at=occurred_at,
            reported_at=reported_at,
            source=source,
            order_id=order_id,
            retracted_at=retracted_at,
        )

        fraud_report_view.additional_properties = d
        return fraud_report_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
