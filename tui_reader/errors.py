"""Errors that reach the user as one clear line, never as a traceback."""


class UserError(Exception):
    """A problem with the user's input or environment (exit code 2).

    The message is shown as it is, on one line, so it must name the file and
    say what is wrong with it.
    """

    exit_code = 2
