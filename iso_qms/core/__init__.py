"""What every feature shares: model helpers, audit trail, permissions, transactions, time and text."""
