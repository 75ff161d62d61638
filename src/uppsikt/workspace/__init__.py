"""Reading a workspace folder into the domain model, collecting every problem with its location.

The entry point is :func:`uppsikt.workspace.reader.read_workspace`. (Not re-exported here, so
that importers can use this package's small helpers, such as ``sink``, without importing the
whole reader.)"""
