from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.related_orders import RelatedOrders
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: str,
    *,
    depth: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_depth: int | None | Unset
    if isinstance(depth, Unset):
        json_depth = UNSET
    else:
        json_depth = depth
    params["depth"] = json_depth

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/orders/{order_id}/related".format(
            order_id=quote(str(order_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | RelatedOrders | None:
    if response.status_code == 200:
        response_200 = RelatedOrders.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

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
) -> Response[ErrorBody | RelatedOrders]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    depth: int | None | Unset = UNSET,
) -> Response[ErrorBody | RelatedOrders]:
    """The tenant's orders linked to this one through shared identifiers (card, phone, email,
    delivery point, building, device, account, IP), up to two hops, each link naming the
    identifiers that join its orders. Fan-out is bounded (25 orders per identifier on the first
    hop, the first 25 of those followed again with 10 per identifier, 150 orders at most);
    `truncated` says when a bound cut the graph short.

    Args:
        order_id (str):
        depth (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RelatedOrders]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        depth=depth,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,
    depth: int | None | Unset = UNSET,
) -> ErrorBody | RelatedOrders | None:
    """The tenant's orders linked to this one through shared identifiers (card, phone, email,
    delivery point, building, device, account, IP), up to two hops, each link naming the
    identifiers that join its orders. Fan-out is bounded (25 orders per identifier on the first
    hop, the first 25 of those followed again with 10 per identifier, 150 orders at most);
    `truncated` says when a bound cut the graph short.

    Args:
        order_id (str):
        depth (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RelatedOrders
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        depth=depth,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
    depth: int | None | Unset = UNSET,
) -> Response[ErrorBody | RelatedOrders]:
    """The tenant's orders linked to this one through shared identifiers (card, phone, email,
    delivery point, building, device, account, IP), up to two hops, each link naming the
    identifiers that join its orders. Fan-out is bounded (25 orders per identifier on the first
    hop, the first 25 of those followed again with 10 per identifier, 150 orders at most);
    `truncated` says when a bound cut the graph short.

    Args:
        order_id (str):
        depth (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | RelatedOrders]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        depth=depth,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,
    depth: int | None | Unset = UNSET,
) -> ErrorBody | RelatedOrders | None:
    """The tenant's orders linked to this one through shared identifiers (card, phone, email,
    delivery point, building, device, account, IP), up to two hops, each link naming the
    identifiers that join its orders. Fan-out is bounded (25 orders per identifier on the first
    hop, the first 25 of those followed again with 10 per identifier, 150 orders at most);
    `truncated` says when a bound cut the graph short.

    Args:
        order_id (str):
        depth (int | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | RelatedOrders
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            depth=depth,
        )
    ).parsed
