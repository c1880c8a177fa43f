//! Throughput of `claimlog::extract` on one core: reads a corpus file, runs the
//! extractor once single-threaded, prints MB/s. Run through `bench/extract.sh`,
//! which builds the corpus and compiles this in release.

use std::time::Instant;

use claimlog::extract::{Lang, extract_bytes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: extract_bench CORPUS [fr|en]")?;
    let lang: Option<Lang> = args.next().map(|l| l.parse()).transpose()?;
    let bytes = std::fs::read(&path)?;
    let started = Instant::now();
    let extraction = extract_bytes(&bytes, lang)?;
    let elapsed = started.elapsed().as_secs_f64();
    let mb = bytes.len() as f64 / 1_000_000.0;
    println!(
        "{:.1} MB in {:.2} s: {:.1} MB/s single-threaded, {} candidates (lang {})",
        mb,
        elapsed,
        mb / elapsed,
        extraction.candidates.len(),
        extraction.lang
    );
    Ok(())
}
