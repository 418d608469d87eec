"""The desktop GUI: Qt models over the store, views, background tasks. Only this package imports Qt."""
