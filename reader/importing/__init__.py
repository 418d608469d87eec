"""The import pipeline: the library service, preparation workers, counterpart linking, recovery.

Qt-free. The GUI and the CLI open a library through `recovery.open_store` and import through
`service.Library`; the rest is the machinery behind those two.
"""
