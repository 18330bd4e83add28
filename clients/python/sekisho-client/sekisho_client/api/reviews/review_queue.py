from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.review_queue import ReviewQueue
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    include_held: bool | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_include_held: bool | None | Unset
    if isinstance(include_held, Unset):
        json_include_held = UNSET
    else:
        json_include_held = include_held
    params["include_held"] = json_include_held

    json_sort: None | str | Unset
    if isinstance(sort, Unset):
        json_sort = UNSET
    else:
        json_sort = sort
    params["sort"] = json_sort

    json_reason: None | str | Unset
    if isinstance(reason, Unset):
        json_reason = UNSET
    else:
        json_reason = reason
    params["reason"] = json_reason

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    json_offset: int | None | Unset
    if isinstance(offset, Unset):
        json_offset = UNSET
    else:
        json_offset = offset
    params["offset"] = json_offset

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_livemode: bool | None | Unset
    if isinstance(livemode, Unset):
        json_livemode = UNSET
    else:
        json_livemode = livemode
    params["livemode"] = json_livemode

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reviews",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReviewQueue | None:
    if response.status_code == 200:
        response_200 = ReviewQueue.from_dict(response.json())

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
) -> Response[ErrorBody | ReviewQueue]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    include_held: bool | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ErrorBody | ReviewQueue]:
    """The review queue, oldest first, each order with its reasons.

    Args:
        include_held (bool | None | Unset):
        sort (None | str | Unset):
        reason (None | str | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReviewQueue]
    """

    kwargs = _get_kwargs(
        include_held=include_held,
        sort=sort,
        reason=reason,
        limit=limit,
        offset=offset,
        cursor=cursor,
        livemode=livemode,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    include_held: bool | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ErrorBody | ReviewQueue | None:
    """The review queue, oldest first, each order with its reasons.

    Args:
        include_held (bool | None | Unset):
        sort (None | str | Unset):
        reason (None | str | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReviewQueue
    """

    return sync_detailed(
        client=client,
        include_held=include_held,
        sort=sort,
        reason=reason,
        limit=limit,
        offset=offset,
        cursor=cursor,
        livemode=livemode,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    include_held: bool | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ErrorBody | ReviewQueue]:
    """The review queue, oldest first, each order with its reasons.

    Args:
        include_held (bool | None | Unset):
        sort (None | str | Unset):
        reason (None | str | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReviewQueue]
    """

    kwargs = _get_kwargs(
        include_held=include_held,
        sort=sort,
        reason=reason,
        limit=limit,
        offset=offset,
        cursor=cursor,
        livemode=livemode,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    include_held: bool | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    reason: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ErrorBody | ReviewQueue | None:
    """The review queue, oldest first, each order with its reasons.

    Args:
        include_held (bool | None | Unset):
        sort (None | str | Unset):
        reason (None | str | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReviewQueue
    """

    return (
        await asyncio_detailed(
            client=client,
            include_held=include_held,
            sort=sort,
            reason=reason,
            limit=limit,
            offset=offset,
            cursor=cursor,
            livemode=livemode,
        )
    ).parsed
