"""From documents to the model: schema validation, timelines, packs and inheritance, lint."""
