"""Widgets: the main window, the timeline, the filter panel, the reader and dialogs."""
