"""One error hierarchy for the library; the CLI maps each class to an exit code."""

from __future__ import annotations


class LedelseError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class UsageError(LedelseError):
    """The caller asked for something that does not exist or makes no sense."""

    exit_code = 2


class UnknownRefError(UsageError):
    """A document, org or framework id that is not in the corpus."""

    def __init__(self, ref: str, kind: str = "document", suggestions: list[str] | None = None):
        self.ref = ref
        self.suggestions = suggestions or []
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} '{ref}'{hint}")


class MissingFileError(UsageError):
    """A path that names no file: exit 2 like an unknown id (the name is wrong, not the data)."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"{path}: file not found")


class InputError(LedelseError):
    """Input data that cannot be used: unreadable, empty, not text, malformed."""

    exit_code = 3

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class LimitError(InputError):
    """Input that exceeds a documented limit (size, text length, principles, time)."""


class ValidationError(InputError):
    """YAML or corpus data that fails schema validation; carries every problem found."""

    def __init__(self, problems: list[str], path: str | None = None):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "invalid data"
        more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        LedelseError.__init__(self, first + more)
        self.path = path


class CorpusError(LedelseError):
    """The corpus directory is missing, locked or inconsistent."""

    exit_code = 3


class BatchError(LedelseError):
    """Some documents of a batch failed; the others succeeded."""

    exit_code = 4

    def __init__(self, failures: list[tuple[str, str]], succeeded: int):
        self.failures = failures
        self.succeeded = succeeded
        super().__init__(f"{len(failures)} of {len(failures) + succeeded} files failed")
