"""Plain text (.txt, .md): decode bytes whose encoding nobody wrote down."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from search.errors import UnreadableFileError

# Longest BOMs first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# The reports come in UTF-8 or GBK/GB18030 (GB18030 decodes GBK and GB2312 too). On a few hundred
# bytes of Chinese, charset-normalizer's unrestricted guess often lands on cp949, Big5 or Shift-JIS
# because those decode the same bytes without error, so it first judges only these two.
_EXPECTED = ["utf_8", "gb18030"]

# The default (0.2) rejects genuine GBK report text dense in “”、《》 punctuation, which
# charset-normalizer's mess detector counts against it; 0.5 still rejects random bytes.
_MAX_CHAOS = 0.5

# charset-normalizer drops an encoding at the first byte that does not decode, so a report with
# one damaged byte, an encoded surrogate, or cut off in the middle of a character gets no answer
# (or a wrong one: a short UTF-8 text cut mid-character came back as Cyrillic). A text in which
# all but a few bytes decode is read in that encoding, the damaged bytes as U+FFFD.
_MAX_DAMAGE_SHARE = 0.005
_MAX_DAMAGE_FEW = 3

# Decoded "text" with more than this share of control characters is binary. Tab, line and page
# breaks are text; so is DOS's end-of-file mark \x1a, which old Windows tools still append.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")


# What report text is made of. Bytes of another encoding read as UTF-16 decode without an
# error, but into characters spread over the whole plane (Hangul, rare Han, private use).
_USUAL = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u25ff"
    "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
_MIN_USUAL_SHARE = 0.8


def _plausible(text: str) -> bool:
    return len(_USUAL.findall(text)) >= _MIN_USUAL_SHARE * len(text)


def _damage_ok(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad <= max(_MAX_DAMAGE_FEW, _MAX_DAMAGE_SHARE * len(text)) and bad <= 0.05 * len(text)


def decode_bytes(data: bytes) -> str | None:
    """The text in ``data``, or None when it does not look like text in any encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A BOM is the writer's statement of the encoding, but a BOM that the body does
            # not match (a GBK body behind a UTF-8 BOM) is not trusted: the bytes are judged.
            text = data.decode(encoding, errors="replace").lstrip("\ufeff")
            if _damage_ok(text) and (encoding == "utf-8-sig" or _plausible(text)):
                return text if _looks_like_text(text) else None
            data = data[len(bom) :]
            break
    # UTF-8 checks itself: GBK bytes read as UTF-8 fail nearly everywhere, while UTF-8 read as
    # GB18030 mostly "succeeds" as nonsense. So UTF-8 with at most a few damaged bytes wins.
    text = data.decode("utf-8", errors="replace")
    if not _damage_ok(text):
        best = from_bytes(data, threshold=_MAX_CHAOS, cp_isolation=_EXPECTED).best()
        if best is not None:
            text = str(best)
        else:
            text = data.decode("gb18030", errors="replace")
            if not _damage_ok(text):
                best = from_bytes(data, threshold=_MAX_CHAOS).best()
                text = str(best) if best is not None else ""
    # Whatever decoded it, never keep text that is mostly U+FFFD.
    return text if text and _damage_ok(text) and _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= _MAX_CONTROL_SHARE * len(text)


def read_text(data: bytes, path: str) -> str:
    text = decode_bytes(data)
    if text is None:
        raise UnreadableFileError(path, "not text: no text encoding fits the bytes (binary file?)")
    if not text.strip():
        raise UnreadableFileError(path, "empty: only whitespace")
    return text
