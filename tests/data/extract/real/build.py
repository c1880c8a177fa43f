"""Rebuild the real-article corpus of tests/data/extract/real from public repositories.

Each article is the main text of a page saved by a public repository's test suite,
extracted with trafilatura (favor_precision), cut after the first paragraph that
ends past CUT characters. The texts were frozen and annotated before the extractor
was run on them; rerunning this script is only for auditing provenance.

Usage: python build.py MIRRORS_DIR [ID...]  (MIRRORS_DIR holds git clones named
owner+name; with IDs, only those articles are rebuilt and their provenance replaced)
"""
import gzip, hashlib, json, os, subprocess, sys
import trafilatura

CUT = 3500

# id, language, repository, commit-ish, path inside the repository, licence note
SOURCES = [
    ("fr_lemonde_renseignement", "fr", "mozilla/readability", "HEAD", "test/test-pages/lemonde-1/source.html"),
    ("fr_liberation_nepal", "fr", "mozilla/readability", "HEAD", "test/test-pages/liberation-1/source.html"),
    ("fr_lemonde_cgt", "fr", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/fr/LeMonde_2023_09_01.html.gz"),
    ("fr_figaro_ukraine", "fr", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/fr/LeFigaro_2024_11_22.html.gz"),
    ("fr_figaro_0429", "fr", "flairNLP/fundus", "e5300d0dc2d35f2665592e045bdbc6e05fe3d771", "tests/resources/parser/test_data/fr/LeFigaro_2024_04_29.html.gz"),
    ("fr_figaro_0430", "fr", "flairNLP/fundus", "64956abda5f697783fff22ec519dd37ff8c1e6ca", "tests/resources/parser/test_data/fr/LeFigaro_2024_04_30.html.gz"),
    ("en_euronews_ireland", "en", "flairNLP/fundus", "81594dfd84efa804c78a3997ad148f85c726b573", "tests/resources/parser/test_data/fr/Euronews_2024_04_28.html.gz"),
    ("fr_euronews_merlu", "fr", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/fr/EuronewsFR_2024_04_30.html.gz"),
    ("fr_euronews_maduro", "fr", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/fr/EuronewsFR_2026_01_06.html.gz"),
    ("fr_lesechos_fil", "fr", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/fr/LesEchos_2024_07_18.html.gz"),
    ("fr_radiocz_ministre", "fr", "adbar/trafilatura", "HEAD", "tests/eval/francais.radio.cz-ministre.html"),
    ("fr_gala_delevoye", "fr", "adbar/trafilatura", "HEAD", "tests/eval/gala.fr.surnom.html"),
    ("fr_lapresse_parite", "fr", "adbar/trafilatura", "HEAD", "tests/eval/lapresse.tn.parite.html"),
    ("fr_ledevoir_trottinettes", "fr", "adbar/trafilatura", "HEAD", "tests/eval/ledevoir.com.trottinettes.html"),
    ("fr_nouvelliste_petrole", "fr", "adbar/trafilatura", "HEAD", "tests/eval/lenouvelliste.com-compagnies.html"),
    ("fr_sciencesetavenir_infox", "fr", "adbar/trafilatura", "HEAD", "tests/eval/sciencesetavenir.fr.rumeur.html"),
    ("fr_bondyblog_paris8", "fr", "adbar/trafilatura", "HEAD", "tests/eval/bondyblog.fr.paris-8.html"),
    ("fr_regards_enquetes", "fr", "adbar/trafilatura", "HEAD", "tests/eval/regards.fr.enquetes.html"),
    ("fr_tdg_chlorothalonil", "fr", "adbar/trafilatura", "HEAD", "tests/eval/tdg.ch.chlorothalonil.html"),
    ("fr_madamefigaro_intestin", "fr", "adbar/trafilatura", "HEAD", "tests/eval/madame.lefigaro.fr.dintestin.html"),
    ("fr_lopinion_glyphosate", "fr", "adbar/trafilatura", "HEAD", "tests/eval/lopinion.fr.glyphosate.html"),
    ("en_ap_mexico", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/APNews_2023_04_28.html.gz"),
    ("en_ap_laborday", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/APNews_2024_09_03.html.gz"),
    ("en_reuters_nepal", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/Reuters_2023_05_16.html.gz"),
    ("en_reuters_tank", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/Reuters_2024_03_07.html.gz"),
    ("en_guardian_valencia", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/TheGuardian_2024_02_24.html.gz"),
    ("en_independent_laos", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/TheIndependent_2024_11_22.html.gz"),
    ("en_cbc_gaza", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/ca/CBCNews_2024_08_08.html.gz"),
    ("en_globalnews_kyiv", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/ca/GlobalNews_2026_05_24.html.gz"),
    ("en_financialpost_jobs", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/ca/FinancialPost_2026_06_06.html.gz"),
    ("en_ottawacitizen_ircc", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/ca/OttawaCitizen_2026_05_26.html.gz"),
    ("en_namibian_hydrogen", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/na/TheNamibian_2023_11_16.html.gz"),
    ("en_nine_birthright", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/au/NineNews_2026_07_04.html.gz"),
    ("en_timeslive_zuma", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/za/TimesLive_2025_11_10.html.gz"),
    ("en_maverick_icj", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/za/DailyMaverick_2025_05_22.html.gz"),
    ("en_inews_usopen", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/iNews_2023_08_30.html.gz"),
    ("en_standard_chelsea", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/EveningStandard_2024_05_02.html.gz"),
    ("en_fox_china", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/FoxNews_2023_04_28.html.gz"),
    ("en_citizen_storms", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/za/TheCitizen_2025_11_28.html.gz"),
    ("en_wapo_storms", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/WashingtonPost_2024_04_26.html.gz"),
    ("en_tribune242_gunned", "en", "adbar/trafilatura", "HEAD", "tests/eval/tribune242.com-gunned.html"),
    # Second blind part (split "blind2"), added later, annotated before any run.
    ("fr_aoc_retraites", "fr", "adbar/trafilatura", "HEAD", "tests/eval/aoc.media.archaisme.html"),
    ("fr_sportsfr_lorient", "fr", "adbar/trafilatura", "HEAD", "tests/eval/sports.fr.lorient.html"),
    ("fr_dalloz_raoult", "fr", "adbar/trafilatura", "HEAD", "tests/eval/dalloz-actualite.fr.raoult.html"),
    ("fr_franceculture_idees", "fr", "markusmobius/go-trafilatura", "HEAD", "test-files/mock/franceculture.fr.idees.html"),
    ("en_voa_0428", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/VoiceOfAmerica_2024_04_28.html.gz"),
    ("en_latimes_0626", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/LATimes_2023_06_26.html.gz"),
    ("en_bbc_0801", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/BBC_2024_08_01.html.gz"),
    ("en_telegraph_0917", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/TheTelegraph_2024_09_17.html.gz"),
    # Third batch, development part only (round 4): annotated and committed before
    # the extractor was first run on them.
    ("en_euronews_sweden", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/uk/EuronewsEN_2024_04_30.html.gz"),
    ("en_malaymail_anwar", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/my/MalayMail_2024_11_22.html.gz"),
    ("en_namibian_mbumba", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/na/TheNamibian_2024_02_20.html.gz"),
    ("en_washtimes_indiana", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/WashingtonTimes_2023_04_28.html.gz"),
    ("en_intercept_montana", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/us/TheIntercept_2023_04_28.html.gz"),
    ("en_timeslive_sars", "en", "flairNLP/fundus", "HEAD", "tests/resources/parser/test_data/za/TimesLive_2025_05_22.html.gz"),
    ("fr_laviedesidees_revues", "fr", "markusmobius/go-trafilatura", "HEAD", "test-files/mock/laviedesidees.fr.evaluation.html"),
    ("fr_infocomcgt_caisse", "fr", "adbar/trafilatura", "HEAD", "tests/eval/infocomcgt.fr.caisse.html"),
]

def read(mirrors, repo, rev, path):
    git = f"{mirrors}/{repo.replace('/', '+')}"
    if os.path.isdir(f"{git}/repo"):
        git = f"{git}/repo"
    raw = subprocess.check_output(["git", "-C", git, "show", f"{rev}:{path}"])
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    commit = subprocess.check_output(["git", "-C", git, "rev-parse", rev]).decode().strip()
    return raw.decode("utf-8", errors="replace"), commit

def cut(paragraphs):
    out, n = [], 0
    for p in paragraphs:
        out.append(p)
        n += len(p)
        if n > CUT:
            break
    return out

def main(mirrors, only=None):
    provenance = []
    if only:
        provenance = [p for p in json.load(open("provenance.json")) if p["article"][:-4] not in only]
    for ident, lang, repo, rev, path in SOURCES:
        if only and ident not in only:
            continue
        html, commit = read(mirrors, repo, rev, path)
        meta = trafilatura.extract_metadata(html)
        text = trafilatura.extract(html, favor_precision=True, include_tables=False)
        paragraphs = [p.strip() for p in (text or "").split("\n") if p.strip()]
        title = meta.title if meta and meta.title else ""
        if paragraphs and title and paragraphs[0] != title:
            paragraphs.insert(0, title)
        body = "\n\n".join(cut(paragraphs)) + "\n"
        open(f"articles/{ident}.txt", "w", encoding="utf-8").write(body)
        provenance.append({
            "article": f"{ident}.txt", "lang": lang, "repository": repo, "commit": commit,
            "path": path, "url": meta.url if meta else None,
            "outlet": meta.sitename if meta else None, "date": meta.date if meta else None,
            "sha256": hashlib.sha256(body.encode()).hexdigest(),
        })
    json.dump(provenance, open("provenance.json", "w"), ensure_ascii=False, indent=1)

if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[2:]) or None)
