"""Widgets of the editor: the alignment grid, the detail pane and the status bar."""
