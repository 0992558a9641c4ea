"""The one error the quiz rules raise (services and selectors alike)."""


class QuizError(Exception):
    """A request the rules refuse. ``code`` is stable for the JSON API; ``status`` is HTTP."""

    def __init__(self, message, *, code: str, status: int = 400):
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.status = status
