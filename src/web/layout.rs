//! The frame of every page (header, navigation, language switch, sign-out form), the
//! style sheet served by the binary (no CDN, no script), and error pages. maud
//! escapes every value it prints; nothing here emits raw HTML from data.

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};

use super::auth::Principal;
use super::forms::Form;
use super::i18n::{Lang, t};

/// What the header shows for a signed-in reader.
pub(crate) struct Chrome<'a> {
    pub principal: &'a Principal,
    pub read_only: bool,
    /// The page's path and query, for the language switch.
    pub path: &'a str,
    pub query: &'a Form,
}

/// A whole page, ready to send.
pub(crate) type Page = axum::response::Html<String>;

pub(crate) fn page(lang: Lang, title: &str, chrome: Option<&Chrome>, body: Markup) -> Page {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · claimlog" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "claimlog" }
                    @if let Some(c) = chrome {
                        nav {
                            a href="/" { (t(lang, "queue")) }
                            a href="/dashboard" { (t(lang, "dashboard")) }
                            @if c.principal.role >= crate::model::Role::Admin { a href="/users" { (t(lang, "users")) } }
                        }
                        span.lang {
                            @let other = if lang == Lang::En { Lang::Fr } else { Lang::En };
                            a href=(format!("{}?{}", c.path, c.query.with("ui", Some(other.code())))) hreflang=(other.code()) {
                                (other.code().to_uppercase())
                            }
                        }
                        span.who {
                            (c.principal.name) " (" (c.principal.role) ")"
                            @if c.read_only { " · " (t(lang, "read_only")) }
                        }
                        @if let Some(csrf) = &c.principal.csrf {
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (t(lang, "sign_out")) }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    };
    axum::response::Html(markup.into_string())
}

pub(crate) fn error_page(status: StatusCode, message: &str) -> Page {
    page(
        Lang::En,
        status.canonical_reason().unwrap_or("Error"),
        None,
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p.error role="alert" { (message) }
            p { a href="/" { "claimlog" } }
        },
    )
}

const STYLE: &str = "
:root { --ink: #1d1d1f; --muted: #666; --line: #ddd; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; color: var(--ink);
       line-height: 1.45; }
header.top { display: flex; gap: 1.2rem; align-items: center; padding: .6rem 1.2rem;
             border-bottom: 1px solid var(--line); background: #fafafa; flex-wrap: wrap; }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
header.top nav a { margin-right: .9rem; }
header.top .who { margin-left: auto; color: var(--muted); font-size: .9rem; }
main { padding: 1rem 1.2rem; max-width: 80rem; }
a { color: var(--accent); }
h1 { font-size: 1.4rem; }
h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.layout { display: grid; grid-template-columns: 15rem 1fr; gap: 1.5rem; }
@media (max-width: 50rem) { .layout { grid-template-columns: 1fr; } }
aside.facets h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
aside.facets ul { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
aside.facets li { display: flex; justify-content: space-between; gap: .5rem; }
aside.facets li.on a { font-weight: 700; }
.count { color: var(--muted); font-variant-numeric: tabular-nums; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
form.filters label.check { flex-direction: row; gap: .3rem; align-items: center; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=search], input[type=url], input[type=password], textarea, select {
  padding: .25rem .4rem; border: 1px solid #bbb; border-radius: 4px; }
button { padding: .3rem .8rem; border: 1px solid #888; border-radius: 4px; background: #f3f3f3; cursor: pointer; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .45rem; border-bottom: 1px solid #eee; vertical-align: top; }
th a { color: var(--ink); }
td.text { max-width: 36rem; }
td.url { word-break: break-all; }
.badge { display: inline-block; padding: .02rem .45rem; border-radius: 1rem; font-size: .8rem;
         border: 1px solid #999; white-space: nowrap; }
.unverified, .unable_to_verify { background: #fff4e5; border-color: #e0a040; }
.partially_verified { background: #eef4ff; border-color: #7a9be0; }
.verified { background: #eaf7ea; border-color: #5aa65a; }
.dead { color: #b00020; font-weight: 600; }
.error { color: #b00020; }
.muted { color: var(--muted); }
blockquote.claim { font-size: 1.15rem; margin: .5rem 0 1rem; padding-left: .9rem; border-left: 4px solid #bbb;
                   white-space: pre-wrap; }
ol.routes li { margin-bottom: .5rem; }
.route { font-weight: 600; }
ul.history { padding-left: 1.2rem; }
ul.history li { margin-bottom: .4rem; }
.retracted { text-decoration: line-through; color: var(--muted); }
section.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
section.actions form, form.login { display: flex; flex-direction: column; gap: .4rem;
                     border: 1px solid var(--line); border-radius: 6px; padding: .8rem; }
form.login { max-width: 22rem; }
form.login label, section.actions label { display: flex; flex-direction: column; font-size: .9rem; }
form.inline { display: inline; }
nav.pages { margin: 1rem 0; display: flex; gap: 1rem; align-items: center; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; font-family: inherit; }
.legend span { margin-right: 1rem; font-size: .85rem; }
.sw { display: inline-block; width: .8rem; height: .8rem; margin-right: .25rem; vertical-align: middle; }
.sw.unverified { background: #e0a040; } .sw.unable_to_verify { background: #c86b1e; }
.sw.partially_verified { background: #7a9be0; } .sw.verified { background: #5aa65a; }
";

pub(crate) async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}
