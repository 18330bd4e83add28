from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.fraud_exposure import FraudExposure
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    months: int | None | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_months: int | None | Unset
    if isinstance(months, Unset):
        json_months = UNSET
    else:
        json_months = months
    params["months"] = json_months

    json_currency: None | str | Unset
    if isinstance(currency, Unset):
        json_currency = UNSET
    else:
        json_currency = currency
    params["currency"] = json_currency

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    else:
        json_format_ = format_
    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/analytics/fraud-exposure",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | FraudExposure | None:
    if response.status_code == 200:
        response_200 = FraudExposure.from_dict(response.json())

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
) -> Response[ErrorBody | FraudExposure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    months: int | None | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
) -> Response[ErrorBody | FraudExposure]:
    """Card fraud actually charged per calendar month (不正利用額: chargebacks on charged card
    orders, plus card-fraud reports not already counted, each loss once) against the
    fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
    with the run of consecutive months over it and a warning level. Unpaid deferred payments,
    never-charged orders and other losses are reported beside the figure, not in it.

    Args:
        months (int | None | Unset):
        currency (None | str | Unset):
        format_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | FraudExposure]
    """

    kwargs = _get_kwargs(
        months=months,
        currency=currency,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    months: int | None | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
) -> ErrorBody | FraudExposure | None:
    """Card fraud actually charged per calendar month (不正利用額: chargebacks on charged card
    orders, plus card-fraud reports not already counted, each loss once) against the
    fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
    with the run of consecutive months over it and a warning level. Unpaid deferred payments,
    never-charged orders and other losses are reported beside the figure, not in it.

    Args:
        months (int | None | Unset):
        currency (None | str | Unset):
        format_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | FraudExposure
    """

    return sync_detailed(
        client=client,
        months=months,
        currency=currency,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    months: int | None | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
) -> Response[ErrorBody | FraudExposure]:
    """Card fraud actually charged per calendar month (不正利用額: chargebacks on charged card
    orders, plus card-fraud reports not already counted, each loss once) against the
    fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
    with the run of consecutive months over it and a warning level. Unpaid deferred payments,
    never-charged orders and other losses are reported beside the figure, not in it.

    Args:
        months (int | None | Unset):
        currency (None | str | Unset):
        format_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | FraudExposure]
    """

    kwargs = _get_kwargs(
        months=months,
        currency=currency,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    months: int | None | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    format_: None | str | Unset = UNSET,
) -> ErrorBody | FraudExposure | None:
    """Card fraud actually charged per calendar month (不正利用額: chargebacks on charged card
    orders, plus card-fraud reports not already counted, each loss once) against the
    fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
    with the run of consecutive months over it and a warning level. Unpaid deferred payments,
    never-charged orders and other losses are reported beside the figure, not in it.

    Args:
        months (int | None | Unset):
        currency (None | str | Unset):
        format_ (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | FraudExposure
    """

    return (
        await asyncio_detailed(
            client=client,
            months=months,
            currency=currency,
            format_=format_,
        )
    ).parsed
