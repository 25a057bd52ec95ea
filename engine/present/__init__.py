"""Words and formats: labels, sentences, data documents, text, exports, drafts."""
