"""The check engine: registry, scheduling, caching, waivers, the finding record."""
