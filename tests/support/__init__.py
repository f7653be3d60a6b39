"""Helpers shared by the test tiers: the one place a tier imports from besides itself."""
