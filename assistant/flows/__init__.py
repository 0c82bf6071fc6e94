"""The flows engine: plain Python, never imports Qt.

`load` reads and checks a flows file, `Session` walks it, `paths` enumerates it.
"""
