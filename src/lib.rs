//! claimlog: a claim and source-attribution tracker for newsrooms.
//!
//! The library owns everything but argument parsing: the domain model, the SQLite
//! store, the link checker, the article extractor, the interchange formats and the
//! renderers. Data flows one way: cli -> commands -> (store | linkcheck | extract |
//! similar | formats) -> render. Only `cli` and `commands` know about clap.

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
