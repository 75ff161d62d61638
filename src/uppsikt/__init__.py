"""uppsikt: a nämnd's annual report (årsberättelse) as a build product of data.

Data flows one way: workspace files -> domain model -> computations -> checks -> renderers.
The whole pipeline is :class:`uppsikt.loading.LoadedWorkspace` (read, compute, check, build,
publish); :func:`uppsikt.pipeline.build` runs it in one call.
"""

__version__ = "0.1.0"
