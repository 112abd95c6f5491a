"""What the readers share: turning a library's error into a one-line reason."""

from __future__ import annotations

_MAX_DETAIL = 160


def describe(exc: BaseException) -> str:
    """The error's message on one printable line, short enough for a summary table."""
    # Damaged files put raw bytes (control characters, whole dictionaries) into parse errors.
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"
