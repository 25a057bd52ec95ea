"""The evaluator: the pack compiler, facts, the durable_rules adapter, evaluate."""
