"""The dataset as a whole: its gated state, export to trainers, the report."""
