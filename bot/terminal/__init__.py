"""The terminal front end (`yutu chat`): the same commands as on Discord, as text."""
