"""forcelaw: the linked-data edition of the law on police use of force."""

__version__ = "0.1.0"
