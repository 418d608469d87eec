"""Pure text helpers below the UI: decoding, normalisation, languages, dates, topics.

Nothing here imports Qt or touches the database; importers may use these helpers too.
"""
