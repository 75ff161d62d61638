"""uppsikt: a nämnd's annual report (årsberättelse) as a build product of data.

Data flows one way: workspace files -> domain model -> computations -> checks -> renderers.
See :func:`uppsikt.pipeline.build_report` for the whole pipeline in one function.
"""

__version__ = "0.1.0"
