"""Claims: narrative sentences → structured claims (rule extractor by default)."""
