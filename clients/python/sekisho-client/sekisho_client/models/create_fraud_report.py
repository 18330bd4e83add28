from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.fraud_category import FraudCategory
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.raw_identifiers import RawIdentifiers


T = TypeVar("T", bound="CreateFraudReport")


@_attrs_define
class CreateFraudReport:
    """
    Attributes:
        amount (float): The amount lost, in the currency's usual notation (`12800` yen, `49.99` dollars). Example:
            12800.
        category (FraudCategory):
        currency (str): ISO 4217 code. Example: JPY.
        identifiers (RawIdentifiers): Identifiers as received, every one optional.
        occurred_at (datetime.datetime):
        order_id (None | str | Unset): The merchant's order id, if the fraud concerned one.
    """

    amount: float
    category: FraudCategory
    currency: str
    identifiers: RawIdentifiers
    occurred_at: datetime.datetime
    order_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        category = self.category.value

        currency = self.currency

        identifiers = self.identifiers.to_dict()

        occurred_at = self.occurred_at.isoformat()

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "category": category,
                "currency": currency,
                "identifiers": identifiers,
                "occurred_at": occurred_at,
            }
        )
        if order_id is not UNSET:
            field_dict["order_id"] = order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.raw_identifiers import RawIdentifiers  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        category = FraudCategory(d.pop("category"))

        currency = d.pop("currency")

        identifiers = RawIdentifiers.from_dict(d.pop("identifiers"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        create_fraud_report = cls(
            amount=amount,
            category=category,
            currency=currency,
            identifiers=identifiers,
            occurred_at=occurred_at,
            order_id=order_id,
        )

        return create_fraud_report
