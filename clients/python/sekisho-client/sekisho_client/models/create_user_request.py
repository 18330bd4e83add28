from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.role import Role

T = TypeVar("T", bound="CreateUserRequest")


@_attrs_define
class CreateUserRequest:
    """
    Attributes:
        email (str):  Example: analyst@example.jp.
        password (str): At least 10 characters.
        role (Role): What a tenant user may do. Owners manage users, keys, rules and thresholds; analysts read
            analytics; reviewers work the manual-review queue (目視審査).
    """

    email: str
    password: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "password": password,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        role = Role(d.pop("role"))

        create_user_request = cls(
            email=email,
            password=password,
            role=role,
        )

        return create_user_request
