"""The semantic Python analyser of the determinism family (ast, scopes, flow)."""
