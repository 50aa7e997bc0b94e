"""The cities part of the network's content, loaded by load_demo."""


def load() -> int:
    """Create what is missing; return how many objects were created."""
    return 0
