"""Every change to Family Help, one service each (docs/familyhelp.md)."""
