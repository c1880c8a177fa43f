//! Cue lexicons: the reporting verbs of French and English newspapers in the forms
//! they are printed in, and the attribution prepositions ("selon", "according to").
//!
//! This module owns the word lists and the Aho-Corasick automata built from them
//! (once, lazily). It knows nothing of sentences or speakers: it only reports where a
//! cue form occurs and what kind of form it is; `patterns` decides what the hit means.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Lang;

/// How a verb may introduce its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VerbInfo {
    /// The verb denies or rejects ("démentir", "deny").
    pub denial: bool,
    /// The verb takes the claim as a direct complement ("a démenti toute implication",
    /// "denied targeting civilians"), not only through "que"/"that", a quotation or an
    /// incise. French "a déclaré l'état d'urgence" is not a claim, hence the flag.
    pub object: bool,
}

/// The grammatical shape of a matched form; it decides where the speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// Past participle; French needs an auxiliary to its left ("a déclaré").
    Participle,
    /// Finite form with the subject on the left ("affirme", "says", "said").
    Finite,
    /// Inverted form carrying its pronoun ("ajoute-t-il", "dit-elle").
    Inverted(Pronoun),
    /// Present participle ("affirmant", "saying").
    PresentParticiple,
    /// English base form ("say", "claim"): its subject must be plural, else the form
    /// is most likely a noun ("Judge blocks state law").
    Base,
    /// Attribution preposition with the source on the right ("selon", "according to").
    Source,
    /// French infinitive, a cue only after a modal ("a tenu à préciser que", "a
    /// voulu rappeler que").
    Infinitive,
}

/// A personal pronoun met in an inverted form or as a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pronoun {
    /// "il", "he".
    Masculine,
    /// "elle", "she".
    Feminine,
    Plural,
    /// English "it", or French "on" (never resolved: "explique-t-on à l'Élysée"
    /// names its source on the right).
    Neuter,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub form: Form,
    pub verb: VerbInfo,
}

/// One cue found in a sentence (byte offsets relative to the searched text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

/// One reporting verb: four written forms, then whether it denies and whether it takes
/// an object. The forms differ by language (see `FrVerb` and `EnVerb`).
type VerbRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    bool,
);

/// One French verb: (past participle, 3rd singular present, 3rd plural present,
/// present participle, denial, takes object).
type FrVerb = VerbRow;

/// French reporting verbs as newspapers print them. Exhortations ("a exhorté les
/// parties à", "urged residents to") are left out on purpose: they ask for an act
/// and assert nothing a reader could check (annotation protocol of
/// `tests/data/extract/real`). The present participle is also
/// used to derive the imperfect ("affirmant" -> "affirmait", "affirmaient").
#[rustfmt::skip]
const FR_VERBS: &[FrVerb] = &[
    ("déclaré", "déclare", "déclarent", "déclarant", false, false),
    ("affirmé", "affirme", "affirment", "affirmant", false, true),
    ("dit", "dit", "disent", "disant", false, false),
    ("ajouté", "ajoute", "ajoutent", "ajoutant", false, false),
    ("expliqué", "explique", "expliquent", "expliquant", false, false),
    ("indiqué", "indique", "indiquent", "indiquant", false, false),
    ("souligné", "souligne", "soulignent", "soulignant", false, false),
    ("estimé", "estime", "estiment", "estimant", false, false),
    ("assuré", "assure", "assurent", "assurant", false, false),
    ("précisé", "précise", "précisent", "précisant", false, false),
    ("annoncé", "annonce", "annoncent", "annonçant", false, true),
    ("confirmé", "confirme", "confirment", "confirmant", false, true),
    ("rappelé", "rappelle", "rappellent", "rappelant", false, false),
    ("insisté", "insiste", "insistent", "insistant", false, false),
    ("averti", "avertit", "avertissent", "avertissant", false, false),
    ("prévenu", "prévient", "préviennent", "prévenant", false, false),
    ("mis en garde", "met en garde", "mettent en garde", "mettant en garde", false, true),
    ("dénoncé", "dénonce", "dénoncent", "dénonçant", false, true),
    ("accusé", "accuse", "accusent", "accusant", false, true),
    ("démenti", "dément", "démentent", "démentant", true, true),
    ("nié", "nie", "nient", "niant", true, true),
    ("rejeté", "rejette", "rejettent", "rejetant", true, true),
    ("contesté", "conteste", "contestent", "contestant", true, true),
    ("réfuté", "réfute", "réfutent", "réfutant", true, true),
    ("récusé", "récuse", "récusent", "récusant", true, true),
    ("écrit", "écrit", "écrivent", "écrivant", false, false),
    ("raconté", "raconte", "racontent", "racontant", false, false),
    ("témoigné", "témoigne", "témoignent", "témoignant", false, false),
    ("confié", "confie", "confient", "confiant", false, false),
    ("reconnu", "reconnaît", "reconnaissent", "reconnaissant", false, true),
    ("reconnu", "reconnait", "reconnaissent", "reconnaissant", false, true),
    ("admis", "admet", "admettent", "admettant", false, false),
    ("avoué", "avoue", "avouent", "avouant", false, false),
    ("répondu", "répond", "répondent", "répondant", false, false),
    ("répliqué", "réplique", "répliquent", "répliquant", false, false),
    ("rétorqué", "rétorque", "rétorquent", "rétorquant", false, false),
    ("conclu", "conclut", "concluent", "concluant", false, false),
    ("observé", "observe", "observent", "observant", false, false),
    ("noté", "note", "notent", "notant", false, false),
    ("signalé", "signale", "signalent", "signalant", false, true),
    ("rapporté", "rapporte", "rapportent", "rapportant", false, false),
    ("révélé", "révèle", "révèlent", "révélant", false, true),
    ("prétendu", "prétend", "prétendent", "prétendant", false, false),
    ("soutenu", "soutient", "soutiennent", "soutenant", false, false),
    ("maintenu", "maintient", "maintiennent", "maintenant", false, false),
    ("martelé", "martèle", "martèlent", "martelant", false, false),
    ("répété", "répète", "répètent", "répétant", false, false),
    ("réaffirmé", "réaffirme", "réaffirment", "réaffirmant", false, true),
    ("réitéré", "réitère", "réitèrent", "réitérant", false, true),
    ("promis", "promet", "promettent", "promettant", false, true),
    ("plaidé", "plaide", "plaident", "plaidant", false, true),
    ("jugé", "juge", "jugent", "jugeant", false, true),
    ("considéré", "considère", "considèrent", "considérant", false, false),
    ("regretté", "regrette", "regrettent", "regrettant", false, true),
    ("déploré", "déplore", "déplorent", "déplorant", false, true),
    ("condamné", "condamne", "condamnent", "condamnant", false, true),
    ("salué", "salue", "saluent", "saluant", false, true),
    ("appelé", "appelle", "appellent", "appelant", false, true),
    ("demandé", "demande", "demandent", "demandant", false, true),
    ("exigé", "exige", "exigent", "exigeant", false, true),
    ("réclamé", "réclame", "réclament", "réclamant", false, true),
    ("alerté", "alerte", "alertent", "alertant", false, true),
    ("menacé", "menace", "menacent", "menaçant", false, true),
    ("informé", "informe", "informent", "informant", false, true),
    ("fait savoir", "fait savoir", "font savoir", "faisant savoir", false, false),
    ("fait état", "fait état", "font état", "faisant état", false, true),
    ("évoqué", "évoque", "évoquent", "évoquant", false, true),
    ("mentionné", "mentionne", "mentionnent", "mentionnant", false, true),
    ("proposé", "propose", "proposent", "proposant", false, true),
    ("allégué", "allègue", "allèguent", "alléguant", false, false),
    ("prédit", "prédit", "prédisent", "prédisant", false, false),
    ("renchéri", "renchérit", "renchérissent", "renchérissant", false, false),
    ("tweeté", "tweete", "tweetent", "tweetant", false, false),
    ("certifié", "certifie", "certifient", "certifiant", false, false),
    ("garanti", "garantit", "garantissent", "garantissant", false, false),
    ("clamé", "clame", "clament", "clamant", false, true),
    ("lancé", "lance", "lancent", "lançant", false, false),
    ("poursuivi", "poursuit", "poursuivent", "poursuivant", false, false),
    ("commenté", "commente", "commentent", "commentant", false, false),
    ("attribué", "attribue", "attribuent", "attribuant", false, true),
    ("revendiqué", "revendique", "revendiquent", "revendiquant", false, true),
    ("exprimé", "exprime", "expriment", "exprimant", false, true),
    ("reproché", "reproche", "reprochent", "reprochant", false, true),
    ("craint", "craint", "craignent", "craignant", false, true),
    ("glissé", "glisse", "glissent", "glissant", false, false),
    ("lâché", "lâche", "lâchent", "lâchant", false, false),
    ("soufflé", "souffle", "soufflent", "soufflant", false, false),
    ("résumé", "résume", "résument", "résumant", false, false),
    ("détaillé", "détaille", "détaillent", "détaillant", false, false),
    ("argumenté", "argumente", "argumentent", "argumentant", false, false),
    ("fait valoir", "fait valoir", "font valoir", "faisant valoir", false, false),
    ("justifié", "justifie", "justifient", "justifiant", false, false),
    ("réagi", "réagit", "réagissent", "réagissant", false, false),
    ("qualifié", "qualifie", "qualifient", "qualifiant", false, true),
    ("repris", "reprend", "reprennent", "reprenant", false, false),
    // Verbs that introduce their content only through "que", a quotation or an
    // incise: as plain transitives they report acts ("a relevé le défi").
    ("relevé", "relève", "relèvent", "relevant", false, false),
    ("constaté", "constate", "constatent", "constatant", false, false),
    ("remarqué", "remarque", "remarquent", "remarquant", false, false),
    ("avancé", "avance", "avancent", "avançant", false, false),
    ("dévoilé", "dévoile", "dévoilent", "dévoilant", false, false),
    ("relaté", "relate", "relatent", "relatant", false, false),
    ("décrit", "décrit", "décrivent", "décrivant", false, false),
    ("riposté", "riposte", "ripostent", "ripostant", false, false),
    ("argué", "argue", "arguent", "arguant", false, false),
    ("invoqué", "invoque", "invoquent", "invoquant", false, false),
    ("spécifié", "spécifie", "spécifient", "spécifiant", false, false),
    ("attesté", "atteste", "attestent", "attestant", false, false),
    ("juré", "jure", "jurent", "jurant", false, false),
    ("complété", "complète", "complètent", "complétant", false, false),
    ("surenchéri", "surenchérit", "surenchérissent", "surenchérissant", false, false),
    ("abondé", "abonde", "abondent", "abondant", false, false),
    ("concédé", "concède", "concèdent", "concédant", false, false),
    ("acquiescé", "acquiesce", "acquiescent", "acquiesçant", false, false),
    ("balayé", "balaie", "balaient", "balayant", true, false),
    ("proclamé", "proclame", "proclament", "proclamant", false, false),
    ("ironisé", "ironise", "ironisent", "ironisant", false, false),
    ("plaisanté", "plaisante", "plaisantent", "plaisantant", false, false),
    ("tonné", "tonne", "tonnent", "tonnant", false, false),
    ("fustigé", "fustige", "fustigent", "fustigeant", false, false),
    ("critiqué", "critique", "critiquent", "critiquant", false, false),
    ("redit", "redit", "redisent", "redisant", false, false),
    ("nuancé", "nuance", "nuancent", "nuançant", false, false),
    ("objecté", "objecte", "objectent", "objectant", false, false),
    ("protesté", "proteste", "protestent", "protestant", false, false),
    ("pointé", "pointe", "pointent", "pointant", false, false),
    ("pointé du doigt", "pointe du doigt", "pointent du doigt", "pointant du doigt", false, true),
    // Only as "a-t-on appris de source judiciaire" ("on" names the source).
    ("appris", "apprend", "apprennent", "apprenant", false, false),
    ("tranché", "tranche", "tranchent", "tranchant", false, false),
    ("asséné", "assène", "assènent", "assénant", false, false),
    ("rassuré", "rassure", "rassurent", "rassurant", false, false),
    ("pronostiqué", "pronostique", "pronostiquent", "pronostiquant", false, false),
    ("démontré", "démontre", "démontrent", "démontrant", false, false),
    ("enchaîné", "enchaîne", "enchaînent", "enchaînant", false, false),
    ("laissé entendre", "laisse entendre", "laissent entendre", "laissant entendre", false, false),
    ("fait remarquer", "fait remarquer", "font remarquer", "faisant remarquer", false, false),
    ("fait observer", "fait observer", "font observer", "faisant observer", false, false),
    ("mis en avant", "met en avant", "mettent en avant", "mettant en avant", false, false),
];

/// Verbs that only report speech when inverted after a quotation ("lance-t-il",
/// "poursuit-elle"); as plain finite verbs they mean something else ("lance une
/// opération", "poursuit sa route").
const FR_INCISE_ONLY: &[&str] = &[
    "lancé",
    "poursuivi",
    "maintenu",
    "enchaîné",
    "repris",
    "appris",
];

/// The infinitive of the verbs not in "-er" (whose infinitive is the participle's
/// "-é" made "-er"): (past participle, infinitive).
const FR_INFINITIVES: &[(&str, &str)] = &[
    ("dit", "dire"),
    ("écrit", "écrire"),
    ("reconnu", "reconnaître"),
    ("admis", "admettre"),
    ("répondu", "répondre"),
    ("soutenu", "soutenir"),
    ("promis", "promettre"),
    ("averti", "avertir"),
    ("prévenu", "prévenir"),
    ("démenti", "démentir"),
    ("conclu", "conclure"),
    ("décrit", "décrire"),
];

/// The simple past of the verbs not in "-er" (whose simple past is derived from the
/// present participle: "déclarant" -> "déclara", "déclarèrent"): (past participle,
/// 3rd singular, 3rd plural). Portraits and narrative copy print it ("répondit-il").
const FR_SIMPLE_PAST: &[(&str, &str, &str)] = &[
    ("répondu", "répondit", "répondirent"),
    ("reconnu", "reconnut", "reconnurent"),
    ("admis", "admit", "admirent"),
    ("écrit", "écrivit", "écrivirent"),
    ("promis", "promit", "promirent"),
    ("prévenu", "prévint", "prévinrent"),
    ("soutenu", "soutint", "soutinrent"),
    ("maintenu", "maintint", "maintinrent"),
    ("poursuivi", "poursuivit", "poursuivirent"),
    ("repris", "reprit", "reprirent"),
    ("dit", "dit", "dirent"),
    ("conclu", "conclut", "conclurent"),
    ("averti", "avertit", "avertirent"),
    ("décrit", "décrivit", "décrivirent"),
];

/// Pronominal reporting forms, written out: (form, denial, takes object).
const FR_REFLEXIVE: &[(&str, bool, bool)] = &[
    ("s'est dit", false, true),
    ("s'est dite", false, true),
    ("s'est dits", false, true),
    ("s'est dites", false, true),
    ("se sont dit", false, true),
    ("se sont dits", false, true),
    ("se sont dites", false, true),
    ("se dit", false, true),
    ("se disent", false, true),
    ("s'était dit", false, true),
    ("s'était dite", false, true),
    ("s'est félicité", false, true),
    ("s'est félicitée", false, true),
    ("se sont félicités", false, true),
    ("se félicite", false, true),
    ("se félicitent", false, true),
    ("s'est inquiété", false, true),
    ("s'est inquiétée", false, true),
    ("se sont inquiétés", false, true),
    ("s'inquiète", false, true),
    ("s'inquiètent", false, true),
    ("s'est indigné", false, true),
    ("s'est indignée", false, true),
    ("s'indigne", false, true),
    ("s'est alarmé", false, true),
    ("s'alarme", false, true),
    ("s'est réjoui", false, true),
    ("se réjouit", false, true),
    ("s'est défendu", true, true),
    ("s'est défendue", true, true),
    ("se défend", true, true),
    ("s'accuse", false, true),
    ("s'accusent", false, true),
    ("se sont accusés", false, true),
    ("s'est exclamé", false, false),
    ("s'exclame", false, false),
    ("s'est interrogé", false, true),
    ("s'interroge", false, true),
];

/// One English verb: (past, 3rd singular present, base, -ing, denial, takes object).
type EnVerb = VerbRow;

#[rustfmt::skip]
const EN_VERBS: &[EnVerb] = &[
    ("said", "says", "say", "saying", false, true),
    ("told", "tells", "tell", "telling", false, true),
    ("added", "adds", "add", "adding", false, true),
    ("stated", "states", "state", "stating", false, true),
    ("claimed", "claims", "claim", "claiming", false, true),
    ("insisted", "insists", "insist", "insisting", false, true),
    ("alleged", "alleges", "allege", "alleging", false, true),
    ("denied", "denies", "deny", "denying", true, true),
    ("rejected", "rejects", "reject", "rejecting", true, true),
    ("dismissed", "dismisses", "dismiss", "dismissing", true, true),
    ("refuted", "refutes", "refute", "refuting", true, true),
    ("disputed", "disputes", "dispute", "disputing", true, true),
    ("acknowledged", "acknowledges", "acknowledge", "acknowledging", false, true),
    ("admitted", "admits", "admit", "admitting", false, true),
    ("confirmed", "confirms", "confirm", "confirming", false, true),
    ("announced", "announces", "announce", "announcing", false, true),
    ("warned", "warns", "warn", "warning", false, true),
    ("noted", "notes", "note", "noting", false, true),
    ("explained", "explains", "explain", "explaining", false, true),
    ("argued", "argues", "argue", "arguing", false, true),
    ("asserted", "asserts", "assert", "asserting", false, true),
    ("contended", "contends", "contend", "contending", false, true),
    ("maintained", "maintains", "maintain", "maintaining", false, false),
    ("wrote", "writes", "write", "writing", false, true),
    ("tweeted", "tweets", "tweet", "tweeting", false, true),
    ("reported", "reports", "report", "reporting", false, true),
    ("revealed", "reveals", "reveal", "revealing", false, true),
    ("suggested", "suggests", "suggest", "suggesting", false, true),
    ("estimated", "estimates", "estimate", "estimating", false, true),
    ("believed", "believes", "believe", "believing", false, true),
    ("expected", "expects", "expect", "expecting", false, true),
    ("cautioned", "cautions", "caution", "cautioning", false, true),
    ("predicted", "predicts", "predict", "predicting", false, true),
    ("accused", "accuses", "accuse", "accusing", false, true),
    ("criticized", "criticizes", "criticize", "criticizing", false, true),
    ("criticised", "criticises", "criticise", "criticising", false, true),
    ("condemned", "condemns", "condemn", "condemning", false, true),
    ("promised", "promises", "promise", "promising", false, true),
    ("pledged", "pledges", "pledge", "pledging", false, true),
    ("vowed", "vows", "vow", "vowing", false, true),
    ("recalled", "recalls", "recall", "recalling", false, true),
    ("replied", "replies", "reply", "replying", false, true),
    ("responded", "responds", "respond", "responding", false, false),
    ("retorted", "retorts", "retort", "retorting", false, true),
    ("declared", "declares", "declare", "declaring", false, true),
    ("affirmed", "affirms", "affirm", "affirming", false, true),
    ("stressed", "stresses", "stress", "stressing", false, true),
    ("emphasized", "emphasizes", "emphasize", "emphasizing", false, true),
    ("emphasised", "emphasises", "emphasise", "emphasising", false, true),
    ("pointed out", "points out", "point out", "pointing out", false, true),
    ("signaled", "signals", "signal", "signaling", false, true),
    ("signalled", "signals", "signal", "signalling", false, true),
    ("testified", "testifies", "testify", "testifying", false, true),
    ("conceded", "concedes", "concede", "conceding", false, true),
    ("complained", "complains", "complain", "complaining", false, true),
    ("found", "finds", "find", "finding", false, true),
    ("indicated", "indicates", "indicate", "indicating", false, true),
    ("observed", "observes", "observe", "observing", false, true),
    ("called for", "calls for", "call for", "calling for", false, true),
    ("called on", "calls on", "call on", "calling on", false, true),
    ("demanded", "demands", "demand", "demanding", false, true),
    ("described", "describes", "describe", "describing", false, true),
    ("posted", "posts", "post", "posting", false, true),
    ("continued", "continues", "continue", "continuing", false, false),
    ("called", "calls", "call", "calling", false, true),
    ("feared", "fears", "fear", "fearing", false, true),
    ("characterized", "characterizes", "characterize", "characterizing", false, true),
    ("characterised", "characterises", "characterise", "characterising", false, true),
    ("reiterated", "reiterates", "reiterate", "reiterating", false, true),
    ("lamented", "laments", "lament", "lamenting", false, true),
    ("blamed", "blames", "blame", "blaming", false, true),
    ("highlighted", "highlights", "highlight", "highlighting", false, false),
    // Verbs that introduce their content only through "that", a quotation or an
    // incise ("agreed to" is an act, "agreed that" a claim).
    ("clarified", "clarifies", "clarify", "clarifying", false, false),
    ("disclosed", "discloses", "disclose", "disclosing", false, false),
    ("mentioned", "mentions", "mention", "mentioning", false, false),
    ("commented", "comments", "comment", "commenting", false, false),
    ("remarked", "remarks", "remark", "remarking", false, false),
    ("agreed", "agrees", "agree", "agreeing", false, false),
    ("concluded", "concludes", "conclude", "concluding", false, false),
    ("recounted", "recounts", "recount", "recounting", false, false),
    ("underscored", "underscores", "underscore", "underscoring", false, false),
    ("underlined", "underlines", "underline", "underlining", false, false),
    ("reaffirmed", "reaffirms", "reaffirm", "reaffirming", false, false),
    ("repeated", "repeats", "repeat", "repeating", false, false),
    ("confessed", "confesses", "confess", "confessing", false, false),
    ("assured", "assures", "assure", "assuring", false, false),
    ("reassured", "reassures", "reassure", "reassuring", false, false),
    ("guaranteed", "guarantees", "guarantee", "guaranteeing", false, false),
    ("swore", "swears", "swear", "swearing", false, false),
    ("threatened", "threatens", "threaten", "threatening", false, false),
    ("decried", "decries", "decry", "decrying", false, false),
    ("countered", "counters", "counter", "countering", false, false),
    ("answered", "answers", "answer", "answering", false, false),
    ("reckoned", "reckons", "reckon", "reckoning", false, false),
    ("speculated", "speculates", "speculate", "speculating", false, false),
    ("hinted", "hints", "hint", "hinting", false, false),
    ("boasted", "boasts", "boast", "boasting", false, false),
    ("joked", "jokes", "joke", "joking", false, false),
    ("quipped", "quips", "quip", "quipping", false, false),
    ("echoed", "echoes", "echo", "echoing", false, false),
    ("specified", "specifies", "specify", "specifying", false, false),
    ("recognised", "recognises", "recognise", "recognising", false, false),
    ("recognized", "recognizes", "recognize", "recognizing", false, false),
    ("compared", "compares", "compare", "comparing", false, true),
];

/// Verbs whose forms are too often ordinary verbs to introduce a claim with a
/// complement ("continued fighting", "posted a loss"): only as incises.
const EN_INCISE_ONLY: &[&str] = &["continued", "posted", "described"];

/// Verbs that report speech only when their complement holds a quotation
/// ("called the strike \"unconscionable\"", not "called the police").
pub(crate) const EN_NEEDS_QUOTE: &[&str] = &[
    "called",
    "calls",
    "call",
    "calling",
    "compared",
    "compares",
    "compare",
    "comparing",
];

const FR_SOURCES: &[&str] = &[
    "selon",
    "peut-on lire dans",
    "lit-on dans",
    "a-t-on appris de",
    "a-t-on appris auprès de",
    "d'après",
    "de l'aveu de",
    "aux dires de",
    "à en croire",
    // The automaton folds ASCII case only.
    "À en croire",
    "aux yeux de",
];
const EN_SOURCES: &[&str] = &["according to", "as reported by", "in the words of"];

const FR_PRONOUNS: &[(&str, Pronoun)] = &[
    ("il", Pronoun::Masculine),
    ("elle", Pronoun::Feminine),
    ("ils", Pronoun::Plural),
    ("elles", Pronoun::Plural),
    ("on", Pronoun::Neuter),
];

/// Number of French and English cue forms, for the tests of lexicon size.
#[cfg(test)]
pub(crate) fn verb_count(lang: Lang) -> usize {
    match lang {
        Lang::Fr => FR_VERBS.len() + FR_REFLEXIVE.len(),
        Lang::En => EN_VERBS.len(),
    }
}

/// A compiled lexicon for one language.
pub(crate) struct Lexicon {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
}

impl Lexicon {
    /// Cue forms in `text`, leftmost-longest, on word boundaries.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        self.automaton
            .find_iter(text)
            .filter(|m| on_word_boundary(bytes, m.start(), m.end()))
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                entry: self.entries[m.pattern().as_usize()],
            })
            .collect()
    }
}

fn on_word_boundary(bytes: &[u8], start: usize, end: usize) -> bool {
    let before_ok = start == 0 || !is_word_byte_before(bytes, start);
    let after_ok = end >= bytes.len() || !is_word_byte_after(bytes, end);
    before_ok && after_ok
}

/// True when the character ending at `pos` is a letter, a digit or a hyphen.
fn is_word_byte_before(bytes: &[u8], pos: usize) -> bool {
    let b = bytes[pos - 1];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    }
    // Non-ASCII: look at the whole character ending here.
    let mut s = pos - 1;
    while s > 0 && (bytes[s] & 0xC0) == 0x80 {
        s -= 1;
    }
    std::str::from_utf8(&bytes[s..pos])
        .ok()
        .and_then(|c| c.chars().next())
        .is_some_and(char::is_alphanumeric)
}

fn is_word_byte_after(bytes: &[u8], pos: usize) -> bool {
    let b = bytes[pos];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    }
    let mut e = pos + 1;
    while e < bytes.len() && (bytes[e] & 0xC0) == 0x80 {
        e += 1;
    }
    std::str::from_utf8(&bytes[pos..e])
        .ok()
        .and_then(|c| c.chars().next())
        .is_some_and(char::is_alphanumeric)
}

struct Builder {
    patterns: Vec<String>,
    entries: Vec<Entry>,
}

impl Builder {
    fn add(&mut self, form: &str, entry: Entry) {
        self.patterns.push(form.to_owned());
        self.entries.push(entry);
        // Newspapers print both apostrophes; so must the automaton.
        if form.contains('\'') {
            self.patterns.push(form.replace('\'', "\u{2019}"));
            self.entries.push(entry);
        }
    }

    fn build(self) -> Lexicon {
        // A DFA costs a few MB once and is the fastest scanner; the lexicon is
        // searched over every sentence of the input.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&self.patterns)
            .expect("the cue lexicon is a fixed, valid pattern set");
        Lexicon {
            automaton,
            entries: self.entries,
        }
    }
}

fn inverted_forms(finite: &str) -> Vec<(String, Pronoun)> {
    let ends_with_vowel = finite.ends_with('e') || finite.ends_with('a');
    FR_PRONOUNS
        .iter()
        .map(|(p, pr)| {
            let form = if ends_with_vowel {
                format!("{finite}-t-{p}")
            } else {
                format!("{finite}-{p}")
            };
            (form, *pr)
        })
        .collect()
}

/// The infinitive of a French verb ("déclaré" -> "déclarer", "mis en avant" -> "mettre
/// en avant" is left out).
fn infinitive(pp: &str) -> Option<String> {
    if let Some(&(_, inf)) = FR_INFINITIVES.iter().find(|(p, _)| *p == pp) {
        return Some(inf.to_owned());
    }
    if pp.contains(' ') {
        return None;
    }
    pp.strip_suffix('é').map(|stem| format!("{stem}er"))
}

/// The simple past (3rd singular, 3rd plural) of a French verb: regular for "-er"
/// verbs, from [`FR_SIMPLE_PAST`] otherwise.
fn simple_past(pp: &str, ppr: &str) -> Option<(String, String)> {
    if let Some(&(_, singular, plural)) = FR_SIMPLE_PAST.iter().find(|(p, _, _)| *p == pp) {
        return Some((singular.to_owned(), plural.to_owned()));
    }
    if pp.contains(' ') || !pp.ends_with('é') {
        return None;
    }
    let stem = ppr.strip_suffix("ant")?;
    // "annonçant" -> "annonça" but "annoncèrent"; "jugeant" -> "jugea", "jugèrent".
    let plural_stem = if let Some(s) = stem.strip_suffix('ç') {
        format!("{s}c")
    } else if let Some(s) = stem.strip_suffix("ge") {
        format!("{s}g")
    } else {
        stem.to_owned()
    };
    Some((format!("{stem}a"), format!("{plural_stem}èrent")))
}

fn build_fr() -> Lexicon {
    let mut b = Builder {
        patterns: Vec::new(),
        entries: Vec::new(),
    };
    for &(pp, s3, p3, ppr, denial, object) in FR_VERBS {
        let incise_only = FR_INCISE_ONLY.contains(&pp);
        let verb = VerbInfo { denial, object };
        let entry = |form| Entry { form, verb };
        if !incise_only {
            // "dit", "écrit": the participle is also the present; as a finite form
            // it still finds its auxiliary ("a dit"), see `patterns::locate`.
            if pp != s3 {
                b.add(pp, entry(Form::Participle));
            }
            b.add(s3, entry(Form::Finite));
            b.add(p3, entry(Form::Finite));
            b.add(ppr, entry(Form::PresentParticiple));
        } else {
            // "a lancé" stays a participle so that "a-t-il lancé" still works; the
            // pattern code refuses incise-only verbs outside incises.
            b.add(pp, entry(Form::Participle));
        }
        if let Some(stem) = ppr.strip_suffix("ant") {
            if !incise_only {
                b.add(&format!("{stem}ait"), entry(Form::Finite));
                b.add(&format!("{stem}aient"), entry(Form::Finite));
            }
            for (form, pr) in inverted_forms(&format!("{stem}ait")) {
                b.add(&form, entry(Form::Inverted(pr)));
            }
        }
        for (form, pr) in inverted_forms(s3) {
            if matches!(pr, Pronoun::Masculine | Pronoun::Feminine | Pronoun::Neuter) {
                b.add(&form, entry(Form::Inverted(pr)));
            }
        }
        if !incise_only && let Some(infinitive) = infinitive(pp) {
            b.add(&infinitive, entry(Form::Infinitive));
        }
        if let Some((singular, plural)) = simple_past(pp, ppr) {
            // "dit", "conclut": the simple past is the present, already listed.
            let new_singular = singular != s3;
            if !incise_only {
                if new_singular {
                    b.add(&singular, entry(Form::Finite));
                }
                b.add(&plural, entry(Form::Finite));
            }
            for (form, pr) in inverted_forms(&singular) {
                if new_singular && matches!(pr, Pronoun::Masculine | Pronoun::Feminine) {
                    b.add(&form, entry(Form::Inverted(pr)));
                }
            }
            for (form, pr) in inverted_forms(&plural) {
                if matches!(pr, Pronoun::Plural) {
                    b.add(&form, entry(Form::Inverted(pr)));
                }
            }
        }
        for (form, pr) in inverted_forms(p3) {
            if matches!(pr, Pronoun::Plural) {
                b.add(&form, entry(Form::Inverted(pr)));
            }
        }
    }
    for &(form, denial, object) in FR_REFLEXIVE {
        b.add(
            form,
            Entry {
                form: Form::Finite,
                verb: VerbInfo { denial, object },
            },
        );
    }
    for &s in FR_SOURCES {
        b.add(
            s,
            Entry {
                form: Form::Source,
                verb: VerbInfo {
                    denial: false,
                    object: false,
                },
            },
        );
    }
    b.build()
}

fn build_en() -> Lexicon {
    let mut b = Builder {
        patterns: Vec::new(),
        entries: Vec::new(),
    };
    for &(past, s3, base, ing, denial, object) in EN_VERBS {
        let object = object && !EN_INCISE_ONLY.contains(&past);
        let verb = VerbInfo { denial, object };
        let entry = |form| Entry { form, verb };
        b.add(past, entry(Form::Finite));
        b.add(s3, entry(Form::Finite));
        // "state" is a noun far more often than a verb ("state law", "the state").
        if base != "state" {
            b.add(base, entry(Form::Base));
        }
        b.add(ing, entry(Form::PresentParticiple));
    }
    for &s in EN_SOURCES {
        b.add(
            s,
            Entry {
                form: Form::Source,
                verb: VerbInfo {
                    denial: false,
                    object: false,
                },
            },
        );
    }
    b.build()
}

static FR: LazyLock<Lexicon> = LazyLock::new(build_fr);
static EN: LazyLock<Lexicon> = LazyLock::new(build_en);

/// The compiled lexicon of a language.
pub(crate) fn lexicon(lang: Lang) -> &'static Lexicon {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// English verbs that may stand inverted after their content ("…, said X").
const EN_INVERTIBLE: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "wrote",
    "writes",
    "continued",
    "explained",
    "asked",
    "replied",
    "recalled",
    "noted",
    "insisted",
    "warned",
    "told",
    "tweeted",
    "posted",
    "adds",
    "notes",
    "explains",
    "argued",
    "argues",
    "stressed",
    "admitted",
    "acknowledged",
    "conceded",
    "confirmed",
    "claimed",
    "countered",
    "responded",
    "remarked",
    "commented",
    "observed",
    "quipped",
    "joked",
    "concluded",
    "agreed",
    "cautioned",
    "declared",
    "stated",
    "announced",
    "reported",
    "echoed",
    "clarified",
    "recounted",
    "answered",
    "complained",
    "asserted",
    "maintained",
    "pointed out",
    "emphasised",
    "emphasized",
    "reiterated",
    "lamented",
    "boasted",
    "recalls",
    "insists",
    "warns",
    "continues",
];

/// Can this English cue be inverted (`"…," said X`)?
pub(crate) fn is_invertible_en(cue: &str) -> bool {
    let lower = cue.to_lowercase();
    EN_INVERTIBLE.iter().any(|v| lower.ends_with(v))
}

/// French incise-only verbs, by past participle (see [`FR_INCISE_ONLY`]).
pub(crate) fn is_incise_only(cue: &str) -> bool {
    let lower = cue.to_lowercase();
    FR_INCISE_ONLY
        .iter()
        .chain(EN_INCISE_ONLY)
        .any(|v| lower.ends_with(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(lang: Lang, text: &str) -> Vec<(&str, Form)> {
        lexicon(lang)
            .find(text)
            .into_iter()
            .map(|h| (&text[h.start..h.end], h.entry.form))
            .collect()
    }

    #[test]
    fn french_lexicon_has_at_least_sixty_verbs() {
        assert!(verb_count(Lang::Fr) >= 60, "{}", verb_count(Lang::Fr));
    }

    #[test]
    fn english_lexicon_has_at_least_forty_verbs() {
        assert!(verb_count(Lang::En) >= 40, "{}", verb_count(Lang::En));
    }

    #[test]
    fn inverted_french_forms_carry_their_pronoun() {
        assert_eq!(
            forms(Lang::Fr, "« Oui », ajoute-t-il."),
            vec![("ajoute-t-il", Form::Inverted(Pronoun::Masculine))]
        );
        assert_eq!(
            forms(Lang::Fr, "« Non », dit-elle."),
            vec![("dit-elle", Form::Inverted(Pronoun::Feminine))]
        );
        assert_eq!(
            forms(Lang::Fr, "expliquait-elle"),
            vec![("expliquait-elle", Form::Inverted(Pronoun::Feminine))]
        );
    }

    #[test]
    fn french_simple_past_is_a_cue_form() {
        assert_eq!(
            forms(Lang::Fr, "« Non », répondit-il."),
            vec![("répondit-il", Form::Inverted(Pronoun::Masculine))]
        );
        assert_eq!(
            forms(Lang::Fr, "« Oui », ajouta-t-elle."),
            vec![("ajouta-t-elle", Form::Inverted(Pronoun::Feminine))]
        );
        assert_eq!(
            forms(Lang::Fr, "Le ministre déclara que"),
            vec![("déclara", Form::Finite)]
        );
        assert_eq!(
            forms(Lang::Fr, "Les syndicats annoncèrent"),
            vec![("annoncèrent", Form::Finite)]
        );
    }

    #[test]
    fn cue_forms_match_on_word_boundaries_only() {
        assert!(forms(Lang::Fr, "une direction dite").is_empty());
        assert!(forms(Lang::En, "sayings").is_empty());
        assert_eq!(forms(Lang::En, "he says.").len(), 1);
    }

    #[test]
    fn both_apostrophes_find_source_cues() {
        assert_eq!(forms(Lang::Fr, "D'après l'ONU")[0].1, Form::Source);
        assert_eq!(forms(Lang::Fr, "D\u{2019}après l'ONU")[0].1, Form::Source);
    }

    #[test]
    fn denial_verbs_are_flagged() {
        let hits = lexicon(Lang::Fr).find("a démenti");
        assert!(hits.iter().any(|h| h.entry.verb.denial));
        let hits = lexicon(Lang::En).find("denied");
        assert!(hits[0].entry.verb.denial);
    }
}
