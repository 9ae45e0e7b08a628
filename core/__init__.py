"""The ground floor: typed records, settings and the shared vocabulary (numerals, amounts, dates, law names,
provision labels) that every other package imports. It imports nothing of the project's above it."""
