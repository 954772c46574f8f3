"""What may be fetched and how a body is read: the address checks of the SSRF guard, content types
worth downloading, and decoding a body to text by BOM, declared charset, <meta>/XML declaration, or a guess.

    >>> refusal_reason(ipaddress.ip_address("127.0.0.1")), refusal_reason(ipaddress.ip_address("1.1.1.1"))
    ('a private or loopback address', '')
"""

from __future__ import annotations

import codecs
import contextlib
import ipaddress
import re
from typing import Literal

HTML_TYPES = ("text/html", "application/xhtml+xml")
Expect = Literal["html", "feed", "any"]
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = {
    "application/octet-stream", "application/pdf", "application/zip", "application/gzip", "application/x-tar",
    "application/msword", "application/wasm", "application/x-shockwave-flash",
}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def refusal_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address must not be fetched from ("" when it is a public address)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and refusal_reason(embedded):
            return refusal_reason(embedded)
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_loopback:
        return "a private or loopback address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private or loopback address"
    return "" if ip.is_global else "a reserved address"


def media_type(header: str) -> tuple[str, str]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"."""
    media, _, params = header.partition(";")
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", params, re.IGNORECASE)
    return media.strip().lower(), (m[1].lower() if m else "")


def decode_body(body: bytes, declared: str = "") -> tuple[str, str]:
    """Text and charset: a BOM, the declared charset, a <meta>/XML declaration, UTF-8, then a guess."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    head = body[:2048]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    for candidate in filter(None, (declared, m[1].decode("ascii", "ignore") if m else "")):
        with contextlib.suppress(LookupError):
            codec = codecs.lookup(candidate).name
            return body.decode(codec, errors="replace"), codec
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    codec = (best.encoding if best else "") or "cp1252"
    return body.decode(codec, errors="replace"), codec


def type_problem(media: str, expect: Expect) -> str:
    """Why a response of this media type is useless for what the caller expects ("" when fine)."""
    if not media:
        return ""  # no Content-Type: let the parsers decide from the bytes
    if expect == "html" and media not in HTML_TYPES:
        return f"not an HTML page ({media})"
    if media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES:
        return f"not a feed ({media})" if expect == "feed" else f"not an HTML page or feed ({media})"
    return ""
