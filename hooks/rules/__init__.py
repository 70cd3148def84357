"""The rule families: one module or package per family, rules declared next to their code."""
