"""The offline demo portal of 颍川县融媒体中心: ``demo.build`` writes it, ``demo.serve``
serves it, ``demo.run`` (``make demo``) crawls it. Run them from the project root with
``python -m demo.build`` and so on (demo/README.md)."""
