"""The HTTP suite shares the reliability suite's keyed app (``secured``: a key for every role)."""

from tests.reliability.conftest import secured  # noqa: F401  (a fixture)
