//! How claims look: a listing row, and the full record of `show` with the chain
//! speaker → relays → outlet, every link with its role and latest check, the history.

use std::io::Write;

use anyhow::Result;

use super::{Listing, shorten};
use crate::formats::csv as claim_csv;
use crate::model::ClaimRecord;

impl Listing for ClaimRecord {
    fn table_header() -> Vec<&'static str> {
        vec![
            "id",
            "date",
            "speaker",
            "claim",
            "via / outlet",
            "verification",
            "verdict",
        ]
    }

    fn table_row(&self) -> Vec<String> {
        let mut chain: Vec<&str> = self.relays.iter().map(String::as_str).collect();
        if let Some(outlet) = &self.outlet {
            chain.push(outlet);
        }
        vec![
            self.id.map(|id| format!("#{id}")).unwrap_or_default(),
            // An undated claim shows the day it was recorded, said so: it must not read
            // as if made that day.
            self.claimed_on
                .clone()
                .or_else(|| {
                    self.created_at
                        .as_ref()
                        .map(|c| format!("recorded {}", c.chars().take(10).collect::<String>()))
                })
                .unwrap_or_default(),
            shorten(&self.speaker, 28),
            shorten(&self.text, 70),
            shorten(&chain.join(" → "), 28),
            self.verification.to_string(),
            self.verdict.map(|v| v.to_string()).unwrap_or_default(),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        claim_csv::HEADER.to_vec()
    }

    fn csv_row(&self) -> Vec<String> {
        claim_csv::record_to_row(self)
    }
}

/// The attribution chain as one line: `Pashinyan → (cité par) Armenpress → in CNN`.
pub fn chain(rec: &ClaimRecord) -> String {
    let mut s = rec.speaker.clone();
    if let Some(cue) = &rec.cue {
        s.push_str(&format!(" ({cue})"));
    }
    for relay in &rec.relays {
        s.push_str(&format!(" → via {relay}"));
    }
    if let Some(outlet) = &rec.outlet {
        s.push_str(&format!(" → reported by {outlet}"));
    }
    s
}

/// The full record for a person.
pub fn detail(out: &mut dyn Write, rec: &ClaimRecord) -> Result<()> {
    let id = rec.id.map(|i| format!("#{i}")).unwrap_or_default();
    writeln!(out, "Claim {id}")?;
    writeln!(out, "  « {} »", rec.text)?;
    writeln!(out)?;
    writeln!(out, "  chain         {}", chain(rec))?;
    writeln!(out, "  speaker       {}", rec.speaker)?;
    if !rec.relays.is_empty() {
        writeln!(out, "  relays        {}", rec.relays.join(" → "))?;
    }
    if let Some(outlet) = &rec.outlet {
        writeln!(out, "  outlet        {outlet}")?;
    }
    match &rec.claimed_on {
        Some(date) => writeln!(out, "  claimed on    {date}")?,
        None => writeln!(out, "  claimed on    unknown (not given when recorded)")?,
    }
    if let Some(lang) = &rec.lang {
        writeln!(out, "  language      {lang}")?;
    }
    let mut state = rec.verification.to_string();
    if let Some(v) = rec.verdict {
        state.push_str(&format!(" (verdict: {v})"));
    }
    writeln!(out, "  verification  {state}")?;
    if !rec.tags.is_empty() {
        writeln!(out, "  tags          {}", rec.tags.join(", "))?;
    }
    if let Some(created) = &rec.created_at {
        writeln!(out, "  recorded      {created}")?;
    }
    if let Some(w) = &rec.withdrawn {
        let actor = w.actor.as_deref().unwrap_or("(unrecorded)");
        writeln!(out, "  WITHDRAWN     {} by {actor}: {}", w.at, w.reason)?;
    }
    if !rec.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "  links")?;
        for link in &rec.links {
            let check = match &link.last_check {
                Some(c) => {
                    let status = c.http_status.map(|s| format!(" {s}")).unwrap_or_default();
                    let dead = if c.dead { ", DEAD" } else { "" };
                    format!("{}{status} at {}{dead}", c.outcome, c.checked_at)
                }
                None => "not checked yet".to_string(),
            };
            writeln!(out, "    {:<11} {}", link.role.as_str(), link.url)?;
            writeln!(out, "    {:<11} last check: {check}", "")?;
            let moved = link.last_check.as_ref().and_then(|c| c.final_url.as_ref());
            if let Some(final_url) = moved.filter(|u| **u != link.url) {
                writeln!(out, "    {:<11} now at: {final_url}", "")?;
            }
            if let Some(at) = &link.archived_at {
                writeln!(
                    out,
                    "    {:<11} archived copy: {at} (claimlog links replay URL)",
                    ""
                )?;
            }
        }
    }
    if !rec.history.is_empty() {
        writeln!(out)?;
        writeln!(out, "  history")?;
        for e in &rec.history {
            let by = e.by.as_deref().unwrap_or("(unrecorded)");
            let number = e.id.map(|i| format!("#{i}  ")).unwrap_or_default();
            let mut line = format!("    {number}{}  {}  by {by}", e.at, e.verification);
            if let Some(v) = e.verdict {
                line.push_str(&format!(", verdict {v}"));
            }
            if let Some(label) = &e.verdict_label {
                line.push_str(&format!(" ({label:?})"));
            }
            writeln!(out, "{line}")?;
            if let Some(note) = &e.note {
                writeln!(out, "      {note}")?;
            }
            if let Some(evidence) = &e.evidence {
                writeln!(out, "      evidence: {evidence}")?;
            }
            if let Some(actor) = &e.actor {
                writeln!(out, "      recorded by {actor}")?;
            }
            if let Some(r) = &e.retracted {
                let actor = r.actor.as_deref().unwrap_or("(unrecorded)");
                writeln!(out, "      RETRACTED {} by {actor}: {}", r.at, r.reason)?;
            }
        }
    }
    if !rec.revisions.is_empty() {
        writeln!(out)?;
        writeln!(out, "  revisions")?;
        for r in &rec.revisions {
            let fields: Vec<&str> = r.previous.keys().map(String::as_str).collect();
            writeln!(out, "    {}  changed {}", r.at, fields.join(", "))?;
            writeln!(out, "      before: « {} »", r.text)?;
            if let Some(note) = &r.note {
                writeln!(out, "      note: {note}")?;
            }
        }
    }
    Ok(())
}
