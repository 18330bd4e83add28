from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consortium_report import ConsortiumReport
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    else:
        json_to = to
    params["to"] = json_to

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    else:
        json_format_ = format_
    params["format"] = json_format_

    json_livemode: bool | None | Unset
    if isinstance(livemode, Unset):
        json_livemode = UNSET
    else:
        json_livemode = livemode
    params["livemode"] = json_livemode

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/consortium",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsortiumReport | ErrorBody | None:
    if response.status_code == 200:
        response_200 = ConsortiumReport.from_dict(response.json())

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
) -> Response[ConsortiumReport | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ConsortiumReport | ErrorBody]:
    """What the consortium did for the tenant: reports contributed, matches per kind, and the orders
    stopped only thanks to other members' reports.

    Args:
        from_ (None | str | Unset):
        to (None | str | Unset):
        format_ (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsortiumReport | ErrorBody]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        format_=format_,
        livemode=livemode,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ConsortiumReport | ErrorBody | None:
    """What the consortium did for the tenant: reports contributed, matches per kind, and the orders
    stopped only thanks to other members' reports.

    Args:
        from_ (None | str | Unset):
        to (None | str | Unset):
        format_ (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsortiumReport | ErrorBody
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        format_=format_,
        livemode=livemode,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ConsortiumReport | ErrorBody]:
    """What the consortium did for the tenant: reports contributed, matches per kind, and the orders
    stopped only thanks to other members' reports.

    Args:
        from_ (None | str | Unset):
        to (None | str | Unset):
        format_ (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsortiumReport | ErrorBody]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        format_=format_,
        livemode=livemode,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: None | str | Unset = UNSET,
    to: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ConsortiumReport | ErrorBody | None:
    """What the consortium did for the tenant: reports contributed, matches per kind, and the orders
    stopped only thanks to other members' reports.

    Args:
        from_ (None | str | Unset):
        to (None | str | Unset):
        format_ (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsortiumReport | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            format_=format_,
            livemode=livemode,
        )
    ).parsed
