from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reference_list import ReferenceList

if TYPE_CHECKING:
    from ..models.line_error import LineError


T = TypeVar("T", bound="ImportSummary")


@_attrs_define
class ImportSummary:
    """What an import did.

    Attributes:
        errors (list[LineError]): The first refused lines (at most 100), by line number.
        imported (int): Rows that added (or, for card BINs and IP countries, changed) a row.
        list_ (ReferenceList): The lists Sekisho knows, as the upload's path and the dashboard name them.
        rejected (int):
        rows (int): Data lines read (the header not counted): imported + unchanged + rejected.
        source (str):
        unchanged (int): Rows already present: a re-run of the same list counts every good row here.
    """

    errors: list[LineError]
    imported: int
    list_: ReferenceList
    rejected: int
    rows: int
    source: str
    unchanged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        imported = self.imported

        list_ = self.list_.value

        rejected = self.rejected

        rows = self.rows

        source = self.source

        unchanged = self.unchanged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
                "imported": imported,
                "list": list_,
                "rejected": rejected,
                "rows": rows,
                "source": source,
                "unchanged": unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_error import LineError  # noqa: PLC0415

        d = dict(src_dict)
        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = LineError.from_dict(errors_item_data)

            errors.append(errors_item)

        imported = d.pop("imported")

        list_ = ReferenceList(d.pop("list"))

        rejected = d.pop("rejected")

        rows = d.pop("rows")

        source = d.pop("source")

        unchanged = d.pop("unchanged")

        import_summary = cls(
            errors=errors,
            imported=imported,
            list_=list_,
            rejected=rejected,
            rows=rows,
            source=source,
            unchanged=unchanged,
        )

        import_summary.additional_properties = d
        return import_summary

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
