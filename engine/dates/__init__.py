"""Business days and due-date windows."""
