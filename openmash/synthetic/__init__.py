"""The synthetic data generator: `openmash generate` (see docs/synthetic-data.md)."""
