"""The Occuspace API v1: the account's locations, their seeded data and the endpoints."""
