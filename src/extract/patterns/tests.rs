//! Tests of the per-sentence attribution patterns.

use super::*;

fn one(s: &str, lang: Lang) -> Found {
    let mut found = analyze(s, lang);
    assert_eq!(found.len(), 1, "{s}: {found:#?}");
    found.remove(0)
}

fn named(f: &Found) -> &str {
    match &f.speaker {
        SpeakerRef::Named(n) => n,
        other => panic!("expected a named speaker, got {other:?}"),
    }
}

#[test]
fn french_quotation_with_trailing_incise() {
    let f = one(
        "« Nous irons jusqu'au bout », a prévenu Philippe Martinez, le secrétaire général de la CGT.",
        Lang::Fr,
    );
    assert_eq!(
        named(&f),
        "Philippe Martinez, le secrétaire général de la CGT"
    );
    assert_eq!(f.cue, "a prévenu");
    assert_eq!(f.text, "Nous irons jusqu'au bout");
}

#[test]
fn french_inverted_pronoun_incise_is_left_unresolved() {
    let f = one("« Oui », ajoute-t-il.", Lang::Fr);
    assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Masculine));
    let f = one(
        "« Les forces doivent se rendre », a-t-elle averti.",
        Lang::Fr,
    );
    assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Feminine));
}

#[test]
fn english_quotation_with_speaker_before_or_after_the_cue() {
    let f = one(
        "\"We are not there yet,\" Fed Governor Lisa Cook said in a speech.",
        Lang::En,
    );
    assert_eq!(named(&f), "Fed Governor Lisa Cook");
    assert_eq!(f.text, "We are not there yet");
    let f = one(
        "“The Fed risks overtightening,” said Diane Swonk, chief economist at KPMG.",
        Lang::En,
    );
    assert_eq!(named(&f), "Diane Swonk, chief economist at KPMG");
    let f = one("\"Military targets only,\" the ministry said.", Lang::En);
    assert_eq!(named(&f), "the ministry");
}

#[test]
fn quotation_split_by_its_incise() {
    let f = one(
        "« Le gouvernement, a-t-il dit, ne mesure pas la colère. »",
        Lang::Fr,
    );
    assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Masculine));
    assert_eq!(f.text, "Le gouvernement ne mesure pas la colère");
}

#[test]
fn cue_verb_with_que() {
    let f = one(
        "Le ministère azerbaïdjanais de la Défense a affirmé que les forces arméniennes auraient ouvert le feu.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "Le ministère azerbaïdjanais de la Défense");
    assert_eq!(f.text, "les forces arméniennes auraient ouvert le feu");
}

#[test]
fn english_said_that_and_told_y_that() {
    let f = one(
        "Kremlin spokesman Dmitry Peskov told reporters that Moscow remained open to talks.",
        Lang::En,
    );
    assert_eq!(named(&f), "Kremlin spokesman Dmitry Peskov");
    assert_eq!(f.text, "Moscow remained open to talks");
    let f = one(
        "A senior official told Reuters that aid was coming.",
        Lang::En,
    );
    assert_eq!(f.via, vec!["Reuters"]);
}

#[test]
fn selon_and_according_to_at_either_end() {
    let f = one(
        "Selon le ministère du Travail, la réforme permettrait d'économiser 17 milliards.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "le ministère du Travail");
    assert!(f.conditional);
    let f = one(
        "Au moins 40 civils ont été tués, selon un comité de secouristes.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "un comité de secouristes");
    assert_eq!(f.text, "Au moins 40 civils ont été tués");
    let f = one(
        "According to Ukraine's air force, Russia launched 48 drones overnight.",
        Lang::En,
    );
    assert_eq!(named(&f), "Ukraine's air force");
    let f = one(
        "D’après l’ONU, plus de 10 millions de personnes ont été déplacées.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "l’ONU");
}

#[test]
fn incise_after_plain_content() {
    let f = one(
        "Les frappes ont tué quatre civils, a déclaré le ministère dans un communiqué.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "le ministère");
    assert_eq!(f.text, "Les frappes ont tué quatre civils");
    let f = one(
        "Russian forces shelled the city overnight, the regional governor said on Tuesday.",
        Lang::En,
    );
    assert_eq!(named(&f), "the regional governor");
    assert_eq!(f.text, "Russian forces shelled the city overnight");
}

#[test]
fn denials_are_flagged() {
    let f = one("L'armée soudanaise a démenti toute implication.", Lang::Fr);
    assert!(f.denial);
    assert_eq!(f.text, "toute implication");
    let f = one(
        "The Ministry of Climate Change denied that warnings had been ignored.",
        Lang::En,
    );
    assert!(f.denial);
}

#[test]
fn conditional_of_caution_is_flagged_but_not_future_in_the_past() {
    let f = one("Selon l'ONG, le chef rebelle serait mort.", Lang::Fr);
    assert!(f.conditional);
    let f = one(
        "Il a assuré que des mesures seraient présentées lundi.",
        Lang::Fr,
    );
    assert!(!f.conditional);
    let f = one("Des ONG estiment que le bilan serait plus élevé.", Lang::Fr);
    assert!(f.conditional);
}

#[test]
fn relays_in_the_subject_are_kept_apart() {
    let f = one(
        "Le ministre des Affaires étrangères, cité par l'agence officielle Suna, a estimé que la milice ment.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "Le ministre des Affaires étrangères");
    assert_eq!(f.via, vec!["l'agence officielle Suna"]);
}

#[test]
fn passives_negations_and_adjectival_participles_are_not_claims() {
    assert!(analyze("Le ministre n'a pas démenti.", Lang::Fr).is_empty());
    assert!(analyze("He was told to leave the building.", Lang::En).is_empty());
    assert!(
        analyze(
            "The White House declined to comment on the remarks.",
            Lang::En
        )
        .is_empty()
    );
    assert!(analyze("L'état d'urgence déclaré hier reste en vigueur.", Lang::Fr).is_empty());
}

#[test]
fn juxtaposed_clauses_give_two_claims() {
    let found = analyze(
        "Le chef de l'ONU appelle à un arrêt immédiat des combats, Moscou appelle à cesser l'effusion de sang.",
        Lang::Fr,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].text, "à un arrêt immédiat des combats");
    assert_eq!(named(&found[1]), "Moscou");
}

#[test]
fn coordinated_cue_takes_the_sentence_subject() {
    let f = one(
        "L'Azerbaïdjan a lancé une opération, et affirme avoir conquis soixante positions.",
        Lang::Fr,
    );
    assert_eq!(f.speaker, SpeakerRef::Coordinated);
    assert_eq!(
        sentence_subject("L'Azerbaïdjan a lancé une opération", Lang::Fr).as_deref(),
        Some("L'Azerbaïdjan")
    );
    assert_eq!(
        sentence_subject("A federal judge on Friday blocked a law", Lang::En).as_deref(),
        Some("A federal judge")
    );
}

#[test]
fn a_claim_opening_with_there_or_it_still_takes_its_closing_incise() {
    let f = one(
        "There were at least 30 casualties in the attack, police said.",
        Lang::En,
    );
    assert_eq!(named(&f), "police");
    assert_eq!(f.text, "There were at least 30 casualties in the attack");
}

#[test]
fn a_named_apposition_before_the_closing_incise_is_the_speaker() {
    let f = one(
        "Forensic police found the victim inside the building, the government delegate in Valencia, Pilar Bernabé, told journalists.",
        Lang::En,
    );
    assert!(named(&f).ends_with("Pilar Bernabé"), "{f:?}");
    assert_eq!(
        f.text,
        "Forensic police found the victim inside the building"
    );
}

#[test]
fn a_quotation_after_a_colon_is_the_named_subjects() {
    let f = one(
        "Concernant le lait, Francisca Joly-Gomez est plus nuancée : « à la naissance, nous avons un maximum d'enzymes. »",
        Lang::Fr,
    );
    assert_eq!(named(&f), "Francisca Joly-Gomez");
    assert_eq!(f.pattern, Pattern::ColonQuote);
    let f = one("Élisabeth Borne : « Nous irons jusqu'au bout »", Lang::Fr);
    assert_eq!(named(&f), "Élisabeth Borne");
}

#[test]
fn french_on_names_its_source_on_the_right() {
    let f = one(
        "« Nous ne céderons pas », explique-t-on à l'Élysée.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "l'Élysée");
    let f = one(
        "« Le texte passera », assure-t-on dans l'entourage du ministre.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "l'entourage du ministre");
    assert!(analyze("« Il serait malade », dit-on.", Lang::Fr).is_empty());
    let f = one(
        "Le parquet de Paris a ouvert une enquête, a-t-on appris vendredi de source judiciaire.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "une source judiciaire");
}

#[test]
fn french_infinitive_after_a_modal_is_a_cue() {
    let f = one(
        "Le ministre a tenu à préciser que la réforme serait appliquée dès janvier.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "Le ministre");
    assert_eq!(f.text, "la réforme serait appliquée dès janvier");
    let f = one(
        "La maire a voulu rappeler que les caisses étaient vides.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "La maire");
    assert!(analyze("Cela veut dire que les caisses sont vides.", Lang::Fr).is_empty());
    assert!(analyze("Ils manifestent pour dénoncer la réforme.", Lang::Fr).is_empty());
    let f = one(
        "À en croire le ministre, la réforme sera appliquée dès janvier.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "le ministre");
}

#[test]
fn an_incise_inside_plain_content_joins_its_two_halves() {
    let f = one("The plan, Smith said, would cost $2 billion.", Lang::En);
    assert_eq!(named(&f), "Smith");
    assert_eq!(f.text, "The plan would cost $2 billion");
    let f = one(
        "La réforme, a précisé le ministre, sera appliquée dès janvier.",
        Lang::Fr,
    );
    assert_eq!(named(&f), "le ministre");
    assert_eq!(f.text, "La réforme sera appliquée dès janvier");
}

#[test]
fn nouns_before_of_and_reflexives_are_no_cues() {
    assert!(
        analyze(
            "Swedish police to investigate reports of leaks to violent gangs",
            Lang::En
        )
        .is_empty()
    );
    assert!(
        analyze(
            "Zephyr, a 34-year-old lawmaker, found herself in the crosshairs of hard-liners.",
            Lang::En
        )
        .is_empty()
    );
}

#[test]
fn tidy_trims_quotation_marks_and_edge_punctuation() {
    assert_eq!(tidy("« Nous partons. »"), "Nous partons");
    assert_eq!(
        tidy(", \"Every delay costs lives.\""),
        "Every delay costs lives"
    );
}

#[test]
fn asides_between_dashes_and_participle_phrases_are_not_the_speaker() {
    let f = one(
        "The mayor — who took office in January — said the budget was a disaster.",
        Lang::En,
    );
    assert_eq!(named(&f), "The mayor");
    let f = one(
        "The study, published in The Lancet, found that the drug cut deaths by 20%.",
        Lang::En,
    );
    assert_eq!(named(&f), "The study");
    let f = one(
        "The report, released on Monday by the UN, said 2 million people faced famine.",
        Lang::En,
    );
    assert_eq!(named(&f), "The report");
    assert_eq!(f.text, "2 million people faced famine");
}

#[test]
fn a_bare_role_after_a_name_and_an_age_keeps_the_name() {
    let f = one(
        "Marie Dupont, 34 ans, infirmière, raconte : « On travaille sans arrêt. »",
        Lang::Fr,
    );
    assert_eq!(named(&f), "Marie Dupont, infirmière");
    let f = one("Pour la CGT, « cette réforme est injuste ».", Lang::Fr);
    assert_eq!(named(&f), "la CGT");
}

#[test]
fn a_second_cue_after_and_or_while_is_a_second_claim() {
    let found = analyze(
        "The company said it viewed the ruling as a victory and said it would not appeal.",
        Lang::En,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].text, "it viewed the ruling as a victory");
    assert_eq!(found[1].text, "it would not appeal");
    let found = analyze(
        "Officials said the death toll had risen to 42, while rescuers said many people were still missing.",
        Lang::En,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(named(&found[1]), "rescuers");
    let found = analyze(
        "Le syndicat a dénoncé une provocation et a affirmé que la grève continuerait.",
        Lang::Fr,
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].text, "une provocation");
}

#[test]
fn a_relative_clause_describing_the_speaker_is_left_out() {
    let f = one(
        "A spokesperson who did not wish to be named said in a statement that the company was reviewing the matter.",
        Lang::En,
    );
    assert_eq!(named(&f), "A spokesperson");
}
