"""Reading a workspace folder into the domain model, collecting every problem with its location."""

from uppsikt.workspace.reader import read_workspace

__all__ = ["read_workspace"]
