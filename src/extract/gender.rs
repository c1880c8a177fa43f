//! Gender and number of speakers, for pronoun agreement ("il", "elle", "he",
//! "she", "they", "it"): from the noun phrase's grammar (French articles, English
//! plurals and organisations) and, for people, from what names them as a man or a
//! woman (a title, a common given name, a gendered noun).
//!
//! It owns the word lists of titles, given names and gendered nouns; it does not
//! resolve anything (`mod.rs` keeps the article's speakers and picks the referent).

use std::collections::HashSet;
use std::sync::LazyLock;

use super::Lang;
use super::lexicon::Pronoun;
use super::speakers::{
    DETERMINERS, IRREGULAR_PLURALS, NOT_PERSON_WORDS, ORGANISATION_NOUNS, PLACES, ROLE_WORDS_SET,
    first_word, is_name, lower_word, starts_upper, word_count, words,
};

/// Grammatical class of a resolved speaker, for pronoun agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Masculine,
    Feminine,
    Plural,
    /// An organisation in English ("the ministry": "it" or "they").
    Organisation,
    /// A person or a name whose gender we cannot tell.
    Unknown,
}

/// Titles and nouns that name a woman.
#[rustfmt::skip]
const FEMININE_WORDS: &[&str] = &[
    "mrs", "ms", "miss", "madam", "madame", "mme", "mlle", "lady", "dame", "spokeswoman",
    "chairwoman", "congresswoman", "businesswoman", "councilwoman", "policewoman",
    "sportswoman", "mother", "wife", "daughter", "sister", "grandmother", "widow", "queen",
    "princess", "actress", "woman", "girl", "présidente", "directrice", "avocate", "députée",
    "sénatrice", "chercheuse", "fondatrice", "ambassadrice", "conseillère", "habitante",
    "militante", "étudiante", "professeure", "infirmière", "coordinatrice", "représentante",
    "experte", "dirigeante", "gérante", "pharmacienne", "mère", "femme", "fille", "sœur",
    "épouse", "veuve", "reine", "princesse", "actrice", "chanteuse", "joueuse", "entraîneuse",
    "enseignante", "patronne", "cheffe", "procureure", "préfète", "élue",
];
static FEMININE_WORDS_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FEMININE_WORDS.iter().copied().collect());

/// Titles and nouns that name a man.
#[rustfmt::skip]
const MASCULINE_WORDS: &[&str] = &[
    "mr", "sir", "lord", "monsieur", "m.", "spokesman", "chairman", "congressman",
    "businessman", "councilman", "policeman", "sportsman", "father", "husband", "son",
    "brother", "grandfather", "widower", "king", "prince", "actor", "man", "boy", "président",
    "directeur", "député", "sénateur", "chercheur", "fondateur", "ambassadeur", "conseiller",
    "habitant", "militant", "étudiant", "infirmier", "coordinateur", "représentant",
    "dirigeant", "gérant", "pharmacien", "père", "mari", "fils", "frère", "veuf", "roi",
    "acteur", "chanteur", "joueur", "entraîneur", "enseignant", "patron", "préfet", "élu",
];
static MASCULINE_WORDS_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| MASCULINE_WORDS.iter().copied().collect());

/// Common given names of women, in the news of French- and English-speaking
/// countries (names that are given to both sexes are left out).
#[rustfmt::skip]
const FEMININE_NAMES: &[&str] = &[
    "mary", "marie", "maria", "anne", "anna", "ann", "elizabeth", "elisabeth", "catherine",
    "katherine", "kathryn", "kate", "katie", "sarah", "sara", "emma", "emily", "olivia",
    "sophie", "sophia", "julie", "julia", "laura", "lauren", "claire", "clara", "alice", "jane",
    "jennifer", "jessica", "amanda", "rebecca", "rachel", "hannah", "helen", "hélène", "nicole",
    "nathalie", "natalie", "isabelle", "isabel", "valérie", "valerie", "sandrine", "céline",
    "christine", "christina", "caroline", "margaret", "martine", "michelle", "michèle",
    "patricia", "susan", "suzanne", "linda", "barbara", "karen", "nancy", "lisa", "angela",
    "ursula", "kamala", "hillary", "theresa", "liz", "nicola", "jacinda", "giorgia", "ségolène",
    "élisabeth", "agnès", "brigitte", "françoise", "sylvie", "monique", "chantal", "nadine",
    "véronique", "stéphanie", "aurélie", "léa", "manon", "chloé", "inès", "fatima", "fatou",
    "aminata", "aïcha", "aisha", "leila", "leïla", "yasmine", "samira", "nadia", "amina",
    "khadija", "carmen", "lucía", "lucia", "ana", "sofía", "isabella", "gabriela", "daniela",
    "valentina", "martina", "elena", "irina", "olga", "natalia", "tatiana", "svetlana", "yulia",
    "oksana", "maryam", "priya", "heather", "melissa", "stephanie", "kimberly", "deborah",
    "donna", "diane", "diana", "joan", "janet", "judith", "ruth", "louise", "lucy", "amélie",
    "margot", "pauline", "juliette", "virginie", "delphine", "anne-marie", "marie-claude",
    "josée", "ginette", "geneviève", "mélanie", "annie", "helena", "joyce", "esther", "miriam",
];
static FEMININE_NAMES_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| FEMININE_NAMES.iter().copied().collect());

/// Common given names of men, as above.
#[rustfmt::skip]
const MASCULINE_NAMES: &[&str] = &[
    "john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven",
    "paul", "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald",
    "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan",
    "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank",
    "alexander", "raymond", "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "henry",
    "adam", "peter", "nathan", "zachary", "kyle", "walter", "harold", "carl", "rishi", "boris",
    "emmanuel", "vladimir", "volodymyr", "joe", "barack", "andy", "cameron", "dan", "jean",
    "pierre", "jacques", "michel", "philippe", "alain", "bernard", "françois", "nicolas",
    "olivier", "laurent", "éric", "frédéric", "christophe", "stéphane", "sébastien", "julien",
    "guillaume", "antoine", "mathieu", "maxime", "thierry", "gérard", "didier", "bruno",
    "xavier", "yves", "marc", "luc", "louis", "hugo", "lucas", "gabriel", "raphaël", "arthur",
    "jean-pierre", "jean-paul", "jean-luc", "jean-marc", "jean-michel", "jean-claude",
    "jean-marie", "jean-yves", "jean-françois", "mohamed", "mohammed", "muhammad", "ahmed",
    "ali", "omar", "hassan", "hussein", "ibrahim", "youssef", "khalil", "mahmoud", "abdel",
    "abdul", "karim", "mamadou", "moussa", "ousmane", "jesús", "josé", "juan", "carlos", "luis",
    "miguel", "antonio", "manuel", "francisco", "pedro", "alejandro", "diego", "sergei",
    "sergey", "dmitry", "dmitri", "andrei", "andriy", "andrii", "oleksandr", "igor", "ivan",
    "yuri", "viktor", "xi", "narendra", "recep", "olaf", "friedrich", "helmut", "giuseppe",
    "mario", "matteo", "sergio", "nelson", "sam", "tom", "tony", "jim", "bob", "mike", "nick",
    "ben",
];
static MASCULINE_NAMES_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| MASCULINE_NAMES.iter().copied().collect());

/// Gender or number of a resolved speaker: from its grammar (article, plural,
/// organisation), else from the person it names (title, given name, gendered noun).
pub(crate) fn gender(speaker: &str, lang: Lang) -> Gender {
    match grammatical(speaker, lang) {
        Gender::Unknown => personal(speaker).unwrap_or(Gender::Unknown),
        g => g,
    }
}

/// What the noun phrase's grammar says.
fn grammatical(speaker: &str, lang: Lang) -> Gender {
    let first = first_word(speaker);
    let lower = speaker.to_lowercase();
    match lang {
        // "Le maire de Carquefou, Véronique Dubettier-Grenier", "the delegate in
        // Valencia, Pilar Bernabé": the name decides.
        _ if speaker.contains(", ") && speaker.rsplit(", ").next().is_some_and(is_name) => speaker
            .rsplit(", ")
            .next()
            .and_then(personal)
            .unwrap_or(Gender::Unknown),
        Lang::Fr => match first.as_str() {
            "le" | "du" | "au" | "un" | "ce" | "cet" | "m." | "monsieur" => Gender::Masculine,
            "la" | "une" | "cette" | "mme" | "madame" => Gender::Feminine,
            "les" | "des" | "ces" | "plusieurs" | "certains" | "certaines" | "deux" | "trois"
            | "quelques" | "leurs" => Gender::Plural,
            _ => Gender::Unknown,
        },
        Lang::En => {
            if matches!(
                first.as_str(),
                "some" | "several" | "many" | "two" | "three" | "four" | "both" | "these" | "those"
            ) {
                return Gender::Plural;
            }
            // "Forensic police", "local people": a plural noun without an s.
            let last = words(speaker).last().map(lower_word).unwrap_or_default();
            if IRREGULAR_PLURALS.contains(&last.as_str()) {
                return Gender::Plural;
            }
            // "police spokesman Danny Mwale" is a person, "the police" a body.
            let person = words(speaker).any(|w| {
                let lw = lower_word(w);
                ROLE_WORDS_SET.contains(lw.as_str()) && !NOT_PERSON_WORDS.contains(&lw.as_str())
            });
            if person {
                return Gender::Unknown;
            }
            if ORGANISATION_NOUNS
                .iter()
                .any(|n| lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == *n))
                && !lower.contains(',')
            {
                return Gender::Organisation;
            }
            // "Russia", "Moscow": a state speaks as a body, never as "he" or "she".
            if word_count(speaker) <= 2
                && words(speaker).all(|w| PLACES.contains(&lower_word(w).as_str()))
            {
                return Gender::Organisation;
            }
            // The head noun ends the first noun group: "Industry analysts",
            // "Economists polled by Reuters", "Supporters of the law".
            let group: Vec<&str> = words(speaker)
                .filter(|w| !DETERMINERS.contains(&lower_word(w).as_str()))
                .take_while(|w| {
                    let lw = lower_word(w);
                    !(matches!(
                        lw.as_str(),
                        "of" | "in" | "at" | "by" | "from" | "with" | "for" | "on" | "who" | "that"
                    ) || (lw.ends_with("ed") && !starts_upper(w)))
                })
                .collect();
            let head = group.last().copied().unwrap_or("");
            let h = lower_word(head);
            if IRREGULAR_PLURALS.contains(&h.as_str()) {
                return Gender::Plural;
            }
            // "The indictment", "the letter": a determiner and a lowercase head that
            // names no person is a thing, which "it" (not "he") takes up.
            let singular_thing = matches!(first.as_str(), "the" | "a" | "an" | "this" | "its")
                && !starts_upper(head)
                && (!h.ends_with('s') || h.ends_with("ss"));
            if singular_thing {
                return Gender::Organisation;
            }
            // "Economists polled by Reuters", "officials": a plural head noun. A
            // name ending in s ("Reuters", "Jones") is all capitalised.
            if h.ends_with('s') && !h.ends_with("ss") && !h.ends_with("'s") && h.len() > 3 {
                let is_a_name = word_count(speaker) > 1 && words(speaker).all(starts_upper);
                if !is_a_name {
                    return Gender::Plural;
                }
            }
            Gender::Unknown
        }
    }
}

/// Can `pronoun` refer to a speaker of this gender?
pub(crate) fn agrees(pronoun: Pronoun, g: Gender) -> bool {
    match pronoun {
        Pronoun::Masculine => matches!(g, Gender::Masculine | Gender::Unknown),
        Pronoun::Feminine => matches!(g, Gender::Feminine | Gender::Unknown),
        Pronoun::Plural => matches!(g, Gender::Plural | Gender::Organisation),
        Pronoun::Neuter => matches!(g, Gender::Organisation),
    }
}

/// A man or a woman by the name alone (a title, a given name), without the grammar
/// of the noun phrase: for the names met outside any attribution.
pub(crate) fn of_person(name: &str) -> Option<Gender> {
    personal(name)
}

/// A man or a woman, from a title or a gendered noun, else from the first given
/// name met.
fn personal(speaker: &str) -> Option<Gender> {
    let mut from_noun = None;
    // The last capitalised word of a name is the surname ("Karine Jean-Pierre").
    let chunks: Vec<&str> = speaker.split(',').collect();
    let surnames: Vec<&str> = chunks
        .iter()
        .filter(|c| words(c).filter(|w| starts_upper(w)).count() >= 2)
        .filter_map(|c| words(c).rev().find(|w| starts_upper(w)))
        .collect();
    for w in words(speaker) {
        let lw = lower_word(w);
        if starts_upper(w) && !surnames.iter().any(|s| std::ptr::eq(*s, w)) {
            let given = lw.split('-').next().unwrap_or(&lw);
            for name in [lw.as_str(), given] {
                if FEMININE_NAMES_SET.contains(name) {
                    return Some(Gender::Feminine);
                }
                if MASCULINE_NAMES_SET.contains(name) {
                    return Some(Gender::Masculine);
                }
            }
        }
        let bare = lw.trim_end_matches('.');
        if matches!(
            bare,
            "mrs" | "ms" | "miss" | "mme" | "mlle" | "madame" | "lady" | "dame"
        ) {
            return Some(Gender::Feminine);
        }
        if matches!(bare, "mr" | "sir" | "lord" | "monsieur") || lw == "m." {
            return Some(Gender::Masculine);
        }
        if from_noun.is_none() {
            if FEMININE_WORDS_SET.contains(lw.as_str()) {
                from_noun = Some(Gender::Feminine);
            } else if MASCULINE_WORDS_SET.contains(lw.as_str()) {
                from_noun = Some(Gender::Masculine);
            }
        }
    }
    from_noun
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronouns_agree_with_gender() {
        assert!(agrees(Pronoun::Feminine, gender("la présidence", Lang::Fr)));
        assert!(!agrees(Pronoun::Feminine, gender("le ministre", Lang::Fr)));
        assert!(agrees(
            Pronoun::Plural,
            gender("Economists polled by Reuters", Lang::En)
        ));
        assert!(agrees(
            Pronoun::Feminine,
            gender("Diane Swonk, chief economist", Lang::En)
        ));
        assert!(!agrees(
            Pronoun::Masculine,
            gender("the ministry", Lang::En)
        ));
    }

    #[test]
    fn people_are_told_apart_by_title_given_name_or_noun() {
        assert_eq!(gender("Ms Ardern", Lang::En), Gender::Feminine);
        assert_eq!(gender("Mr. Okafor", Lang::En), Gender::Masculine);
        assert_eq!(
            gender("the national delegate, Maria Bernal", Lang::En),
            Gender::Feminine
        );
        assert_eq!(
            gender("La porte-parole du ministère, Maria Zakharova", Lang::Fr),
            Gender::Feminine
        );
        assert_eq!(gender("Marie-Claude Dupuis", Lang::Fr), Gender::Feminine);
        assert_eq!(
            gender("police spokeswoman Joy Ndlovu", Lang::En),
            Gender::Feminine
        );
        assert_eq!(
            gender("Hawks head Gen Tshabalala", Lang::En),
            Gender::Unknown
        );
        assert_eq!(gender("Karine Jean-Pierre", Lang::En), Gender::Unknown);
        assert!(!agrees(Pronoun::Masculine, gender("Ms Ardern", Lang::En)));
        assert!(agrees(Pronoun::Masculine, gender("Tshabalala", Lang::En)));
    }
}
