from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.action_type_0 import ActionType0
    from ..models.action_type_1 import ActionType1


T = TypeVar("T", bound="RuleHit")


@_attrs_define
class RuleHit:
    """A rule that matched, applied or not.

    Attributes:
        id (str):
        name (str):
        then (ActionType0 | ActionType1): `{"add": 30}` or `{"decision": "reject"}`.
    """

    id: str
    name: str
    then: ActionType0 | ActionType1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.action_type_0 import ActionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        then: dict[str, Any]
        if isinstance(self.then, ActionType0):
            then = self.then.to_dict()
        else:
            then = self.then.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "then": then,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_type_0 import ActionType0  # noqa: PLC0415
        from ..models.action_type_1 import ActionType1  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_then(data: object) -> ActionType0 | ActionType1:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_action_type_0 = ActionType0.from_dict(data)

                return componentsschemas_action_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_action_type_1 = ActionType1.from_dict(data)

            return componentsschemas_action_type_1

        then = _parse_then(d.pop("then"))

        rule_hit = cls(
            id=id,
            name=name,
            then=then,
        )

        rule_hit.additional_properties = d
        return rule_hit

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
