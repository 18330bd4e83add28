"""The benchmark's identifier pools, shared by the seed (Python) and the load (bench/load.lua).

A *customer* is an integer k; every identifier of the customer is a pure function of k, written
already in Sekisho's normal form (lower-case ASCII emails, E.164-able phones, canonical IPs,
names without spaces), so that the seed can fingerprint it here exactly as the server does and
the history it writes is found by velocity and the consortium. bench/load.lua has the same
functions; `seed.py` checks the two agree with the server by scoring a probe order.

Ranges of k:
- [0, POOL): ordinary customers, drawn Zipf–Mandelbrot (P(k) ∝ 1 / (k + ZIPF_Q)): a few regulars,
  a long tail;
- [REPORTED_BASE, REPORTED_BASE + reports): customers whose identifiers are in the consortium
  (one report each, eight fingerprints);
- [HOT_BASE, HOT_BASE + HOT_COUNT): identifiers with thousands of reports each;
- [LISTED_BASE, LISTED_BASE + entries): on the bench tenant's block list.
"""

import hashlib
import hmac
import math

POOL = 1_000_000
ZIPF_Q = 100
REPORTED_BASE = 50_000_000
HOT_BASE = 49_000_000
HOT_COUNT = 20
LISTED_BASE = 60_000_000
FORWARDERS = 50

# Clean customers' mail domains; gmail.com and docomo.ne.jp are on the default warninglist.
DOMAINS = ["example-mail.jp", "shop-buyer.example", "gmail.com", "docomo.ne.jp", "mail.example.co.jp"]
FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
GIVEN = ["太郎", "花子", "一郎", "陽子", "健太", "美咲", "翔", "愛", "大輔", "由美"]


def zipf(u: float) -> int:
    """Zipf–Mandelbrot by inversion: log-uniform on [Q, POOL + Q), shifted to start at 0."""
    lo, hi = math.log(ZIPF_Q), math.log(POOL + ZIPF_Q)
    return min(POOL - 1, int(math.exp(lo + u * (hi - lo))) - ZIPF_Q)


def luhn(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def email(k: int) -> str:
    if k >= REPORTED_BASE:
        # Reported customers: their own domains, except every 100th on the warninglisted gmail.com.
        domain = "gmail.com" if k % 100 == 0 else f"d{k % 50000}.example"
        return f"r{k}@{domain}"
    return f"c{k}@{DOMAINS[k % len(DOMAINS)]}"


def email_domain(k: int) -> str:
    return email(k).rsplit("@", 1)[1]


def _phone_digits(k: int) -> int:
    # 090-1000-0000 to 090-9999-9999: libphonenumber holds 090-0xxx invalid.
    return 10_000_000 + k % 90_000_000


def phone_national(k: int) -> str:
    n = _phone_digits(k)
    return f"090-{n // 10000:04d}-{n % 10000:04d}"


def phone_e164(k: int) -> str:
    return f"+8190{_phone_digits(k):08d}"


def card(k: int) -> str:
    return luhn("45" + f"{(k * 7919 + 12345) % 10**13:013d}")


def is_ipv6(k: int) -> bool:
    return k % 5 == 4


def ip(k: int) -> str:
    if is_ipv6(k):
        return f"2001:db8:{1 + (k // 65000) % 65000:x}:{1 + k % 65000:x}::{1 + (k * 7) % 65000:x}"
    return f"{11 + (k // 65536) % 200}.{(k // 256) % 256}.{k % 256}.{1 + (k * 7) % 254}"


def ip_prefix(k: int) -> str:
    if is_ipv6(k):
        return f"2001:db8:{1 + (k // 65000) % 65000:x}:{1 + k % 65000:x}::/64"
    return f"{11 + (k // 65536) % 200}.{(k // 256) % 256}.{k % 256}.0/24"


def device(k: int) -> str:
    return f"dev-{k:x}"


def name(k: int) -> str:
    return FAMILY[k % 10] + GIVEN[(k // 10) % 10]


def account(k: int) -> str:
    return f"acct-{k}"


class Fingerprints:
    """HMAC-SHA256(consortium key, kind ‖ 0x1f ‖ normalised value), as sekisho-domain computes."""

    def __init__(self, key_hex: str):
        self.key = bytes.fromhex(key_hex.strip())
        # Zipf draws repeat the regulars: their fingerprints are computed once.
        self.cache = {}

    def of(self, kind: str, value: str) -> bytes:
        return hmac.digest(self.key, kind.encode() + b"\x1f" + value.encode(), hashlib.sha256)

    def customer(self, k: int, tenant_id: str) -> dict:
        """The fingerprints an order of customer k stores (addresses aside)."""
        cached = self.cache.get((k, tenant_id))
        if cached is not None:
            return cached
        prints = {
            "email": self.of("email", email(k)),
            "email_domain": self.of("email_domain", email_domain(k)),
            "phone": self.of("phone", phone_e164(k)),
            "ip": self.of("ip", ip(k)),
            "ip_prefix": self.of("ip_prefix", ip_prefix(k)),
            "card": self.of("card", card(k)),
            "device_id": self.of("device_id", device(k)),
            "name": self.of("name", name(k)),
            "account": self.of("account", f"{tenant_id}:{account(k)}"),
        }
        if len(self.cache) < 300_000:
            self.cache[(k, tenant_id)] = prints
        return prints


def forwarder_address(i: int) -> dict:
    """One of the 50 busy forwarders: one building, one room that every parcel goes to."""
    return {
        "postal_code": "136-0082",
        "line1": f"東京都江東区新木場{1 + i % 3}-{1 + i}-{1 + i % 7}",
        "line2": "転送センター101号室",
    }


def customer_address(k: int) -> dict:
    towns = [
        ("150-0002", "東京都渋谷区渋谷2-{a}-{b}"),
        ("530-0001", "大阪府大阪市北区梅田1-{a}-{b}"),
        ("810-0001", "福岡県福岡市中央区天神2-{a}-{b}"),
        ("060-0001", "北海道札幌市中央区北一条西{a}丁目{b}"),
        ("450-0002", "愛知県名古屋市中村区名駅{a}-{b}-4"),
    ]
    postal, line = towns[k % len(towns)]
    return {
        "postal_code": postal,
        "line1": line.format(a=1 + (k // 5) % 20, b=1 + (k // 100) % 30),
        "line2": f"{100 + k % 900}号室",
    }
