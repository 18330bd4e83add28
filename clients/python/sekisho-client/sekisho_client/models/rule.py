from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.rule_mode import RuleMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action_type_0 import ActionType0
    from ..models.action_type_1 import ActionType1
    from ..models.rule_when import RuleWhen


T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """
    Attributes:
        id (str): Unique within the policy; reasons and shadow hits name it.
        name (str):
        then (ActionType0 | ActionType1): `{"add": 30}` or `{"decision": "reject"}`.
        when (RuleWhen):
        mode (RuleMode | Unset):
    """

    id: str
    name: str
    then: ActionType0 | ActionType1
    when: RuleWhen
    mode: RuleMode | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.action_type_0 import ActionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        then: dict[str, Any]
        if isinstance(self.then, ActionType0):
            then = self.then.to_dict()
        else:
            then = self.then.to_dict()

        when = self.when.to_dict()

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "name": name,
                "then": then,
                "when": when,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_type_0 import ActionType0  # noqa: PLC0415
        from ..models.action_type_1 import ActionType1  # noqa: PLC0415
        from ..models.rule_when import RuleWhen  # noqa: PLC0415

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

        when = RuleWhen.from_dict(d.pop("when"))

        _mode = d.pop("mode", UNSET)
        mode: RuleMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = RuleMode(_mode)

        rule = cls(
            id=id,
            name=name,
            then=then,
            when=when,
            mode=mode,
        )

        return rule
