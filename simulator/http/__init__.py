"""The HTTP pieces every fake vendor shares: the ASGI shell, faults, rate limits, request log."""
