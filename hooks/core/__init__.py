"""The engine: registry, scheduling, the result cache, findings and waivers."""
