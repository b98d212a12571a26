"""Project tooling: notebook runner, claims table, site rendering (not part of hoplib)."""
