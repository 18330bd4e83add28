from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_attempt_view_reasons_item import PaymentAttemptViewReasonsItem


T = TypeVar("T", bound="PaymentAttemptView")


@_attrs_define
class PaymentAttemptView:
    """
    Attributes:
        amount_minor (int):
        attempted_at (datetime.datetime):
        currency (str):
        decision (str):
        id (UUID):
        reasons (list[PaymentAttemptViewReasonsItem]):
        result (str): approved | declined
        score (int):
        bin_ (None | str | Unset):
        brand (None | str | Unset):
        decline_code (None | str | Unset):
        device_id (None | str | Unset):
        ip_network (None | str | Unset): The client's network (IPv4 /24, IPv6 /64).
        issuer_country (None | str | Unset):
        last4 (None | str | Unset):
        order_id (None | str | Unset): The merchant's order id, when sent.
        three_ds_status (None | str | Unset):
    """

    amount_minor: int
    attempted_at: datetime.datetime
    currency: str
    decision: str
    id: UUID
    reasons: list[PaymentAttemptViewReasonsItem]
    result: str
    score: int
    bin_: None | str | Unset = UNSET
    brand: None | str | Unset = UNSET
    decline_code: None | str | Unset = UNSET
    device_id: None | str | Unset = UNSET
    ip_network: None | str | Unset = UNSET
    issuer_country: None | str | Unset = UNSET
    last4: None | str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    three_ds_status: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        attempted_at = self.attempted_at.isoformat()

        currency = self.currency

        decision = self.decision

        id = str(self.id)

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        result = self.result

        score = self.score

        bin_: None | str | Unset
        if isinstance(self.bin_, Unset):
            bin_ = UNSET
        else:
            bin_ = self.bin_

        brand: None | str | Unset
        if isinstance(self.brand, Unset):
            brand = UNSET
        else:
            brand = self.brand

        decline_code: None | str | Unset
        if isinstance(self.decline_code, Unset):
            decline_code = UNSET
        else:
            decline_code = self.decline_code

        device_id: None | str | Unset
        if isinstance(self.device_id, Unset):
            device_id = UNSET
        else:
            device_id = self.device_id

        ip_network: None | str | Unset
        if isinstance(self.ip_network, Unset):
            ip_network = UNSET
        else:
            ip_network = self.ip_network

        issuer_country: None | str | Unset
        if isinstance(self.issuer_country, Unset):
            issuer_country = UNSET
        else:
            issuer_country = self.issuer_country

        last4: None | str | Unset
        if isinstance(self.last4, Unset):
            last4 = UNSET
        else:
            last4 = self.last4

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        three_ds_status: None | str | Unset
        if isinstance(self.three_ds_status, Unset):
            three_ds_status = UNSET
        else:
            three_ds_status = self.three_ds_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "attempted_at": attempted_at,
                "currency": currency,
                "decision": decision,
                "id": id,
                "reasons": reasons,
                "result": result,
                "score": score,
            }
        )
        if bin_ is not UNSET:
            field_dict["bin"] = bin_
        if brand is not UNSET:
            field_dict["brand"] = brand
        if decline_code is not UNSET:
            field_dict["decline_code"] = decline_code
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if ip_network is not UNSET:
            field_dict["ip_network"] = ip_network
        if issuer_country is not UNSET:
            field_dict["issuer_country"] = issuer_country
        if last4 is not UNSET:
            field_dict["last4"] = last4
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if three_ds_status is not UNSET:
            field_dict["three_ds_status"] = three_ds_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_attempt_view_reasons_item import PaymentAttemptViewReasonsItem  # noqa: PLC0415

        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        attempted_at = datetime.datetime.fromisoformat(d.pop("attempted_at"))

        currency = d.pop("currency")

        decision = d.pop("decision")

        id = UUID(d.pop("id"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = PaymentAttemptViewReasonsItem.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        result = d.pop("result")

        score = d.pop("score")

        def _parse_bin_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bin_ = _parse_bin_(d.pop("bin", UNSET))

        def _parse_brand(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        brand = _parse_brand(d.pop("brand", UNSET))

        def _parse_decline_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decline_code = _parse_decline_code(d.pop("decline_code", UNSET))

        def _parse_device_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_id = _parse_device_id(d.pop("device_id", UNSET))

        def _parse_ip_network(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip_network = _parse_ip_network(d.pop("ip_network", UNSET))

        def _parse_issuer_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issuer_country = _parse_issuer_country(d.pop("issuer_country", UNSET))

        def _parse_last4(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last4 = _parse_last4(d.pop("last4", UNSET))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_three_ds_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        three_ds_status = _parse_three_ds_status(d.pop("three_ds_status", UNSET))

        payment_attempt_view = cls(
            amount_minor=amount_minor,
            attempted_at=attempted_at,
            currency=currency,
            decision=decision,
            id=id,
            reasons=reasons,
            result=result,
            score=score,
            bin_=bin_,
            brand=brand,
            decline_code=decline_code,
            device_id=device_id,
            ip_network=ip_network,
            issuer_country=issuer_country,
            last4=last4,
            order_id=order_id,
            three_ds_status=three_ds_status,
        )

        payment_attempt_view.additional_properties = d
        return payment_attempt_view

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
