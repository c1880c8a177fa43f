//! Print the candidates of an article as JSON (a development aid until the
//! `claimlog extract` command exists on main).

use claimlog::extract::{Lang, extract_bytes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: extract_show FILE [fr|en]")?;
    let lang: Option<Lang> = args.next().map(|l| l.parse()).transpose()?;
    let bytes = std::fs::read(&path)?;
    let extraction = extract_bytes(&bytes, lang)?;
    println!("{}", serde_json::to_string_pretty(&extraction)?);
    Ok(())
}
