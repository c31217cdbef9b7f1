"""The self-assessment: the question bank and answers, scoring rules, the scorecard."""
