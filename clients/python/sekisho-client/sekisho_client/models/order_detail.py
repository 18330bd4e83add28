from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_decision import OrderDecision
from ..models.three_ds_recommendation import ThreeDsRecommendation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_record import CustomerRecord
    from ..models.order_detail_signals import OrderDetailSignals
    from ..models.order_event_view import OrderEventView
    from ..models.order_view_summary import OrderViewSummary
    from ..models.reason import Reason
    from ..models.rule_hit import RuleHit


T = TypeVar("T", bound="OrderDetail")


@_attrs_define
class OrderDetail:
    """
    Attributes:
        decision (OrderDecision): The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
        livemode (bool): `false` for an order scored with a test key (docs/TESTING.md).
        merchant_order_id (str): The merchant's order id.
        order_id (UUID): Sekisho's id of the order.
        policy_version (int): The policy version that decided.
        reasons (list[Reason]): Why, strongest first.
        score (int): 0–100.
        scored_at (datetime.datetime):
        shadow_rules (list[RuleHit]): Passive (shadow) rules that matched: recorded, not applied.
        three_ds (ThreeDsRecommendation):
        amount_minor (int):
        currency (str):
        ordered_at (datetime.datetime):
        payment_method (str):
        status (str): accepted | in_review | held | rejected
        summary (OrderViewSummary): Masked identifiers and items.
        times_scored (int):
        customer_access (str): unmasked | masked | none: what this caller may see of the customer.
        events (list[OrderEventView]):
        signals (OrderDetailSignals): The signals the decision was made from (rules and backtests read these).
        account_id (None | str | Unset):
        authorization_result (None | str | Unset):
        chargeback_at (datetime.datetime | None | Unset):
        delivered_at (datetime.datetime | None | Unset):
        refunded_at (datetime.datetime | None | Unset):
        review_decision (None | str | Unset):
        review_note (None | str | Unset):
        reviewed_at (datetime.datetime | None | Unset):
        reviewed_by (None | str | Unset):
        customer (CustomerRecord | None | Unset):
    """

    decision: OrderDecision
    livemode: bool
    merchant_order_id: str
    order_id: UUID
    policy_version: int
    reasons: list[Reason]
    score: int
    scored_at: datetime.datetime
    shadow_rules: list[RuleHit]
    three_ds: ThreeDsRecommendation
    amount_minor: int
    currency: str
    ordered_at: datetime.datetime
    payment_method: str
    status: str
    summary: OrderViewSummary
    times_scored: int
    customer_access: str
    events: list[OrderEventView]
    signals: OrderDetailSignals
    account_id: None | str | Unset = UNSET
    authorization_result: None | str | Unset = UNSET
    chargeback_at: datetime.datetime | None | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    refunded_at: datetime.datetime | None | Unset = UNSET
    review_decision: None | str | Unset = UNSET
    review_note: None | str | Unset = UNSET
    reviewed_at: datetime.datetime | None | Unset = UNSET
    reviewed_by: None | str | Unset = UNSET
    customer: CustomerRecord | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_record import CustomerRecord  # noqa: PLC0415

        decision = self.decision.value

        livemode = self.livemode

        merchant_order_id = self.merchant_order_id

        order_id = str(self.order_id)

        policy_version = self.policy_version

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        score = self.score

        scored_at = self.scored_at.isoformat()

        shadow_rules = []
        for shadow_rules_item_data in self.shadow_rules:
            shadow_rules_item = shadow_rules_item_data.to_dict()
            shadow_rules.append(shadow_rules_item)

        three_ds = self.three_ds.value

        amount_minor = self.amount_minor

        currency = self.currency

        ordered_at = self.ordered_at.isoformat()

        payment_method = self.payment_method

        status = self.status

        summary = self.summary.to_dict()

        times_scored = self.times_scored

        customer_access = self.customer_access

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        signals = self.signals.to_dict()

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        authorization_result: None | str | Unset
        if isinstance(self.authorization_result, Unset):
            authorization_result = UNSET
        else:
            authorization_result = self.authorization_result

        chargeback_at: None | str | Unset
        if isinstance(self.chargeback_at, Unset):
            chargeback_at = UNSET
        elif isinstance(self.chargeback_at, datetime.datetime):
            chargeback_at = self.chargeback_at.isoformat()
        else:
            chargeback_at = self.chargeback_at

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        refunded_at: None | str | Unset
        if isinstance(self.refunded_at, Unset):
            refunded_at = UNSET
        elif isinstance(self.refunded_at, datetime.datetime):
            refunded_at = self.refunded_at.isoformat()
        else:
            refunded_at = self.refunded_at

        review_decision: None | str | Unset
        if isinstance(self.review_decision, Unset):
            review_decision = UNSET
        else:
            review_decision = self.review_decision

        review_note: None | str | Unset
        if isinstance(self.review_note, Unset):
            review_note = UNSET
        else:
            review_note = self.review_note

        reviewed_at: None | str | Unset
        if isinstance(self.reviewed_at, Unset):
            reviewed_at = UNSET
        elif isinstance(self.reviewed_at, datetime.datetime):
            reviewed_at = self.reviewed_at.isoformat()
        else:
            reviewed_at = self.reviewed_at

        reviewed_by: None | str | Unset
        if isinstance(self.reviewed_by, Unset):
            reviewed_by = UNSET
        else:
            reviewed_by = self.reviewed_by

        customer: dict[str, Any] | None | Unset
        if isinstance(self.customer, Unset):
            customer = UNSET
        elif isinstance(self.customer, CustomerRecord):
            customer = self.customer.to_dict()
        else:
            customer = self.customer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "livemode": livemode,
                "merchant_order_id": merchant_order_id,
                "order_id": order_id,
                "policy_version": policy_version,
                "reasons": reasons,
                "score": score,
                "scored_at": scored_at,
                "shadow_rules": shadow_rules,
                "three_ds": three_ds,
                "amount_minor": amount_minor,
                "currency": currency,
                "ordered_at": ordered_at,
                "payment_method": payment_method,
                "status": status,
                "summary": summary,
                "times_scored": times_scored,
                "customer_access": customer_access,
                "events": events,
                "signals": signals,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if authorization_result is not UNSET:
            field_dict["authorization_result"] = authorization_result
        if chargeback_at is not UNSET:
            field_dict["chargeback_at"] = chargeback_at
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at
        if refunded_at is not UNSET:
            field_dict["refunded_at"] = refunded_at
        if review_decision is not UNSET:
            field_dict["review_decision"] = review_decision
        if review_note is not UNSET:
            field_dict["review_note"] = review_note
        if reviewed_at is not UNSET:
            field_dict["reviewed_at"] = reviewed_at
        if reviewed_by is not UNSET:
            field_dict["reviewed_by"] = reviewed_by
        if customer is not UNSET:
            field_dict["customer"] = customer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_record import CustomerRecord  # noqa: PLC0415
        from ..models.order_detail_signals import OrderDetailSignals  # noqa: PLC0415
        from ..models.order_event_view import OrderEventView  # noqa: PLC0415
        from ..models.order_view_summary import OrderViewSummary  # noqa: PLC0415
        from ..models.reason import Reason  # noqa: PLC0415
        from ..models.rule_hit import RuleHit  # noqa: PLC0415

        d = dict(src_dict)
        decision = OrderDecision(d.pop("decision"))

        livemode = d.pop("livemode")

        merchant_order_id = d.pop("merchant_order_id")

        order_id = UUID(d.pop("order_id"))

        policy_version = d.pop("policy_version")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = Reason.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        score = d.pop("score")

        scored_at = datetime.datetime.fromisoformat(d.pop("scored_at"))

        shadow_rules = []
        _shadow_rules = d.pop("shadow_rules")
        for shadow_rules_item_data in _shadow_rules:
            shadow_rules_item = RuleHit.from_dict(shadow_rules_item_data)

            shadow_rules.append(shadow_rules_item)

        three_ds = ThreeDsRecommendation(d.pop("three_ds"))

        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        ordered_at = datetime.datetime.fromisoformat(d.pop("ordered_at"))

        payment_method = d.pop("payment_method")

        status = d.pop("status")

        summary = OrderViewSummary.from_dict(d.pop("summary"))

        times_scored = d.pop("times_scored")

        customer_access = d.pop("customer_access")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = OrderEventView.from_dict(events_item_data)

            events.append(events_item)

        signals = OrderDetailSignals.from_dict(d.pop("signals"))

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_authorization_result(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authorization_result = _parse_authorization_result(d.pop("authorization_result", UNSET))

        def _parse_chargeback_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                chargeback_at_type_0 = datetime.datetime.fromisoformat(data)

                return chargeback_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        chargeback_at = _parse_chargeback_at(d.pop("chargeback_at", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        def _parse_refunded_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refunded_at_type_0 = datetime.datetime.fromisoformat(data)

                return refunded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        refunded_at = _parse_refunded_at(d.pop("refunded_at", UNSET))

        def _parse_review_decision(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        review_decision = _parse_review_decision(d.pop("review_decision", UNSET))

        def _parse_review_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        review_note = _parse_review_note(d.pop("review_note", UNSET))

        def _parse_reviewed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_at_type_0 = datetime.datetime.fromisoformat(data)

                return reviewed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        reviewed_at = _parse_reviewed_at(d.pop("reviewed_at", UNSET))

        def _parse_reviewed_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reviewed_by = _parse_reviewed_by(d.pop("reviewed_by", UNSET))

        def _parse_customer(data: object) -> CustomerRecord | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                customer_type_0 = CustomerRecord.from_dict(data)

                return customer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerRecord | None | Unset, data)

        customer = _parse_customer(d.pop("customer", UNSET))

        order_detail = cls(
            decision=decision,
            livemode=livemode,
            merchant_order_id=merchant_order_id,
            order_id=order_id,
            policy_version=policy_version,
            reasons=reasons,
            score=score,
            scored_at=scored_at,
            shadow_rules=shadow_rules,
            three_ds=three_ds,
            amount_minor=amount_minor,
            currency=currency,
            ordered_at=ordered_at,
            payment_method=payment_method,
            status=status,
            summary=summary,
            times_scored=times_scored,
            customer_access=customer_access,
            events=events,
            signals=signals,
            account_id=account_id,
            authorization_result=authorization_result,
            chargeback_at=chargeback_at,
            delivered_at=delivered_at,
            refunded_at=refunded_at,
            review_decision=review_decision,
            review_note=review_note,
            reviewed_at=reviewed_at,
            reviewed_by=reviewed_by,
            customer=customer,
        )

        order_detail.additional_properties = d
        return order_detail

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
