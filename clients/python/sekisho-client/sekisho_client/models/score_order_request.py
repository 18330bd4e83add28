from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.card_details import CardDetails
    from ..models.customer import Customer
    from ..models.device import Device
    from ..models.item import Item
    from ..models.three_ds import ThreeDs


T = TypeVar("T", bound="ScoreOrderRequest")


@_attrs_define
class ScoreOrderRequest:
    """
    Attributes:
        amount (float):  Example: 12800.
        currency (str):  Example: JPY.
        order_id (str): The merchant's order id; scoring it again re-scores the same order.
        payment_method (str): `card`, `deferred` (後払い), `bank_transfer`, `convenience_store`, `cod`, `carrier`,
            `wallet`, `other`.
        billing_address (Address | None | Unset):
        card (CardDetails | None | Unset):
        customer (Customer | Unset):
        device (Device | Unset):
        items (list[Item] | Unset):
        ordered_at (datetime.datetime | None | Unset): When the order was placed (default: now).
        shipping_address (Address | None | Unset):
        three_ds (None | ThreeDs | Unset):
    """

    amount: float
    currency: str
    order_id: str
    payment_method: str
    billing_address: Address | None | Unset = UNSET
    card: CardDetails | None | Unset = UNSET
    customer: Customer | Unset = UNSET
    device: Device | Unset = UNSET
    items: list[Item] | Unset = UNSET
    ordered_at: datetime.datetime | None | Unset = UNSET
    shipping_address: Address | None | Unset = UNSET
    three_ds: None | ThreeDs | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.card_details import CardDetails  # noqa: PLC0415
        from ..models.three_ds import ThreeDs  # noqa: PLC0415

        amount = self.amount

        currency = self.currency

        order_id = self.order_id

        payment_method = self.payment_method

        billing_address: dict[str, Any] | None | Unset
        if isinstance(self.billing_address, Unset):
            billing_address = UNSET
        elif isinstance(self.billing_address, Address):
            billing_address = self.billing_address.to_dict()
        else:
            billing_address = self.billing_address

        card: dict[str, Any] | None | Unset
        if isinstance(self.card, Unset):
            card = UNSET
        elif isinstance(self.card, CardDetails):
            card = self.card.to_dict()
        else:
            card = self.card

        customer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.customer, Unset):
            customer = self.customer.to_dict()

        device: dict[str, Any] | Unset = UNSET
        if not isinstance(self.device, Unset):
            device = self.device.to_dict()

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)

        ordered_at: None | str | Unset
        if isinstance(self.ordered_at, Unset):
            ordered_at = UNSET
        elif isinstance(self.ordered_at, datetime.datetime):
            ordered_at = self.ordered_at.isoformat()
        else:
            ordered_at = self.ordered_at

        shipping_address: dict[str, Any] | None | Unset
        if isinstance(self.shipping_address, Unset):
            shipping_address = UNSET
        elif isinstance(self.shipping_address, Address):
            shipping_address = self.shipping_address.to_dict()
        else:
            shipping_address = self.shipping_address

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
                "currency": currency,
                "order_id": order_id,
                "payment_method": payment_method,
            }
        )
        if billing_address is not UNSET:
            field_dict["billing_address"] = billing_address
        if card is not UNSET:
            field_dict["card"] = card
        if customer is not UNSET:
            field_dict["customer"] = customer
        if device is not UNSET:
            field_dict["device"] = device
        if items is not UNSET:
            field_dict["items"] = items
        if ordered_at is not UNSET:
            field_dict["ordered_at"] = ordered_at
        if shipping_address is not UNSET:
            field_dict["shipping_address"] = shipping_address
        if three_ds is not UNSET:
            field_dict["three_ds"] = three_ds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.card_details import CardDetails  # noqa: PLC0415
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.device import Device  # noqa: PLC0415
        from ..models.item import Item  # noqa: PLC0415
        from ..models.three_ds import ThreeDs  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        order_id = d.pop("order_id")

        payment_method = d.pop("payment_method")

        def _parse_billing_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_address_type_0 = Address.from_dict(data)

                return billing_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        billing_address = _parse_billing_address(d.pop("billing_address", UNSET))

        def _parse_card(data: object) -> CardDetails | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                card_type_0 = CardDetails.from_dict(data)

                return card_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardDetails | None | Unset, data)

        card = _parse_card(d.pop("card", UNSET))

        _customer = d.pop("customer", UNSET)
        customer: Customer | Unset
        if isinstance(_customer, Unset):
            customer = UNSET
        else:
            customer = Customer.from_dict(_customer)

        _device = d.pop("device", UNSET)
        device: Device | Unset
        if isinstance(_device, Unset):
            device = UNSET
        else:
            device = Device.from_dict(_device)

        _items = d.pop("items", UNSET)
        items: list[Item] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = Item.from_dict(items_item_data)

                items.append(items_item)

        def _parse_ordered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ordered_at_type_0 = datetime.datetime.fromisoformat(data)

                return ordered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ordered_at = _parse_ordered_at(d.pop("ordered_at", UNSET))

        def _parse_shipping_address(data: object) -> Address | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_address_type_0 = Address.from_dict(data)

                return shipping_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None | Unset, data)

        shipping_address = _parse_shipping_address(d.pop("shipping_address", UNSET))

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

        score_order_request = cls(
            amount=amount,
            currency=currency,
            order_id=order_id,
            payment_method=payment_method,
            billing_address=billing_address,
            card=card,
            customer=customer,
            device=device,
            items=items,
            ordered_at=ordered_at,
            shipping_address=shipping_address,
            three_ds=three_ds,
        )

        return score_order_request
