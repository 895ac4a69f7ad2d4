"""Errors as the chat shows them: one line in a notification, never a crash or a traceback."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from tui.safe_text import safe

if TYPE_CHECKING:
    from textual.app import App

F = TypeVar("F", bound=Callable[..., Any])


def describe_error(exc: BaseException) -> str:
    """One line for a notification, with no control sequences."""
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    text = " ".join(safe(text).split())
    return text or type(exc).__name__


def reported(method: F) -> F:
    """Turn an unexpected error in an app's action or handler into a notification.

    Textual ends the app on an unhandled exception; a failed copy or a missing document
    should cost the user a message, not the session.
    """
    if inspect.iscoroutinefunction(method):

        @wraps(method)
        async def async_wrapper(self: App, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:
                self.notify(describe_error(exc), title="Error", severity="error", markup=False)
                return None

        return async_wrapper  # type: ignore[return-value]

    @wraps(method)
    def wrapper(self: App, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self.notify(describe_error(exc), title="Error", severity="error", markup=False)
            return None

    return wrapper  # type: ignore[return-value]
