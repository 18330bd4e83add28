from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccuracyReport")


@_attrs_define
class AccuracyReport:
    """
    Attributes:
        false_negatives (int):
        false_positive_rate (float): Of the good orders, the share Sekisho flagged.
        false_positives (int):
        precision (float): Of the orders Sekisho flagged (review or reject), the share that was fraud.
        recall (float): Of the fraud, the share Sekisho flagged.
        true_negatives (int):
        true_positives (int):
    """

    false_negatives: int
    false_positive_rate: float
    false_positives: int
    precision: float
    recall: float
    true_negatives: int
    true_positives: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        false_negatives = self.false_negatives

        false_positive_rate = self.false_positive_rate

        false_positives = self.false_positives

        precision = self.precision

        recall = self.recall

        true_negatives = self.true_negatives

        true_positives = self.true_positives

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "false_negatives": false_negatives,
                "false_positive_rate": false_positive_rate,
                "false_positives": false_positives,
                "precision": precision,
                "recall": recall,
                "true_negatives": true_negatives,
                "true_positives": true_positives,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        false_negatives = d.pop("false_negatives")

        false_positive_rate = d.pop("false_positive_rate")

        false_positives = d.pop("false_positives")

        precision = d.pop("precision")

        recall = d.pop("recall")

        true_negatives = d.pop("true_negatives")

        true_positives = d.pop("true_positives")

        accuracy_report = cls(
            false_negatives=false_negatives,
            false_positive_rate=false_positive_rate,
            false_positives=false_positives,
            precision=precision,
            recall=recall,
            true_negatives=true_negatives,
            true_positives=true_positives,
        )

        accuracy_report.additional_properties = d
        return accuracy_report

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
