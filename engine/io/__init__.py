"""Reading and writing: safe YAML, files, the cache, bundled resources."""
