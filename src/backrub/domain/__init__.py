"""Pure rules and values: no I/O, no clock, no ORM. Pass ``today`` in."""
