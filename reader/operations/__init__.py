"""Every user action as a Qt-free function over the store; the GUI and the CLI call these."""
