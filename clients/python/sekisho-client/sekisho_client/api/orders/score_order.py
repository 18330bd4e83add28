from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order_assessment import OrderAssessment
from ...models.score_order_request import ScoreOrderRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ScoreOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/score",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | OrderAssessment | None:
    if response.status_code == 200:
        response_200 = OrderAssessment.from_dict(response.json())

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
) -> Response[ErrorBody | OrderAssessment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ScoreOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorBody | OrderAssessment]:
    """Score an order before payment or shipping: accept, review (目視審査) or reject, a 0–100
    score, the reasons, and a 3-D Secure recommendation. The order and its decision are stored;
    scoring the same merchant order id again re-scores it. Send an `Idempotency-Key` to make
    retries return the first answer (see the API guide: one behaviour on every POST).

    Args:
        idempotency_key (None | str | Unset):
        body (ScoreOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderAssessment]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ScoreOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorBody | OrderAssessment | None:
    """Score an order before payment or shipping: accept, review (目視審査) or reject, a 0–100
    score, the reasons, and a 3-D Secure recommendation. The order and its decision are stored;
    scoring the same merchant order id again re-scores it. Send an `Idempotency-Key` to make
    retries return the first answer (see the API guide: one behaviour on every POST).

    Args:
        idempotency_key (None | str | Unset):
        body (ScoreOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderAssessment
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ScoreOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ErrorBody | OrderAssessment]:
    """Score an order before payment or shipping: accept, review (目視審査) or reject, a 0–100
    score, the reasons, and a 3-D Secure recommendation. The order and its decision are stored;
    scoring the same merchant order id again re-scores it. Send an `Idempotency-Key` to make
    retries return the first answer (see the API guide: one behaviour on every POST).

    Args:
        idempotency_key (None | str | Unset):
        body (ScoreOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderAssessment]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ScoreOrderRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ErrorBody | OrderAssessment | None:
    """Score an order before payment or shipping: accept, review (目視審査) or reject, a 0–100
    score, the reasons, and a 3-D Secure recommendation. The order and its decision are stored;
    scoring the same merchant order id again re-scores it. Send an `Idempotency-Key` to make
    retries return the first answer (see the API guide: one behaviour on every POST).

    Args:
        idempotency_key (None | str | Unset):
        body (ScoreOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderAssessment
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
