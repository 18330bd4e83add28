"""A few JSON calls to the server under test (seeding and checks only; the load is wrk/oha)."""

import json
import urllib.error
import urllib.request


def post_json(base_url, path, api_key, body):
    request = urllib.request.Request(
        base_url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def get_ok(base_url, path):
    try:
        with urllib.request.urlopen(base_url + path, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
