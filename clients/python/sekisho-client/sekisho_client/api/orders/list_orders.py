import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order_page import OrderPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    decision: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    ip: None | str | Unset = UNSET,
    device_id: None | str | Unset = UNSET,
    address: None | str | Unset = UNSET,
    card_bin: None | str | Unset = UNSET,
    card_last4: None | str | Unset = UNSET,
    min_amount: int | None | Unset = UNSET,
    max_amount: int | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_decision: None | str | Unset
    if isinstance(decision, Unset):
        json_decision = UNSET
    else:
        json_decision = decision
    params["decision"] = json_decision

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_email: None | str | Unset
    if isinstance(email, Unset):
        json_email = UNSET
    else:
        json_email = email
    params["email"] = json_email

    json_phone: None | str | Unset
    if isinstance(phone, Unset):
        json_phone = UNSET
    else:
        json_phone = phone
    params["phone"] = json_phone

    json_ip: None | str | Unset
    if isinstance(ip, Unset):
        json_ip = UNSET
    else:
        json_ip = ip
    params["ip"] = json_ip

    json_device_id: None | str | Unset
    if isinstance(device_id, Unset):
        json_device_id = UNSET
    else:
        json_device_id = device_id
    params["device_id"] = json_device_id

    json_address: None | str | Unset
    if isinstance(address, Unset):
        json_address = UNSET
    else:
        json_address = address
    params["address"] = json_address

    json_card_bin: None | str | Unset
    if isinstance(card_bin, Unset):
        json_card_bin = UNSET
    else:
        json_card_bin = card_bin
    params["card_bin"] = json_card_bin

    json_card_last4: None | str | Unset
    if isinstance(card_last4, Unset):
        json_card_last4 = UNSET
    else:
        json_card_last4 = card_last4
    params["card_last4"] = json_card_last4

    json_min_amount: int | None | Unset
    if isinstance(min_amount, Unset):
        json_min_amount = UNSET
    else:
        json_min_amount = min_amount
    params["min_amount"] = json_min_amount

    json_max_amount: int | None | Unset
    if isinstance(max_amount, Unset):
        json_max_amount = UNSET
    else:
        json_max_amount = max_amount
    params["max_amount"] = json_max_amount

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
        "url": "/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErrorBody | OrderPage | None:
    if response.status_code == 200:
        response_200 = OrderPage.from_dict(response.json())

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
) -> Response[ErrorBody | OrderPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    decision: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    ip: None | str | Unset = UNSET,
    device_id: None | str | Unset = UNSET,
    address: None | str | Unset = UNSET,
    card_bin: None | str | Unset = UNSET,
    card_last4: None | str | Unset = UNSET,
    min_amount: int | None | Unset = UNSET,
    max_amount: int | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ErrorBody | OrderPage]:
    """Search the tenant's orders, newest first: by decision, status, amount, time, merchant order id
    prefix, and by the customer's identifiers (email, phone, IP, device, one-line address: each
    normalised and fingerprinted as scoring stored it, so every notation of a value finds the same
    orders) or card (BIN, last four). Terms combine with AND.

    Args:
        decision (None | str | Unset):
        status (None | str | Unset):
        q (None | str | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        ip (None | str | Unset):
        device_id (None | str | Unset):
        address (None | str | Unset):
        card_bin (None | str | Unset):
        card_last4 (None | str | Unset):
        min_amount (int | None | Unset):
        max_amount (int | None | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderPage]
    """

    kwargs = _get_kwargs(
        decision=decision,
        status=status,
        q=q,
        from_=from_,
        to=to,
        email=email,
        phone=phone,
        ip=ip,
        device_id=device_id,
        address=address,
        card_bin=card_bin,
        card_last4=card_last4,
        min_amount=min_amount,
        max_amount=max_amount,
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
    decision: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    ip: None | str | Unset = UNSET,
    device_id: None | str | Unset = UNSET,
    address: None | str | Unset = UNSET,
    card_bin: None | str | Unset = UNSET,
    card_last4: None | str | Unset = UNSET,
    min_amount: int | None | Unset = UNSET,
    max_amount: int | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ErrorBody | OrderPage | None:
    """Search the tenant's orders, newest first: by decision, status, amount, time, merchant order id
    prefix, and by the customer's identifiers (email, phone, IP, device, one-line address: each
    normalised and fingerprinted as scoring stored it, so every notation of a value finds the same
    orders) or card (BIN, last four). Terms combine with AND.

    Args:
        decision (None | str | Unset):
        status (None | str | Unset):
        q (None | str | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        ip (None | str | Unset):
        device_id (None | str | Unset):
        address (None | str | Unset):
        card_bin (None | str | Unset):
        card_last4 (None | str | Unset):
        min_amount (int | None | Unset):
        max_amount (int | None | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderPage
    """

    return sync_detailed(
        client=client,
        decision=decision,
        status=status,
        q=q,
        from_=from_,
        to=to,
        email=email,
        phone=phone,
        ip=ip,
        device_id=device_id,
        address=address,
        card_bin=card_bin,
        card_last4=card_last4,
        min_amount=min_amount,
        max_amount=max_amount,
        limit=limit,
        offset=offset,
        cursor=cursor,
        livemode=livemode,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    decision: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    ip: None | str | Unset = UNSET,
    device_id: None | str | Unset = UNSET,
    address: None | str | Unset = UNSET,
    card_bin: None | str | Unset = UNSET,
    card_last4: None | str | Unset = UNSET,
    min_amount: int | None | Unset = UNSET,
    max_amount: int | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> Response[ErrorBody | OrderPage]:
    """Search the tenant's orders, newest first: by decision, status, amount, time, merchant order id
    prefix, and by the customer's identifiers (email, phone, IP, device, one-line address: each
    normalised and fingerprinted as scoring stored it, so every notation of a value finds the same
    orders) or card (BIN, last four). Terms combine with AND.

    Args:
        decision (None | str | Unset):
        status (None | str | Unset):
        q (None | str | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        ip (None | str | Unset):
        device_id (None | str | Unset):
        address (None | str | Unset):
        card_bin (None | str | Unset):
        card_last4 (None | str | Unset):
        min_amount (int | None | Unset):
        max_amount (int | None | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderPage]
    """

    kwargs = _get_kwargs(
        decision=decision,
        status=status,
        q=q,
        from_=from_,
        to=to,
        email=email,
        phone=phone,
        ip=ip,
        device_id=device_id,
        address=address,
        card_bin=card_bin,
        card_last4=card_last4,
        min_amount=min_amount,
        max_amount=max_amount,
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
    decision: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    email: None | str | Unset = UNSET,
    phone: None | str | Unset = UNSET,
    ip: None | str | Unset = UNSET,
    device_id: None | str | Unset = UNSET,
    address: None | str | Unset = UNSET,
    card_bin: None | str | Unset = UNSET,
    card_last4: None | str | Unset = UNSET,
    min_amount: int | None | Unset = UNSET,
    max_amount: int | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    offset: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    livemode: bool | None | Unset = UNSET,
) -> ErrorBody | OrderPage | None:
    """Search the tenant's orders, newest first: by decision, status, amount, time, merchant order id
    prefix, and by the customer's identifiers (email, phone, IP, device, one-line address: each
    normalised and fingerprinted as scoring stored it, so every notation of a value finds the same
    orders) or card (BIN, last four). Terms combine with AND.

    Args:
        decision (None | str | Unset):
        status (None | str | Unset):
        q (None | str | Unset):
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        email (None | str | Unset):
        phone (None | str | Unset):
        ip (None | str | Unset):
        device_id (None | str | Unset):
        address (None | str | Unset):
        card_bin (None | str | Unset):
        card_last4 (None | str | Unset):
        min_amount (int | None | Unset):
        max_amount (int | None | Unset):
        limit (int | None | Unset):
        offset (int | None | Unset):
        cursor (None | str | Unset):
        livemode (bool | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderPage
    """

    return (
        await asyncio_detailed(
            client=client,
            decision=decision,
            status=status,
            q=q,
            from_=from_,
            to=to,
            email=email,
            phone=phone,
            ip=ip,
            device_id=device_id,
            address=address,
            card_bin=card_bin,
            card_last4=card_last4,
            min_amount=min_amount,
            max_amount=max_amount,
            limit=limit,
            offset=offset,
            cursor=cursor,
            livemode=livemode,
        )
    ).parsed
