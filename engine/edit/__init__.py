"""Editing a timeline file in place: `followup init`, `add`, `contact` and `log`."""
