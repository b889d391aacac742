"""The Textual editor for checking and fixing an article's alignment."""
