//! How claims look: a listing row, and the full record of `show` with every route
//! speaker → relays → outlet as a tree, every link with its role and latest check, the history.

use std::io::Write;

use anyhow::Result;

use super::Listing;
use super::table::Column;
use crate::formats::csv as claim_csv;
use crate::model::{AppearanceRecord, ClaimRecord};

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

    fn table_columns() -> Vec<Column> {
        vec![
            Column::new("id", 64, 4),
            Column::new("date", 64, 10),
            Column::new("speaker", 3, 12),
            Column::new("claim", 8, 16),
            Column::new("via / outlet", 2, 10).optional(1),
            Column::new("verification", 3, 12),
            Column::new("verdict", 2, 7),
        ]
    }

    fn table_row(&self) -> Vec<String> {
        let mut chain: Vec<&str> = self.relays.iter().map(String::as_str).collect();
        if let Some(outlet) = &self.outlet {
            chain.push(outlet);
        }
        let mut route = chain.join(" → ");
        // With several appearances, how many independent origins they rest on: forty
        // reprints of one dispatch read "+39 · 1 origin". A column of its own would not
        // fit 80 columns.
        if self.appearances.len() > 1 {
            let plural = if self.origins == 1 { "" } else { "s" };
            route.push_str(&format!(
                " +{} · {} origin{plural}",
                self.appearances.len() - 1,
                self.origins
            ));
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
            self.speaker.clone(),
            self.text.clone(),
            route,
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

/// One route as a line after the speaker: `(a déclaré) → via Armenpress → in CNN`.
pub fn route(a: &AppearanceRecord) -> String {
    let mut parts = Vec::new();
    if let Some(cue) = &a.cue {
        parts.push(format!("({cue})"));
    }
    for relay in &a.relays {
        parts.push(format!("→ via {relay}"));
    }
    if let Some(outlet) = &a.outlet {
        parts.push(format!("→ published by {outlet}"));
    }
    if let Some(date) = &a.published_on {
        parts.push(format!("on {date}"));
    }
    if parts.is_empty() {
        parts.push("→ (publication not named)".to_string());
    }
    parts.join(" ")
}

/// Every route of the claim as a tree under its speaker.
fn routes(out: &mut dyn Write, rec: &ClaimRecord) -> Result<()> {
    let origins = match rec.origins {
        1 => "1 independent origin".to_string(),
        n => format!("{n} independent origins"),
    };
    let count = match rec.appearances.len() {
        1 => "1 appearance".to_string(),
        n => format!("{n} appearances"),
    };
    writeln!(out, "  routes        {count}, {origins}")?;
    writeln!(out, "    {}", rec.speaker)?;
    let last = rec.appearances.len().saturating_sub(1);
    for (i, a) in rec.appearances.iter().enumerate() {
        let (branch, stem) = if i == last {
            ("└─", "  ")
        } else {
            ("├─", "│ ")
        };
        writeln!(out, "    {branch} {}. {}", i + 1, route(a))?;
        if let Some(url) = &a.url {
            writeln!(out, "    {stem}      {url}")?;
        }
        if let Some(wording) = &a.wording {
            writeln!(out, "    {stem}      wording: « {wording} »")?;
        }
        if let Some(lang) = a.lang.as_ref().filter(|l| Some(*l) != rec.lang.as_ref()) {
            writeln!(out, "    {stem}      language: {lang}")?;
        }
    }
    Ok(())
}

/// The full record for a person, every value made [`visible`](super::visible).
pub fn detail(out: &mut dyn Write, rec: &ClaimRecord) -> Result<()> {
    let mut text = Vec::new();
    detail_raw(&mut text, rec)?;
    out.write_all(super::visible(&String::from_utf8_lossy(&text)).as_bytes())?;
    Ok(())
}

fn detail_raw(out: &mut dyn Write, rec: &ClaimRecord) -> Result<()> {
    let id = rec.id.map(|i| format!("#{i}")).unwrap_or_default();
    writeln!(out, "Claim {id}")?;
    writeln!(out, "  « {} »", rec.text)?;
    writeln!(out)?;
    if let Some(m) = &rec.merged_into {
        writeln!(
            out,
            "  merged into   #{} on {} (« {} », {}): see `claimlog show {}`",
            m.claim, m.at, m.text, m.speaker, m.claim
        )?;
        if let Some(note) = &m.note {
            writeln!(out, "                {note}")?;
        }
    }
    writeln!(out, "  speaker       {}", rec.speaker)?;
    if !rec.appearances.is_empty() {
        routes(out, rec)?;
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
        match &rec.actor {
            Some(actor) => writeln!(out, "  recorded      {created} by {actor}")?,
            None => writeln!(out, "  recorded      {created}")?,
        }
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
            if let Some(n) = e.appearance {
                line.push_str(&format!(", about appearance {n}"));
            }
            if let Some(from) = e.from_claim {
                line.push_str(&format!(" (recorded on merged claim #{from})"));
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
    if !rec.merged.is_empty() {
        writeln!(out)?;
        writeln!(out, "  merged claims")?;
        for m in &rec.merged {
            writeln!(
                out,
                "    #{}  {}  « {} », {}",
                m.claim, m.at, m.text, m.speaker
            )?;
            if let Some(note) = &m.note {
                writeln!(out, "      note: {note}")?;
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
