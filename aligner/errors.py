"""Errors meant for the person at the keyboard, not for a traceback."""


class UserError(Exception):
    """A problem the user can fix; its message is one line naming the file and the fix.

    The command line prints it as ``zhen-align: <message>`` and exits with code 2.
    """
