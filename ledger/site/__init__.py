"""The static edition: the ledger as a website that any static host serves, built by `ledger site OUT`."""
