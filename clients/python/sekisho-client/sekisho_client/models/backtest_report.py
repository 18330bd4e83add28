from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.backtest_report_after import BacktestReportAfter
    from ..models.backtest_report_before import BacktestReportBefore
    from ..models.backtest_report_transitions import BacktestReportTransitions
    from ..models.changed_order import ChangedOrder
    from ..models.rule_hits import RuleHits


T = TypeVar("T", bound="BacktestReport")


@_attrs_define
class BacktestReport:
    """
    Attributes:
        after (BacktestReportAfter):
        before (BacktestReportBefore): Decisions before and after, counted.
        changed (int):
        changed_orders (list[ChangedOrder]): The first 100 changed orders.
        fraud_newly_accepted (int):
        fraud_newly_stopped (int): Confirmed-fraud orders the candidate would no longer accept / would newly accept.
        orders (int):
        rule_hits (list[RuleHits]): Per rule of the candidate (active and passive, in policy order): how many of the
            replayed orders it matched.
        transitions (BacktestReportTransitions): e.g. `{"accept→review": 12}`.
    """

    after: BacktestReportAfter
    before: BacktestReportBefore
    changed: int
    changed_orders: list[ChangedOrder]
    fraud_newly_accepted: int
    fraud_newly_stopped: int
    orders: int
    rule_hits: list[RuleHits]
    transitions: BacktestReportTransitions
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        after = self.after.to_dict()

        before = self.before.to_dict()

        changed = self.changed

        changed_orders = []
        for changed_orders_item_data in self.changed_orders:
            changed_orders_item = changed_orders_item_data.to_dict()
            changed_orders.append(changed_orders_item)

        fraud_newly_accepted = self.fraud_newly_accepted

        fraud_newly_stopped = self.fraud_newly_stopped

        orders = self.orders

        rule_hits = []
        for rule_hits_item_data in self.rule_hits:
            rule_hits_item = rule_hits_item_data.to_dict()
            rule_hits.append(rule_hits_item)

        transitions = self.transitions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "after": after,
                "before": before,
                "changed": changed,
                "changed_orders": changed_orders,
                "fraud_newly_accepted": fraud_newly_accepted,
                "fraud_newly_stopped": fraud_newly_stopped,
                "orders": orders,
                "rule_hits": rule_hits,
                "transitions": transitions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backtest_report_after import BacktestReportAfter  # noqa: PLC0415
        from ..models.backtest_report_before import BacktestReportBefore  # noqa: PLC0415
        from ..models.backtest_report_transitions import BacktestReportTransitions  # noqa: PLC0415
        from ..models.changed_order import ChangedOrder  # noqa: PLC0415
        from ..models.rule_hits import RuleHits  # noqa: PLC0415

        d = dict(src_dict)
        after = BacktestReportAfter.from_dict(d.pop("after"))

        before = BacktestReportBefore.from_dict(d.pop("before"))

        changed = d.pop("changed")

        changed_orders = []
        _changed_orders = d.pop("changed_orders")
        for changed_orders_item_data in _changed_orders:
            changed_orders_item = ChangedOrder.from_dict(changed_orders_item_data)

            changed_orders.append(changed_orders_item)

        fraud_newly_accepted = d.pop("fraud_newly_accepted")

        fraud_newly_stopped = d.pop("fraud_newly_stopped")

        orders = d.pop("orders")

        rule_hits = []
        _rule_hits = d.pop("rule_hits")
        for rule_hits_item_data in _rule_hits:
            rule_hits_item = RuleHits.from_dict(rule_hits_item_data)

            rule_hits.append(rule_hits_item)

        transitions = BacktestReportTransitions.from_dict(d.pop("transitions"))

        backtest_report = cls(
            after=after,
            before=before,
            changed=changed,
            changed_orders=changed_orders,
            fraud_newly_accepted=fraud_newly_accepted,
            fraud_newly_stopped=fraud_newly_stopped,
            orders=orders,
            rule_hits=rule_hits,
            transitions=transitions,
        )

        backtest_report.additional_properties = d
        return backtest_report

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
