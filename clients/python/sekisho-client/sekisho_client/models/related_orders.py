from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.related_link import RelatedLink
    from ..models.related_node import RelatedNode


T = TypeVar("T", bound="RelatedOrders")


@_attrs_define
class RelatedOrders:
    """`GET /v1/orders/{id}/related`.

    Attributes:
        links (list[RelatedLink]):
        nodes (list[RelatedNode]):
        truncated (bool): A bound cut the graph short (an identifier shared by more orders than are followed).
        widely_shared (list[str]): Identifier kinds held by more orders than were followed (e.g. a forwarder's address).
    """

    links: list[RelatedLink]
    nodes: list[RelatedNode]
    truncated: bool
    widely_shared: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)

        truncated = self.truncated

        widely_shared = self.widely_shared

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "links": links,
                "nodes": nodes,
                "truncated": truncated,
                "widely_shared": widely_shared,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.related_link import RelatedLink  # noqa: PLC0415
        from ..models.related_node import RelatedNode  # noqa: PLC0415

        d = dict(src_dict)
        links = []
        _links = d.pop("links")
        for links_item_data in _links:
            links_item = RelatedLink.from_dict(links_item_data)

            links.append(links_item)

        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in _nodes:
            nodes_item = RelatedNode.from_dict(nodes_item_data)

            nodes.append(nodes_item)

        truncated = d.pop("truncated")

        widely_shared = cast(list[str], d.pop("widely_shared"))

        related_orders = cls(
            links=links,
            nodes=nodes,
            truncated=truncated,
            widely_shared=widely_shared,
        )

        related_orders.additional_properties = d
        return related_orders

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
