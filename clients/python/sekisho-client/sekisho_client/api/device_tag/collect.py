from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collect_request import CollectRequest
from ...models.collect_response import CollectResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: CollectRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/device-tag/collect",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectResponse | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CollectResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

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
) -> Response[CollectResponse | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CollectRequest,
) -> Response[CollectResponse | ErrorBody]:
    """The tag's report: browser signals for a publishable key. Open to any origin (no
    credentials); the body is at most 8 KiB and each client IP may send a limited number per
    minute. Returns the device token for this browser profile and tenant.

    Args:
        body (CollectRequest): What the script posts to `/v1/device-tag/collect`. Every signal is
            optional; within the
            API's generic limits (unknown fields, control characters and strings or arrays beyond the
            limits of docs/API.md are refused), whatever is too long or malformed for a signal is
            dropped rather than refused, since browsers vary.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CollectRequest,
) -> CollectResponse | ErrorBody | None:
    """The tag's report: browser signals for a publishable key. Open to any origin (no
    credentials); the body is at most 8 KiB and each client IP may send a limited number per
    minute. Returns the device token for this browser profile and tenant.

    Args:
        body (CollectRequest): What the script posts to `/v1/device-tag/collect`. Every signal is
            optional; within the
            API's generic limits (unknown fields, control characters and strings or arrays beyond the
            limits of docs/API.md are refused), whatever is too long or malformed for a signal is
            dropped rather than refused, since browsers vary.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CollectRequest,
) -> Response[CollectResponse | ErrorBody]:
    """The tag's report: browser signals for a publishable key. Open to any origin (no
    credentials); the body is at most 8 KiB and each client IP may send a limited number per
    minute. Returns the device token for this browser profile and tenant.

    Args:
        body (CollectRequest): What the script posts to `/v1/device-tag/collect`. Every signal is
            optional; within the
            API's generic limits (unknown fields, control characters and strings or arrays beyond the
            limits of docs/API.md are refused), whatever is too long or malformed for a signal is
            dropped rather than refused, since browsers vary.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CollectRequest,
) -> CollectResponse | ErrorBody | None:
    """The tag's report: browser signals for a publishable key. Open to any origin (no
    credentials); the body is at most 8 KiB and each client IP may send a limited number per
    minute. Returns the device token for this browser profile and tenant.

    Args:
        body (CollectRequest): What the script posts to `/v1/device-tag/collect`. Every signal is
            optional; within the
            API's generic limits (unknown fields, control characters and strings or arrays beyond the
            limits of docs/API.md are refused), whatever is too long or malformed for a signal is
            dropped rather than refused, since browsers vary.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
