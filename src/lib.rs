//! claimlog: a claim and source-attribution tracker for newsrooms.
//!
//! The library owns everything but argument parsing: the domain model, the SQLite
//! store, the link checker, the article extractor, the interchange formats and the
//! renderers. `main.rs` and `cli.rs` are the only places that know about clap.

pub mod extract;
