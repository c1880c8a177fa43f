//! The queue (`/`) and the claim page (`/claims/{id}`), rendered on the server from the
//! store's records. Every view is a URL: filters, sort and page are query parameters
//! with the names of the API's (and of `list`'s flags).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use maud::{Markup, html};

use super::auth::Principal;
use super::forms::{self, Form};
use super::i18n::{self, Lang, t};
use super::layout::{self, Chrome};
use super::{Shared, WebError, with_store};
use crate::model::{ClaimId, ClaimRecord, Role, Verdict, Verification, WorkflowState};
use crate::store::{Facet, Facets, QueueOrder, WorkflowRecord};

/// Claims per page of the queue.
pub(crate) const PAGE_SIZE: u64 = 50;
/// Values kept per facet.
const FACET_TOP: usize = 10;
/// How long counts are reused for the same filter at least (a write through the web
/// makes them stale at once); a count that took long is reused longer, ten times what it
/// took, so that recounting a large database never takes more than a tenth of a core.
const FACET_LIFE: Duration = Duration::from_secs(30);
/// Below this many claims a filter's counts are computed with its first page (a few
/// milliseconds); above, in the background, and the page says they are on their way.
/// `CLAIMLOG_SERVE_COUNT_INLINE` sets another bound (0: never with the page).
const COUNT_INLINE_UP_TO: i64 = 20_000;

fn count_inline_up_to() -> i64 {
    static BOUND: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *BOUND.get_or_init(|| {
        std::env::var("CLAIMLOG_SERVE_COUNT_INLINE")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(COUNT_INLINE_UP_TO)
    })
}

/// Total and facets per filter. A page never waits for counts over a large database:
/// they are served from here and, once old or after a change, recounted in the
/// background while the previous ones are shown (stale while revalidating). A filter
/// never seen before shows its page at once and its counts from the next view.
#[derive(Default)]
pub(crate) struct FacetCache(Mutex<FacetMap>);

#[derive(Default)]
struct FacetMap {
    entries: HashMap<String, FacetEntry>,
    /// Keys being counted, on a request or in the background.
    counting: HashSet<String>,
    /// Counts running in the background.
    background: usize,
}

struct FacetEntry {
    at: Instant,
    took: Duration,
    counts: Counts,
    stale: bool,
}

/// How many claims a filter selects, and its facets.
pub(crate) type Counts = (u64, Facets);

/// Counts made in the background at the same time at most (over a large database each
/// takes a core for seconds); a view that finds them all busy shows its page without
/// counts and asks again at its next view.
const BACKGROUND_COUNTS: usize = 1;

/// Filters whose counts are kept at most, and for how long when unused.
const FACET_KEEP: usize = 1000;
const FACET_FORGET: Duration = Duration::from_secs(600);

impl FacetCache {
    /// The counts kept for `key`, if any, and whether the caller should count them
    /// (they are missing or old, and nobody is counting them yet: the cache then
    /// remembers a count is under way, until [`FacetCache::put`] or
    /// [`FacetCache::abandon`]).
    fn get(&self, key: &str) -> (Option<Counts>, bool) {
        let Ok(mut map) = self.0.lock() else {
            return (None, false);
        };
        let (found, old) = match map.entries.get(key) {
            Some(e) => (
                Some(e.counts.clone()),
                e.stale || e.at.elapsed() >= FACET_LIFE.max(e.took * 10),
            ),
            None => (None, true),
        };
        let count = old && map.counting.insert(key.to_string());
        (found, count)
    }

    fn put(&self, key: String, counts: Counts, took: Duration) {
        if let Ok(mut map) = self.0.lock() {
            map.counting.remove(&key);
            map.entries
                .retain(|_, e| e.at.elapsed() < FACET_FORGET.max(e.took * 10));
            if map.entries.len() >= FACET_KEEP {
                map.entries.clear();
            }
            map.entries.insert(
                key,
                FacetEntry {
                    at: Instant::now(),
                    took,
                    counts,
                    stale: false,
                },
            );
        }
    }

    /// Whether a background count of `key` (which [`FacetCache::get`] said to count)
    /// may start now; if not, `key` is left for a later view to count.
    fn start_background(&self, key: &str) -> bool {
        let Ok(mut map) = self.0.lock() else {
            return false;
        };
        if map.background >= BACKGROUND_COUNTS {
            map.counting.remove(key);
            return false;
        }
        map.background += 1;
        true
    }

    fn end_background(&self) {
        if let Ok(mut map) = self.0.lock() {
            map.background = map.background.saturating_sub(1);
        }
    }

    fn abandon(&self, key: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.counting.remove(key);
        }
    }

    /// After a change: every count is recounted at its next view.
    pub fn mark_stale(&self) {
        if let Ok(mut map) = self.0.lock() {
            for entry in map.entries.values_mut() {
                entry.stale = true;
            }
        }
    }
}

/// The cache key of a queue view: its query without the page ("me" differs per reader;
/// every other filter counts the same for all).
fn counts_key(q: &Form, reader: &str) -> String {
    let mut key = q.with("page", None);
    if q.get("assigned_to").is_some_and(|a| a.trim() == "me") {
        key.push_str(&format!("&reader={reader}"));
    }
    key
}

/// Counts `filter` on a store of the pool, off the request, and keeps the result.
fn count_in_background(
    state: &Shared,
    key: String,
    filter: crate::store::ClaimFilter,
    actor: Option<String>,
) {
    if !state.facets.start_background(&key) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let started = Instant::now();
        let counted = with_store(&state, actor, move |store| {
            let tx = store.read()?;
            Ok((tx.count_claims(&filter)?, tx.facets(&filter, FACET_TOP)?))
        })
        .await;
        match counted {
            Ok(counts) => state.facets.put(key, counts, started.elapsed()),
            Err(_) => state.facets.abandon(&key),
        }
        state.facets.end_background();
    });
}

/// Counts the unfiltered queue as the server starts, so that the first editor to open
/// it sees its counts.
pub(crate) fn count_default_view(state: &Shared) {
    let q = Form::parse("");
    let key = counts_key(&q, "");
    if let (None, true) = state.facets.get(&key)
        && let Ok(filter) = forms::claim_filter(&q, None)
    {
        count_in_background(state, key, filter, None);
    }
}

fn order_of(q: &Form) -> Result<QueueOrder, WebError> {
    Ok(match q.get("sort").unwrap_or_default() {
        "" | "open" => QueueOrder::OpenFirst,
        "newest" => QueueOrder::Newest,
        "oldest" => QueueOrder::Oldest,
        "speaker" => QueueOrder::Speaker,
        "verification" => QueueOrder::Verification,
        other => {
            return Err(WebError::new(
                axum::http::StatusCode::BAD_REQUEST,
                format!(
                    "invalid sort {other:?}: expected open, newest, oldest, speaker or verification"
                ),
            ));
        }
    })
}

/// What the queue shows of one claim.
struct Row {
    id: ClaimId,
    text: String,
    speaker: String,
    outlet: Option<String>,
    date: Option<String>,
    verification: Verification,
    verdict: Option<Verdict>,
    dead: bool,
}

fn row(r: ClaimRecord) -> Option<Row> {
    Some(Row {
        id: r.id?,
        dead: r
            .links
            .iter()
            .any(|l| l.last_check.as_ref().is_some_and(|c| c.dead)),
        date: r
            .claimed_on
            .clone()
            .or_else(|| r.created_at.as_ref().map(|c| c.chars().take(10).collect())),
        text: r.text,
        speaker: r.speaker,
        outlet: r.outlet,
        verification: r.verification,
        verdict: r.verdict,
    })
}

pub(crate) async fn queue(
    State(state): State<Shared>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<layout::Page, WebError> {
    let q = Form::parse(query.as_deref().unwrap_or_default());
    let lang = i18n::negotiate(&headers, query.as_deref());
    let filter = forms::claim_filter(&q, None)?;
    let order = order_of(&q)?;
    let page = q.number("page")?.unwrap_or(1).max(1);
    let key = counts_key(&q, &principal.name);
    let (cached, count) = state.facets.get(&key);
    let actor = Some(principal.name.clone());
    let started = Instant::now();
    let page_filter = filter.clone();
    let (rows, small) = with_store(&state, actor.clone(), move |store| {
        let tx = store.read()?;
        let ids = tx.queue_page(&page_filter, order, (page - 1) * PAGE_SIZE, PAGE_SIZE)?;
        let rows: Vec<Row> = tx
            .load_records(&ids, true)?
            .into_iter()
            .filter_map(row)
            .collect();
        let small = tx.largest_claim_id()? <= count_inline_up_to();
        Ok((rows, small))
    })
    .await?;
    let counts = match (cached, count) {
        (cached, false) => cached,
        (None, true) if small => {
            let counting = Instant::now();
            let counted = with_store(&state, actor, move |store| {
                let tx = store.read()?;
                Ok((tx.count_claims(&filter)?, tx.facets(&filter, FACET_TOP)?))
            })
            .await;
            match counted {
                Ok(counts) => {
                    state.facets.put(key, counts.clone(), counting.elapsed());
                    Some(counts)
                }
                Err(e) => {
                    state.facets.abandon(&key);
                    return Err(e);
                }
            }
        }
        (cached, true) => {
            count_in_background(&state, key, filter, actor);
            cached
        }
    };
    let elapsed = started.elapsed();
    let chrome = Chrome {
        principal: &principal,
        read_only: state.config.read_only,
        path: "/",
        query: &q,
    };
    Ok(layout::page(
        lang,
        t(lang, "queue"),
        Some(&chrome),
        queue_body(lang, &q, &rows, counts.as_ref(), page, elapsed),
    ))
}

fn facet_list(
    lang: Lang,
    q: &Form,
    title: &'static str,
    key: &str,
    facet: &Facet,
    labels: bool,
) -> Markup {
    html! {
        @if !facet.values.is_empty() {
            h3 { (t(lang, title)) }
            ul {
                @for (value, n) in &facet.values {
                    @let on = q.all(key).iter().any(|v| v == value);
                    li class=[on.then_some("on")] {
                        a href=(format!("/?{}", Form::parse(&q.with("page", None)).with(key, if on { None } else { Some(value) })))
                        {
                            @if labels { (i18n::value(lang, value)) } @else { (value) }
                        }
                        span.count { (n) }
                    }
                }
            }
        }
    }
}

fn sort_link(q: &Form, sort: &str, label: &str) -> Markup {
    let current = q.get("sort").unwrap_or("open");
    let query = q.with("page", None);
    let query = Form::parse(&query).with("sort", Some(sort));
    html! {
        a href=(format!("/?{query}")) aria-sort=[(current == sort).then_some("descending")] { (label) }
    }
}

fn queue_body(
    lang: Lang,
    q: &Form,
    rows: &[Row],
    counts: Option<&Counts>,
    page: u64,
    elapsed: Duration,
) -> Markup {
    // Without counts yet, a next page is offered when this one is full.
    let pages = counts.map(|(total, _)| total.div_ceil(PAGE_SIZE).max(1));
    let has_next = match pages {
        Some(pages) => page < pages,
        None => rows.len() as u64 == PAGE_SIZE,
    };
    let page_link = |n: u64| format!("/?{}", q.with("page", Some(&n.to_string())));
    let here = format!("/?{}", q.with("ui", None));
    html! {
        h1 { (t(lang, "queue")) " " span.count {
            @match counts {
                Some((total, _)) => { "(" (total) " " (t(lang, "claims")) ")" }
                None => { "(" (t(lang, "counting")) ")" }
            }
        } }
        form.filters method="get" action="/" role="search" {
            label { (t(lang, "search")) input type="search" name="search" value=[q.get("search")] placeholder=(t(lang, "search_hint")); }
            label { (t(lang, "outlet")) input type="text" name="outlet" value=[q.get("outlet")]; }
            label { (t(lang, "speaker")) input type="text" name="by" value=[q.get("by")]; }
            label { (t(lang, "tag")) input type="text" name="tag" value=[q.get("tag")]; }
            label { (t(lang, "since")) input type="date" name="since" value=[q.get("since")]; }
            label { (t(lang, "until")) input type="date" name="until" value=[q.get("until")]; }
            label { (t(lang, "verification"))
                select name="verification" {
                    option value="" { (t(lang, "any")) }
                    @for v in Verification::ALL {
                        option value=(v.as_str()) selected[q.get("verification") == Some(v.as_str())] { (i18n::value(lang, v.as_str())) }
                    }
                }
            }
            label { (t(lang, "workflow"))
                select name="workflow" {
                    option value="" { (t(lang, "any")) }
                    @for s in WorkflowState::ALL {
                        option value=(s.as_str()) selected[q.get("workflow") == Some(s.as_str())] { (i18n::value(lang, s.as_str())) }
                    }
                }
            }
            label { (t(lang, "assignee")) input type="text" name="assigned_to" value=[q.get("assigned_to")] placeholder="me"; }
            label.check { input type="checkbox" name="dead_links" value="1" checked[q.flag("dead_links")]; (t(lang, "dead_links")) }
            label.check { input type="checkbox" name="unverified" value="1" checked[q.flag("unverified")]; (t(lang, "unverified_only")) }
            @if let Some(sort) = q.get("sort") { input type="hidden" name="sort" value=(sort); }
            @if let Some(l) = q.get("lang") { input type="hidden" name="lang" value=(l); }
            button type="submit" { (t(lang, "filter")) }
            a href="/" { (t(lang, "clear")) }
        }
        div.layout {
            aside.facets aria-label=(t(lang, "facets")) {
                @match counts {
                    Some((_, facets)) => {
                        (facet_list(lang, q, "verification", "verification", &facets.verification, true))
                        (facet_list(lang, q, "outlet", "outlet", &facets.outlet, false))
                        (facet_list(lang, q, "speaker", "by", &facets.speaker, false))
                        (facet_list(lang, q, "tags", "tag", &facets.tag, false))
                        (facet_list(lang, q, "language", "lang", &facets.lang, false))
                    }
                    None => {
                        p.muted { (t(lang, "counts_coming")) " " a href=(here) { (t(lang, "reload")) } }
                    }
                }
            }
            div {
                @if rows.is_empty() {
                    p.muted { (t(lang, "none")) }
                } @else {
                    table.queue {
                        thead { tr {
                            th { "#" }
                            th { (t(lang, "text")) }
                            th { (sort_link(q, "speaker", t(lang, "speaker"))) }
                            th { (t(lang, "outlet")) }
                            th { (sort_link(q, "newest", t(lang, "date"))) " " (sort_link(q, "oldest", "↑")) }
                            th { (sort_link(q, "verification", t(lang, "verification"))) " " (sort_link(q, "open", "★")) }
                        } }
                        tbody {
                            @for r in rows {
                                tr {
                                    td { a href=(format!("/claims/{}", r.id)) { (r.id) } }
                                    td.text {
                                        a href=(format!("/claims/{}", r.id)) { (r.text) }
                                        @if r.dead { " " span.dead { "⚠ " (t(lang, "dead")) } }
                                    }
                                    td { (r.speaker) }
                                    td { (r.outlet.as_deref().unwrap_or("")) }
                                    td { (r.date.as_deref().unwrap_or("")) }
                                    td {
                                        span class=(format!("badge {}", r.verification)) { (i18n::value(lang, r.verification.as_str())) }
                                        @if let Some(v) = r.verdict { " " span.badge { (v.as_str().replace('_', " ")) } }
                                    }
                                }
                            }
                        }
                    }
                }
                nav.pages {
                    @if page > 1 { a rel="prev" href=(page_link(page - 1)) { "← " (t(lang, "previous")) } }
                    span { (t(lang, "page")) " " (page) @if let Some(pages) = pages { " / " (pages) } }
                    @if has_next { a rel="next" href=(page_link(page + 1)) { (t(lang, "next")) " →" } }
                }
                p.muted { small { "server " (format!("{:.1}", elapsed.as_secs_f64() * 1000.0)) " ms" } }
            }
        }
    }
}

pub(crate) fn parse_claim_id(id: &str) -> Result<ClaimId, WebError> {
    id.parse::<ClaimId>().map_err(|_| WebError::not_found())
}

pub(crate) async fn claim(
    State(state): State<Shared>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<layout::Page, WebError> {
    let id = parse_claim_id(&id)?;
    let q = Form::parse(query.as_deref().unwrap_or_default());
    let lang = i18n::negotiate(&headers, query.as_deref());
    let (record, workflow) = with_store(&state, None, move |store| {
        let tx = store.read()?;
        tx.require_claim(id)?;
        let record = tx.load_records(&[id], true)?.pop();
        let workflow = tx.workflow_of(id)?;
        Ok((record, workflow))
    })
    .await?;
    let record = record.ok_or_else(WebError::not_found)?;
    let path = format!("/claims/{id}");
    let chrome = Chrome {
        principal: &principal,
        read_only: state.config.read_only,
        path: &path,
        query: &q,
    };
    let can = |role: Role| !state.config.read_only && principal.role >= role;
    let title = format!("{} #{id}", t(lang, "claim"));
    let body = claim_body(lang, id, &record, &workflow, &principal, &can);
    Ok(layout::page(lang, &title, Some(&chrome), body))
}

fn claim_body(
    lang: Lang,
    id: ClaimId,
    r: &ClaimRecord,
    workflow: &WorkflowRecord,
    principal: &Principal,
    can: &dyn Fn(Role) -> bool,
) -> Markup {
    let csrf = principal.csrf.clone().unwrap_or_default();
    let action = |what: &str| format!("/claims/{id}/{what}");
    html! {
        h1 { (t(lang, "claim")) " #" (id) " "
            span class=(format!("badge {}", r.verification)) { (i18n::value(lang, r.verification.as_str())) }
            @if let Some(v) = r.verdict { " " span.badge { (v.as_str().replace('_', " ")) } }
        }
        @if let Some(w) = &r.withdrawn {
            p.error { (t(lang, "withdrawn")) ": " (w.reason) " (" (w.at) ", " (w.actor.as_deref().unwrap_or("?")) ")" }
        }
        @if let Some(m) = &r.merged_into {
            p.error { "→ " a href=(format!("/claims/{}", m.claim)) { "#" (m.claim) } }
        }
        blockquote.claim lang=[r.lang.as_deref()] { (r.text) }
        p {
            strong { (r.speaker) }
            @if let Some(d) = &r.claimed_on { " · " (d) }
            @if let Some(l) = &r.lang { " · " (l) }
            @if !r.tags.is_empty() {
                " · " (t(lang, "tags")) ": "
                @for tag in &r.tags { a.badge href=(format!("/?{}", Form(vec![("tag".into(), tag.clone())]).with("page", None))) { (tag) } " " }
            }
        }
        p.workflow {
            (t(lang, "workflow")) ": "
            strong { (i18n::value(lang, workflow.state.unwrap_or(WorkflowState::ToDo).as_str())) }
            " · " (t(lang, "assignee")) ": "
            strong { (workflow.assignee.as_deref().unwrap_or(t(lang, "nobody"))) }
        }

        h2 { (t(lang, "routes")) }
        @if r.appearances.is_empty() { p.muted { "—" } }
        ol.routes {
            @for a in &r.appearances {
                li {
                    span.route {
                        (r.speaker)
                        @for relay in &a.relays { " → " (relay) }
                        " → " (a.outlet.as_deref().unwrap_or("?"))
                    }
                    @if let Some(c) = &a.cue { " (" (c) ")" }
                    @if let Some(d) = &a.published_on { " · " (d) }
                    @if let Some(w) = &a.wording { br; q lang=[a.lang.as_deref()] { (w) } }
                    @if let Some(u) = &a.url { br; a.url href=(u) rel="noopener noreferrer nofollow" { (u) } }
                }
            }
        }

        h2 { (t(lang, "links")) }
        @if r.links.is_empty() { p.muted { "—" } } @else {
            table.links {
                thead { tr { th { (t(lang, "url")) } th { (t(lang, "role")) } th { (t(lang, "last_check")) } th { (t(lang, "archived")) } } }
                tbody {
                    @for l in &r.links {
                        tr {
                            td.url { a href=(l.url) rel="noopener noreferrer nofollow" { (l.url) } }
                            td { (l.role) }
                            td {
                                @match &l.last_check {
                                    None => span.muted { (t(lang, "never_checked")) },
                                    Some(c) => {
                                        span class=[c.dead.then_some("dead")] {
                                            (c.outcome)
                                            @if let Some(s) = c.http_status { " " (s) }
                                            @if c.dead { " · " (t(lang, "dead")) }
                                        }
                                        " " span.muted { (c.checked_at) }
                                    }
                                }
                            }
                            td { (l.archived_at.as_deref().unwrap_or("—")) }
                        }
                    }
                }
            }
        }

        h2 { (t(lang, "history")) }
        @if r.history.is_empty() { p.muted { "—" } }
        ul.history {
            @for e in &r.history {
                li class=[e.retracted.is_some().then_some("event-retracted")] {
                    span class=[e.retracted.is_some().then_some("retracted")] {
                        @if let Some(n) = e.id { "#" (n) " " }
                        (e.at) " · "
                        span class=(format!("badge {}", e.verification)) { (i18n::value(lang, e.verification.as_str())) }
                        @if let Some(v) = e.verdict { " " (v.as_str().replace('_', " ")) }
                        @if let Some(by) = &e.by { " · " (t(lang, "by")) " " (by) }
                        @if let Some(n) = &e.note { " · " em { (n) } }
                        @if let Some(ev) = &e.evidence { " · " a href=(ev) rel="noopener noreferrer nofollow" { (ev) } }
                    }
                    " · " span.actor { (t(lang, "recorded_by")) " " (e.actor.as_deref().unwrap_or("?")) }
                    @if let Some(x) = &e.retracted {
                        " · " strong { (t(lang, "retracted")) } " " (x.at) " " (t(lang, "by")) " " (x.actor.as_deref().unwrap_or("?")) ": " (x.reason)
                    }
                    @if let (Some(n), None, true) = (e.id, &e.retracted, can(Role::Editor)) {
                        form.inline.retract method="post" action=(action("retract-event")) {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="event" value=(n);
                            input type="text" name="reason" required placeholder=(t(lang, "reason")) aria-label=(t(lang, "reason"));
                            button type="submit" { (t(lang, "retract")) }
                        }
                    }
                }
            }
        }

        @if !r.revisions.is_empty() {
            h2 { (t(lang, "revisions")) }
            table.revisions {
                thead { tr { th { (t(lang, "at")) } th { (t(lang, "previous_text")) } th { (t(lang, "note")) } th { (t(lang, "actor")) } } }
                tbody {
                    @for v in &r.revisions {
                        tr { td { (v.at) } td { (v.text) } td { (v.note.as_deref().unwrap_or("")) } td { (v.actor.as_deref().unwrap_or("?")) } }
                    }
                }
            }
        }

        @if !workflow.history.is_empty() {
            h2 { (t(lang, "workflow")) }
            ul.history {
                @for w in &workflow.history {
                    li {
                        (w.at)
                        @if let Some(a) = &w.assignee { " · " (t(lang, "assignee")) " " @if a.is_empty() { (t(lang, "nobody")) } @else { (a) } }
                        @if let Some(s) = w.state { " · " (i18n::value(lang, s.as_str())) }
                        " · " (t(lang, "recorded_by")) " " (w.actor.as_deref().unwrap_or("?"))
                    }
                }
            }
        }

        @if can(Role::Checker) && r.merged_into.is_none() {
            section.actions {
                form.verify method="post" action=(action("verify")) {
                    h3 { (t(lang, "verify")) }
                    input type="hidden" name="csrf" value=(csrf);
                    label { (t(lang, "status"))
                        select name="status" required {
                            @for v in Verification::ALL { option value=(v.as_str()) { (i18n::value(lang, v.as_str())) } }
                        }
                    }
                    label { (t(lang, "verdict"))
                        select name="verdict" {
                            option value="" { "—" }
                            @for v in Verdict::ALL { option value=(v.as_str()) { (v.as_str().replace('_', " ")) } }
                        }
                    }
                    label { (t(lang, "who_verified")) input type="text" name="by"; }
                    label { (t(lang, "note")) textarea name="note" rows="2" {} }
                    label { (t(lang, "evidence")) input type="url" name="evidence"; }
                    button type="submit" { (t(lang, "save")) }
                }
                form.workflow method="post" action=(action("workflow")) {
                    h3 { (t(lang, "workflow")) }
                    input type="hidden" name="csrf" value=(csrf);
                    label { (t(lang, "assignee")) input type="text" name="assignee" value=[workflow.assignee.as_deref()]; }
                    label { (t(lang, "state"))
                        select name="state" {
                            @for s in WorkflowState::ALL {
                                option value=(s.as_str()) selected[workflow.state == Some(*s)] { (i18n::value(lang, s.as_str())) }
                            }
                        }
                    }
                    button type="submit" { (t(lang, "save")) }
                }
                form.tag method="post" action=(action("tag")) {
                    h3 { (t(lang, "add_tag")) }
                    input type="hidden" name="csrf" value=(csrf);
                    label { (t(lang, "tag")) input type="text" name="tag" required; }
                    button type="submit" { (t(lang, "save")) }
                }
                form.appearance method="post" action=(action("appearance")) {
                    h3 { (t(lang, "add_appearance")) }
                    input type="hidden" name="csrf" value=(csrf);
                    label { (t(lang, "outlet")) input type="text" name="outlet" required; }
                    label { (t(lang, "via")) textarea name="via" rows="2" {} }
                    label { (t(lang, "cue")) input type="text" name="cue"; }
                    label { (t(lang, "wording")) textarea name="wording" rows="2" {} }
                    label { (t(lang, "url")) input type="url" name="url"; }
                    label { (t(lang, "published")) input type="date" name="date"; }
                    button type="submit" { (t(lang, "save")) }
                }
                @if can(Role::Editor) {
                    form.edit method="post" action=(action("edit")) {
                        h3 { (t(lang, "edit")) }
                        input type="hidden" name="csrf" value=(csrf);
                        label { (t(lang, "text")) textarea name="text" rows="3" { (r.text) } }
                        label { (t(lang, "speaker")) input type="text" name="by" value=(r.speaker); }
                        label { (t(lang, "date")) input type="date" name="date" value=[r.claimed_on.as_deref()]; }
                        label { (t(lang, "note")) input type="text" name="note"; }
                        button type="submit" { (t(lang, "save")) }
                    }
                    @if r.withdrawn.is_none() {
                        form.withdraw method="post" action=(action("withdraw")) {
                            h3 { (t(lang, "withdraw")) }
                            input type="hidden" name="csrf" value=(csrf);
                            label { (t(lang, "reason")) input type="text" name="reason" required; }
                            button type="submit" { (t(lang, "withdraw")) }
                        }
                    }
                }
            }
        }
    }
}
