//! Link checks: which links are due, writing results in batches, dead-link confirmation.
