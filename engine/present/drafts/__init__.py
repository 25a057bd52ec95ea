"""Message drafts: the messages of pending recommendations, filled in with the timeline's facts.

facts.py gathers what the timeline says about one recommendation; phrases.py words those facts
(and fills a pack's own template, engine/template.py); written.py writes emails, messages and
notes, spoken.py phone scripts and talking points; compose.py picks the medium and assembles a
Draft; render.py prints drafts. No network, no randomness: the same input gives the same text.
"""
