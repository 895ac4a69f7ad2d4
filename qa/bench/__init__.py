"""``qa bench``: the performance benchmark of issue 5 (see ``qa/bench/run.py`` for what it runs).

``measure`` observes child processes from outside (wall time, peak RSS, pseudo-terminals),
``baseline`` is the naive implementation every figure is compared with, ``worker`` runs one
measured step per process, ``scale`` measures FAISS indexes on synthetic vectors, ``report``
checks the targets and writes Markdown and JSON.
"""
