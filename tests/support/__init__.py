"""Models and designs that several test files build."""
