//! Labels of the web view in English and French. The language comes from the `ui`
//! query parameter (the switch in the page header, remembered in a cookie), else the
//! cookie, else `Accept-Language`, else English. Recorded data is never translated.

use axum::http::{HeaderMap, header};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    fn from_code(code: &str) -> Option<Lang> {
        match code.trim().get(..2)?.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }
}

pub(crate) const LANG_COOKIE: &str = "claimlog_ui";

/// The language of the answer.
pub(crate) fn negotiate(headers: &HeaderMap, query: Option<&str>) -> Lang {
    let asked = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "ui")
            .and_then(|(_, v)| Lang::from_code(&v))
    });
    asked
        .or_else(|| super::auth::cookie(headers, LANG_COOKIE).and_then(Lang::from_code))
        .or_else(|| accept_language(headers))
        .unwrap_or(Lang::En)
}

/// The first of English or French in `Accept-Language`, by quality then order.
fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(f32, Lang)> = None;
    for part in value.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or_default();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(lang) = Lang::from_code(tag)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The label `key` in `lang` (the key itself when unknown, so a gap shows).
pub(crate) fn t(lang: Lang, key: &'static str) -> &'static str {
    let (en, fr) = match key {
        "queue" => ("Queue", "File d'attente"),
        "dashboard" => ("Dashboard", "Tableau de bord"),
        "sign_in" => ("Sign in", "Connexion"),
        "sign_out" => ("Sign out", "Déconnexion"),
        "user_name" => ("Name", "Nom"),
        "password" => ("Password", "Mot de passe"),
        "bad_login" => ("Wrong name or password.", "Nom ou mot de passe incorrect."),
        "one_time_needed" => (
            "Open the URL that `claimlog serve` printed (it carries a one-time token).",
            "Ouvrez l'adresse affichée par `claimlog serve` (elle porte un jeton à usage unique).",
        ),
        "claims" => ("claims", "affirmations"),
        "claim" => ("Claim", "Affirmation"),
        "search" => ("Search", "Rechercher"),
        "search_hint" => (
            "words, accents ignored",
            "mots, sans tenir compte des accents",
        ),
        "filter" => ("Filter", "Filtrer"),
        "clear" => ("Clear filters", "Effacer les filtres"),
        "since" => ("From", "Du"),
        "until" => ("To", "Au"),
        "dead_links" => ("Dead links only", "Liens morts seulement"),
        "unverified_only" => ("Unverified only", "Non vérifiées seulement"),
        "verification" => ("Verification", "Vérification"),
        "verdict" => ("Verdict", "Verdict"),
        "outlet" => ("Outlet", "Média"),
        "speaker" => ("Speaker", "Auteur"),
        "tag" => ("Tag", "Étiquette"),
        "tags" => ("Tags", "Étiquettes"),
        "language" => ("Language", "Langue"),
        "date" => ("Date", "Date"),
        "text" => ("Text", "Texte"),
        "page" => ("Page", "Page"),
        "previous" => ("Previous", "Précédente"),
        "next" => ("Next", "Suivante"),
        "none" => ("No claims match.", "Aucune affirmation ne correspond."),
        "facets" => ("Counts", "Décompte"),
        "users" => ("Users", "Utilisateurs"),
        "tokens" => ("API tokens", "Jetons d'API"),
        "created" => ("Since", "Depuis"),
        "new_token" => ("New token", "Nouveau jeton"),
        "remove" => ("Remove", "Supprimer"),
        "add_user" => ("Add a user", "Ajouter un utilisateur"),
        "token_for" => ("New API token for", "Nouveau jeton d'API pour"),
        "token_once" => (
            "Copy it now: it is shown once and kept only as a hash.",
            "Copiez-le maintenant : il n'est montré qu'une fois et n'est conservé que haché.",
        ),
        "counting" => ("counting…", "décompte en cours…"),
        "counts_coming" => (
            "The counts of this view are being made.",
            "Le décompte de cette vue est en cours.",
        ),
        "reload" => ("Reload to see them", "Rechargez pour le voir"),
        "routes" => ("Appearances", "Parutions"),
        "links" => ("Links", "Liens"),
        "history" => ("Verification history", "Historique de vérification"),
        "revisions" => ("Revisions", "Révisions"),
        "url" => ("URL", "URL"),
        "role" => ("Role", "Rôle"),
        "last_check" => ("Last check", "Dernière vérification"),
        "archived" => ("Archived copy", "Copie archivée"),
        "dead" => ("dead", "mort"),
        "never_checked" => ("never checked", "jamais vérifié"),
        "by" => ("by", "par"),
        "recorded_by" => ("recorded by", "enregistré par"),
        "retracted" => ("retracted", "annulé"),
        "withdrawn" => ("Withdrawn", "Retirée"),
        "note" => ("Note", "Note"),
        "evidence" => ("Evidence URL", "URL de la preuve"),
        "verify" => ("Record a verification", "Enregistrer une vérification"),
        "status" => ("Status", "Statut"),
        "who_verified" => ("Who verified", "Vérifié par"),
        "save" => ("Save", "Enregistrer"),
        "retract" => ("Retract", "Annuler"),
        "reason" => ("Reason", "Motif"),
        "withdraw" => ("Withdraw this claim", "Retirer cette affirmation"),
        "edit" => ("Edit", "Modifier"),
        "add_tag" => ("Add a tag", "Ajouter une étiquette"),
        "add_appearance" => ("Add an appearance", "Ajouter une parution"),
        "via" => ("Via (one per line)", "Relais (un par ligne)"),
        "cue" => ("Cue", "Verbe introducteur"),
        "wording" => ("Wording", "Formulation"),
        "published" => ("Published", "Publié le"),
        "workflow" => ("Workflow", "Suivi"),
        "assignee" => ("Assigned to", "Assignée à"),
        "state" => ("State", "État"),
        "nobody" => ("nobody", "personne"),
        "mine" => ("Mine", "Les miennes"),
        "any" => ("any", "toutes"),
        "claims_per_week" => (
            "Claims per week by verification",
            "Affirmations par semaine selon la vérification",
        ),
        "unverified_per_outlet" => (
            "Unverified claims per outlet",
            "Affirmations non vérifiées par média",
        ),
        "dead_over_time" => (
            "Links newly dead per week (still dead)",
            "Liens morts par semaine (toujours morts)",
        ),
        "newest_dead" => ("Newest dead links", "Derniers liens morts"),
        "dead_since" => ("Dead since", "Mort depuis"),
        "cited_by" => ("Cited by", "Cité par"),
        "read_only" => ("read-only", "lecture seule"),
        "error" => ("Error", "Erreur"),
        "at" => ("When", "Quand"),
        "actor" => ("Actor", "Acteur"),
        "previous_text" => ("Previous text", "Texte précédent"),
        "unverified" => ("unverified", "non vérifiée"),
        "unable_to_verify" => ("unable to verify", "impossible à vérifier"),
        "partially_verified" => ("partially verified", "partiellement vérifiée"),
        "verified" => ("verified", "vérifiée"),
        "to_do" => ("to do", "à faire"),
        "in_progress" => ("in progress", "en cours"),
        "in_review" => ("in review", "en relecture"),
        "done" => ("done", "terminé"),
        "sort_open_first" => ("unverified first", "non vérifiées d'abord"),
        _ => (key, key),
    };
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

/// The label of a vocabulary value when there is one, else the value as spelled.
pub(crate) fn value(lang: Lang, v: &str) -> String {
    let known = [
        "unverified",
        "unable_to_verify",
        "partially_verified",
        "verified",
        "to_do",
        "in_progress",
        "in_review",
        "done",
    ];
    match known.iter().find(|k| **k == v) {
        Some(k) => t(lang, k).to_string(),
        None => v.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str, cookie: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, accept.parse().unwrap());
        if let Some(c) = cookie {
            h.insert(header::COOKIE, c.parse().unwrap());
        }
        h
    }

    #[test]
    fn the_switch_beats_the_cookie_which_beats_accept_language() {
        let h = headers("de-DE,fr;q=0.8,en;q=0.5", None);
        assert_eq!(negotiate(&h, None), Lang::Fr);
        let h = headers("fr-FR", Some("claimlog_ui=en"));
        assert_eq!(negotiate(&h, None), Lang::En);
        assert_eq!(negotiate(&h, Some("page=2&ui=fr")), Lang::Fr);
        assert_eq!(negotiate(&headers("de, es", None), None), Lang::En);
        assert_eq!(t(Lang::Fr, "queue"), "File d'attente");
        assert_eq!(value(Lang::Fr, "unable_to_verify"), "impossible à vérifier");
    }
}
