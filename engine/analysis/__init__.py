"""What is read off one evaluation: audit, explain, simulate, compare, pack tests."""
