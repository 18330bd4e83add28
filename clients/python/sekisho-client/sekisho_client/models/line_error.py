from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_error_code import LineErrorCode

T = TypeVar("T", bound="LineError")


@_attrs_define
class LineError:
    """One refused line, as the summary lists it.

    Attributes:
        code (LineErrorCode): Why a line was refused. Stable: the dashboard translates them and scripts match them.
        line (int): 1-based line number in the uploaded file (the header is line 1).
        message (str): The column and the rule (`bin: must have 6 to 8 digits`), never the value.
    """

    code: LineErrorCode
    line: int
    message: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        line = self.line

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "line": line,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = LineErrorCode(d.pop("code"))

        line = d.pop("line")

        message = d.pop("message")

        line_error = cls(
            code=code,
            line=line,
            message=message,
        )

        line_error.additional_properties = d
        return line_error

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
