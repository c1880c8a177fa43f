//! claimlog: a claim and source-attribution tracker for newsrooms.
//!
//! The library owns everything but argument parsing: the domain model, the SQLite
//! store, the link checker, the article extractor, the interchange formats and the
//! renderers, and the web view. Data flows one way: cli -> commands -> (store | linkcheck
//! | extract | similar | formats) -> render; `web` is a second front door beside cli and
//! runs the same commands. Only `cli`, `commands` and `web` (which builds the commands'
//! arguments) know about clap's types.

pub mod access;
pub mod archive;
pub mod cli;
pub mod commands;
pub mod error;
pub mod extract;
pub mod formats;
pub mod linkcheck;
pub mod links;
pub mod maintext;
pub mod model;
pub mod render;
pub mod similar;
pub mod store;
pub mod web;
