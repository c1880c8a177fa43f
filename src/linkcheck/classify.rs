//! From what a site answered to a [`LinkOutcome`]: status codes, soft 404s (a 200 page
//! that says "not found", or an article redirected to the home page) and login walls.
//!
//! Pure functions over values; nothing here touches the network or the clock.

use url::Url;

use super::text::PageText;
use crate::model::LinkOutcome;

/// The outcome of a final, non-redirect status other than 2xx and 304.
pub fn status_outcome(status: u16) -> LinkOutcome {
    match status {
        404 | 410 => LinkOutcome::Broken,
        429 => LinkOutcome::RateLimited,
        // An anti-bot wall or a login is not proof of death; nor is a site refusing our
        // request in some other way (405/406 from bot filters, LinkedIn's 999).
        400..=499 | 999 => LinkOutcome::Blocked,
        500..=599 => LinkOutcome::ServerError,
        // A redirect with no Location leads nowhere.
        300..=399 => LinkOutcome::Broken,
        _ => LinkOutcome::Ok,
    }
}

/// Whether a failed attempt with this status deserves another try.
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// Said by a page's title or first heading when the page is gone.
const GONE_IN_TITLE: &[&str] = &[
    "not found",
    "page introuvable",
    "introuvable",
    "n'existe plus",
    "n'existe pas",
    "non trouvée",
    "no longer available",
    "does not exist",
    "doesn't exist",
    "error 404",
    "erreur 404",
    "404 error",
    "page 404",
];

/// Said in the opening words of a page's text when the page is gone. Stricter than
/// titles: an article may well report that something "was not found".
const GONE_IN_TEXT: &[&str] = &[
    "page not found",
    "page could not be found",
    "page you requested could not be found",
    "page you are looking for",
    "page introuvable",
    "cette page n'existe plus",
    "cette page n'existe pas",
    "la page demandée n'existe",
    "n'existe plus",
    "page no longer exists",
    "error 404",
    "erreur 404",
];

/// How many characters of the opening text are searched for [`GONE_IN_TEXT`].
const OPENING_CHARS: usize = 300;

/// Why a 200 page is really a "not found" page, if it is.
pub fn soft_404_text(page: &PageText) -> Option<String> {
    let title = page.title.to_lowercase();
    let heading = page.heading.to_lowercase();
    for phrase in GONE_IN_TITLE {
        if title.contains(phrase) || title.starts_with("404") {
            return Some(format!("the page title says {:?}", page.title));
        }
        if heading.contains(phrase) || heading.starts_with("404") {
            return Some(format!("the page heading says {:?}", page.heading));
        }
    }
    let opening: String = page.opening.chars().take(OPENING_CHARS).collect();
    let opening = opening.to_lowercase();
    GONE_IN_TEXT
        .iter()
        .find(|p| opening.contains(*p))
        .map(|p| format!("the page text says {p:?}"))
}

/// Language codes that name a site's edition at the top of its path (`/fr/`).
const LANGUAGE_HOMES: &[&str] = &[
    "ar", "az", "de", "en", "es", "fa", "fr", "hy", "it", "ja", "ka", "ko", "nl", "pl", "pt", "ru",
    "tr", "uk", "zh", "en-us", "en-gb", "fr-fr",
];

/// Whether `path` is a site's home page: `/`, `/index.html`, `/fr/`, `/en`.
fn is_home_path(url: &Url) -> bool {
    let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => true,
        [one] => {
            let one = one.to_ascii_lowercase();
            one.starts_with("index.") || one == "home" || LANGUAGE_HOMES.contains(&one.as_str())
        }
        _ => false,
    }
}

/// An article URL that redirects to a home page: the article is gone, the site lives.
pub fn redirected_home(original: &Url, final_url: &Url) -> bool {
    !is_home_path(original) && is_home_path(final_url) && final_url.query().is_none()
}

/// Path words of a login or consent page that a redirect may land on.
const LOGIN_PATHS: &[&str] = &[
    "login",
    "log-in",
    "signin",
    "sign-in",
    "sign_in",
    "connexion",
    "auth",
    "authwall",
    "accounts",
    "checkpoint",
];

/// A redirect to a login page: the content is behind a wall, not gone.
pub fn login_wall(final_url: &Url, page: &PageText) -> bool {
    let path_says_login = final_url
        .path_segments()
        .into_iter()
        .flatten()
        .any(|seg| LOGIN_PATHS.contains(&seg.to_ascii_lowercase().as_str()));
    let title = page.title.to_lowercase();
    let title_says_login = ["log in", "login", "sign in", "se connecter", "connexion"]
        .iter()
        .any(|p| title.starts_with(p));
    path_says_login || title_says_login
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, heading: &str, opening: &str) -> PageText {
        PageText {
            hash: String::new(),
            title: title.into(),
            heading: heading.into(),
            opening: opening.into(),
        }
    }

    #[test]
    fn statuses_map_to_the_design_outcomes() {
        assert_eq!(status_outcome(404), LinkOutcome::Broken);
        assert_eq!(status_outcome(410), LinkOutcome::Broken);
        assert_eq!(status_outcome(403), LinkOutcome::Blocked);
        assert_eq!(status_outcome(451), LinkOutcome::Blocked);
        assert_eq!(status_outcome(401), LinkOutcome::Blocked);
        assert_eq!(status_outcome(429), LinkOutcome::RateLimited);
        assert_eq!(status_outcome(503), LinkOutcome::ServerError);
        assert_eq!(status_outcome(302), LinkOutcome::Broken);
    }

    #[test]
    fn a_redirect_to_a_login_page_is_a_wall_not_a_death() {
        let u = |s: &str| Url::parse(s).unwrap();
        let plain = page("Troupes", "", "");
        assert!(login_wall(
            &u("https://social.example/login?next=/p/1"),
            &plain
        ));
        assert!(login_wall(
            &u("https://x.example/i/flow"),
            &page("Log in to X", "", "")
        ));
        assert!(!login_wall(
            &u("https://news.example/2023/05/article"),
            &plain
        ));
    }

    #[test]
    fn not_found_pages_are_recognised_in_english_and_french() {
        assert!(soft_404_text(&page("Page not found – Le Monde", "", "")).is_some());
        assert!(soft_404_text(&page("Le Monde", "Page introuvable", "")).is_some());
        assert!(
            soft_404_text(&page("Le Monde", "Oups", "Oups Cette page n'existe plus.")).is_some()
        );
        assert!(soft_404_text(&page("404 - Example", "", "")).is_some());
    }

    #[test]
    fn an_article_that_reports_something_not_found_is_not_a_soft_404() {
        let p = page(
            "Search continues in Armenia",
            "Search continues",
            "Rescuers said the missing climbers were not found on Sunday",
        );
        assert_eq!(soft_404_text(&p), None);
    }

    #[test]
    fn an_article_redirected_to_the_home_page_is_recognised() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(redirected_home(
            &u("https://n.example/2023/05/article"),
            &u("https://n.example/")
        ));
        assert!(redirected_home(
            &u("https://n.example/article"),
            &u("https://n.example/fr/")
        ));
        assert!(!redirected_home(
            &u("https://n.example/"),
            &u("https://www.n.example/")
        ));
        assert!(!redirected_home(
            &u("https://n.example/a"),
            &u("https://n.example/b/c")
        ));
        assert!(!redirected_home(
            &u("https://n.example/a"),
            &u("https://n.example/ok")
        ));
    }
}
