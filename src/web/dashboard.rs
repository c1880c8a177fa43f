//! `/dashboard`: claims per week by verification state, unverified claims per outlet,
//! links newly dead per week, and the newest dead links with the claims citing them.
//! Charts are inline SVG drawn here from counts (no script, no external resource);
//! every chart has its numbers in a `<title>` per bar for screen readers and hovering.

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use jiff::ToSpan;
use maud::{Markup, html};

use super::auth::Principal;
use super::forms::Form;
use super::i18n::{self, Lang, t};
use super::layout::{self, Chrome};
use super::{Shared, WebError, with_store};
use crate::model::{Date, Verification};
use crate::store::{ClaimFilter, DeadLink, Facet, FacetKind};

/// Weeks shown by the weekly charts.
const WEEKS: i64 = 12;

fn colour(v: Verification) -> &'static str {
    match v {
        Verification::Unverified => "#e0a040",
        Verification::UnableToVerify => "#c86b1e",
        Verification::PartiallyVerified => "#7a9be0",
        Verification::Verified => "#5aa65a",
    }
}

/// The Monday starting the week of `day`.
fn week_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

struct Data {
    weeks: Vec<Date>,
    per_week: BTreeMap<Date, [u64; 4]>,
    dead_per_week: BTreeMap<Date, u64>,
    outlets: Facet,
    dead: Vec<DeadLink>,
}

pub(crate) async fn page(
    State(state): State<Shared>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<layout::Page, WebError> {
    let q = Form::parse(query.as_deref().unwrap_or_default());
    let lang = i18n::negotiate(&headers, query.as_deref());
    let today = state.context().now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let this_week = week_of(today);
    let first = this_week
        .checked_sub(((WEEKS - 1) * 7).days())
        .unwrap_or(this_week);
    let weeks: Vec<Date> = (0..WEEKS)
        .filter_map(|i| first.checked_add((i * 7).days()).ok())
        .collect();
    let data = with_store(&state, None, move |store| {
        let tx = store.read()?;
        let mut per_week: BTreeMap<Date, [u64; 4]> = BTreeMap::new();
        for (day, v, n) in tx.claims_per_day(first)? {
            if let Ok(day) = day.parse::<Date>() {
                let slot = Verification::ALL.iter().position(|x| *x == v).unwrap_or(0);
                per_week.entry(week_of(day)).or_default()[slot] += n;
            }
        }
        let mut dead_per_week: BTreeMap<Date, u64> = BTreeMap::new();
        for (day, n) in tx.dead_links_per_day(first)? {
            if let Ok(day) = day.parse::<Date>() {
                *dead_per_week.entry(week_of(day)).or_default() += n;
            }
        }
        let unverified = ClaimFilter {
            unverified: true,
            ..ClaimFilter::default()
        };
        let outlets = tx.facet(&unverified, FacetKind::Outlet, 15)?;
        let dead = tx.newest_dead_links(15, 3)?;
        Ok(Data {
            weeks,
            per_week,
            dead_per_week,
            outlets,
            dead,
        })
    })
    .await?;
    let chrome = Chrome {
        principal: &principal,
        read_only: state.config.read_only,
        path: "/dashboard",
        query: &q,
    };
    Ok(layout::page(
        lang,
        t(lang, "dashboard"),
        Some(&chrome),
        body(lang, &data),
    ))
}

fn body(lang: Lang, d: &Data) -> Markup {
    html! {
        h1 { (t(lang, "dashboard")) }
        figure.per-week {
            figcaption { h2 { (t(lang, "claims_per_week")) } }
            (weekly_stacked(d))
            p.legend {
                @for v in Verification::ALL {
                    span { span class=(format!("sw {v}")) {} (i18n::value(lang, v.as_str())) }
                }
            }
        }
        figure.per-outlet {
            figcaption { h2 { (t(lang, "unverified_per_outlet")) } }
            (horizontal_bars(&d.outlets))
        }
        figure.dead-per-week {
            figcaption { h2 { (t(lang, "dead_over_time")) } }
            (weekly_bars(&d.weeks, &d.dead_per_week))
        }
        h2 { (t(lang, "newest_dead")) }
        @if d.dead.is_empty() { p.muted { "—" } } @else {
            table.dead-links {
                thead { tr { th { (t(lang, "url")) } th { (t(lang, "dead_since")) } th { (t(lang, "cited_by")) } } }
                tbody {
                    @for l in &d.dead {
                        tr {
                            td.url { a href=(l.url) rel="noopener noreferrer nofollow" { (l.url) } }
                            td { (l.dead_since) }
                            td {
                                @for (id, text) in &l.claims {
                                    a href=(format!("/claims/{id}")) { "#" (id) } " " (shorten(text, 80)) br;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{cut}…")
}

const W: f64 = 720.0;
const H: f64 = 220.0;
const PAD: f64 = 30.0;

fn weekly_stacked(d: &Data) -> Markup {
    let totals: Vec<u64> = d
        .weeks
        .iter()
        .map(|w| d.per_week.get(w).map(|c| c.iter().sum()).unwrap_or(0))
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (W - PAD) / d.weeks.len().max(1) as f64;
    html! {
        svg viewBox=(format!("0 0 {W} {}", H + 20.0)) role="img" xmlns="http://www.w3.org/2000/svg" {
            text x="0" y="12" font-size="11" { (max as u64) }
            line x1=(PAD) y1=(H) x2=(W) y2=(H) stroke="#999" {}
            @for (i, week) in d.weeks.iter().enumerate() {
                @let counts = d.per_week.get(week).copied().unwrap_or_default();
                @let x = PAD + i as f64 * slot + 2.0;
                @let mut top = H;
                @for (k, v) in Verification::ALL.iter().enumerate() {
                    @let h = counts[k] as f64 / max * (H - 20.0);
                    @if counts[k] > 0 {
                        @let y = { top -= h; top };
                        rect x=(format!("{x:.1}")) y=(format!("{y:.1}")) width=(format!("{:.1}", slot - 4.0)) height=(format!("{h:.1}")) fill=(colour(*v)) {
                            title { (week) " · " (v) ": " (counts[k]) }
                        }
                    }
                }
                text x=(format!("{:.1}", x)) y=(H + 14.0) font-size="10" { (week.strftime("%m-%d")) }
            }
        }
    }
}

fn weekly_bars(weeks: &[Date], counts: &BTreeMap<Date, u64>) -> Markup {
    let max = weeks
        .iter()
        .map(|w| counts.get(w).copied().unwrap_or(0))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (W - PAD) / weeks.len().max(1) as f64;
    html! {
        svg viewBox=(format!("0 0 {W} {}", H + 20.0)) role="img" xmlns="http://www.w3.org/2000/svg" {
            text x="0" y="12" font-size="11" { (max as u64) }
            line x1=(PAD) y1=(H) x2=(W) y2=(H) stroke="#999" {}
            @for (i, week) in weeks.iter().enumerate() {
                @let n = counts.get(week).copied().unwrap_or(0);
                @let h = n as f64 / max * (H - 20.0);
                @let x = PAD + i as f64 * slot + 2.0;
                rect x=(format!("{x:.1}")) y=(format!("{:.1}", H - h)) width=(format!("{:.1}", slot - 4.0)) height=(format!("{h:.1}")) fill="#b00020" {
                    title { (week) ": " (n) }
                }
                text x=(format!("{x:.1}")) y=(H + 14.0) font-size="10" { (week.strftime("%m-%d")) }
            }
        }
    }
}

fn horizontal_bars(facet: &Facet) -> Markup {
    let max = facet
        .values
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row = 22.0;
    let label = 200.0;
    let height = row * facet.values.len().max(1) as f64 + 4.0;
    html! {
        @if facet.values.is_empty() { p.muted { "—" } } @else {
            svg viewBox=(format!("0 0 {W} {height}")) role="img" xmlns="http://www.w3.org/2000/svg" {
                @for (i, (name, n)) in facet.values.iter().enumerate() {
                    @let y = i as f64 * row + 2.0;
                    @let w = *n as f64 / max * (W - label - 60.0);
                    text x="0" y=(format!("{:.1}", y + 15.0)) font-size="12" { (shorten(name, 30)) }
                    rect x=(label) y=(format!("{y:.1}")) width=(format!("{w:.1}")) height=(row - 6.0) fill="#e0a040" {
                        title { (name) ": " (n) }
                    }
                    text x=(format!("{:.1}", label + w + 6.0)) y=(format!("{:.1}", y + 15.0)) font-size="12" { (n) }
                }
            }
        }
    }
}
