"""The Density Public API v3: open areas, OAuth, resources, analytics and live endpoints."""
