from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attempt_result import AttemptResult
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.card_details import CardDetails
    from ..models.three_ds import ThreeDs


T = TypeVar("T", bound="PaymentAttemptRequest")


@_attrs_define
class PaymentAttemptRequest:
    """
    Attributes:
        amount (float):  Example: 12800.
        card (CardDetails): A card as requests send it. Give `number`, or `fingerprint` with its `provider` (and
            preferably `bin` and `last4`).
        currency (str):  Example: JPY.
        result (AttemptResult):
        account_id (None | str | Unset): The merchant's account id of the customer (stored only as a keyed fingerprint).
        attempted_at (datetime.datetime | None | Unset): When the attempt was made (default: now).
        card_brand (None | str | Unset): e.g. `visa`, `jcb`; otherwise from the BIN list or the number.
        decline_code (None | str | Unset): The acquirer's or issuer's decline code.
        device_id (None | str | Unset):
        ip (None | str | Unset):
        issuer_country (None | str | Unset): ISO alpha-2; otherwise from the BIN list.
        order_id (None | str | Unset): The merchant's order id.
        three_ds (None | ThreeDs | Unset):
    """

    amount: float
    card: CardDetails
    currency: str
    result: AttemptResult
    account_id: None | str | Unset = UNSET
    attempted_at: datetime.datetime | None | Unset = UNSET
    card_brand: None | str | Unset = UNSET
    decline_code: None | str | Unset = UNSET
    device_id: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    issuer_country: None | str | Unset = UNSET
    order_id: None | str | Unset = UNSET
    three_ds: None | ThreeDs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.three_ds import ThreeDs  # noqa: PLC0415

        amount = self.amount

        card = self.card.to_dict()

        currency = self.currency

        result = self.result.value

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        attempted_at: None | str | Unset
        if isinstance(self.attempted_at, Unset):
            attempted_at = UNSET
        elif isinstance(self.attempted_at, datetime.datetime):
            attempted_at = self.attempted_at.isoformat()
        else:
            attempted_at = self.attempted_at

        card_brand: None | str | Unset
        if isinstance(self.card_brand, Unset):
            card_brand = UNSET
        else:
            card_brand = self.card_brand

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

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        issuer_country: None | str | Unset
        if isinstance(self.issuer_country, Unset):
            issuer_country = UNSET
        else:
            issuer_country = self.issuer_country

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        else:
            order_id = self.order_id

        three_ds: dict[str, Any] | None | Unset
        if isinstance(self.three_ds, Unset):
            three_ds = UNSET
        elif isinstance(self.three_ds, ThreeDs):
            three_ds = self.three_ds.to_dict()
        else:
            three_ds = self.three_ds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "card": card,
                "currency": currency,
                "result": result,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if attempted_at is not UNSET:
            field_dict["attempted_at"] = attempted_at
        if card_brand is not UNSET:
            field_dict["card_brand"] = card_brand
        if decline_code is not UNSET:
            field_dict["decline_code"] = decline_code
        if device_id is not UNSET:
            field_dict["device_id"] = device_id
        if ip is not UNSET:
            field_dict["ip"] = ip
        if issuer_country is not UNSET:
            field_dict["issuer_country"] = issuer_country
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if three_ds is not UNSET:
            field_dict["three_ds"] = three_ds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_details import CardDetails  # noqa: PLC0415
        from ..models.three_ds import ThreeDs  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        card = CardDetails.from_dict(d.pop("card"))

        currency = d.pop("currency")

        result = AttemptResult(d.pop("result"))

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_attempted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attempted_at_type_0 = datetime.datetime.fromisoformat(data)

                return attempted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        attempted_at = _parse_attempted_at(d.pop("attempted_at", UNSET))

        def _parse_card_brand(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        card_brand = _parse_card_brand(d.pop("card_brand", UNSET))

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

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_issuer_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issuer_country = _parse_issuer_country(d.pop("issuer_country", UNSET))

        def _parse_order_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        def _parse_three_ds(data: object) -> None | ThreeDs | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                three_ds_type_0 = ThreeDs.from_dict(data)

                return three_ds_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ThreeDs | Unset, data)

        three_ds = _parse_three_ds(d.pop("three_ds", UNSET))

        payment_attempt_request = cls(
            amount=amount,
            card=card,
            currency=currency,
            result=result,
            account_id=account_id,
            attempted_at=attempted_at,
            card_brand=card_brand,
            decline_code=decline_code,
            device_id=device_id,
            ip=ip,
            issuer_country=issuer_country,
            order_id=order_id,
            three_ds=three_ds,
        )

        return payment_attempt_request
