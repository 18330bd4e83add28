from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.list_entry_view import ListEntryView
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    list_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_list_: None | str | Unset
    if isinstance(list_, Unset):
        json_list_ = UNSET
    else:
        json_list_ = list_
    params["list"] = json_list_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lists",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | list[ListEntryView] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ListEntryView.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | list[ListEntryView]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    list_: None | str | Unset = UNSET,
) -> Response[ErrorBody | list[ListEntryView]]:
    """The tenant's unexpired list entries, newest first; `value` (as entered) for owners and
    reviewers, the view audited.

    Args:
        list_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[ListEntryView]]
    """

    kwargs = _get_kwargs(
        list_=list_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    list_: None | str | Unset = UNSET,
) -> ErrorBody | list[ListEntryView] | None:
    """The tenant's unexpired list entries, newest first; `value` (as entered) for owners and
    reviewers, the view audited.

    Args:
        list_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[ListEntryView]
    """

    return sync_detailed(
        client=client,
        list_=list_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    list_: None | str | Unset = UNSET,
) -> Response[ErrorBody | list[ListEntryView]]:
    """The tenant's unexpired list entries, newest first; `value` (as entered) for owners and
    reviewers, the view audited.

    Args:
        list_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | list[ListEntryView]]
    """

    kwargs = _get_kwargs(
        list_=list_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    list_: None | str | Unset = UNSET,
) -> ErrorBody | list[ListEntryView] | None:
    """The tenant's unexpired list entries, newest first; `value` (as entered) for owners and
    reviewers, the view audited.

    Args:
        list_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | list[ListEntryView]
    """

    return (
        await asyncio_detailed(
            client=client,
            list_=list_,
        )
    ).parsed
