"""Quotes and speaker attribution."""

from collections.abc import Callable

import pytest

from newsstream.events import EnrichedArticle

Enrich = Callable[..., EnrichedArticle]


@pytest.mark.parametrize(
    "text",
    [
        "„Wir stehen an der Seite der Ukraine“, sagte Stoltenberg.",
        "»Wir stehen an der Seite der Ukraine«, erklärte Stoltenberg am Montag.",
        '"Wir stehen an der Seite der Ukraine", so der NATO-Generalsekretär.',
        "Stoltenberg sagte: „Wir stehen an der Seite der Ukraine.“",
        "Stoltenberg kam nach Kiew. „Wir stehen an der Seite der Ukraine“, betonte er.",
    ],
)
def test_speaker_patterns(enrich: Enrich, text: str) -> None:
    q = enrich(text, published_at="2023-04").quotes
    assert len(q) == 1
    assert q[0].speaker_id == "jens-stoltenberg"
    assert q[0].speaker == "Jens Stoltenberg"
    assert q[0].text.startswith("Wir stehen an der Seite der Ukraine")
    assert text[q[0].start : q[0].end] == q[0].text


def test_speaker_in_neighbouring_sentence(enrich: Enrich) -> None:
    text = "Peskow äußerte sich am Montag deutlich. Das sei „eine Bedrohung für uns“."
    q = enrich(text).quotes
    assert q[0].speaker_id is None or q[0].speaker_id == "dmitri-peskow"
    text = "Peskow sagte am Montag: Das sei klar. „Eine Bedrohung für uns.“"
    assert enrich(text).quotes[0].speaker_id == "dmitri-peskow"


def test_pronoun_resolved_to_last_named_person_of_that_gender(enrich: Enrich) -> None:
    text = "Baerbock traf Blinken. „Wir sind uns einig“, sagte sie."
    assert enrich(text).quotes[0].speaker_id == "annalena-baerbock"


def test_unattributed_quote_has_no_speaker(enrich: Enrich) -> None:
    q = enrich("Die Lage gilt als „ernst“.").quotes
    assert q[0].speaker is None and q[0].speaker_id is None


def test_single_low_quotes(enrich: Enrich) -> None:
    q = enrich("‚Nie wieder‘, sagte Scholz.", published_at="2023-01").quotes
    assert q[0].text == "Nie wieder" and q[0].speaker_id == "olaf-scholz"


def test_description_after_speech_verb_is_the_person_named_before(enrich: Enrich) -> None:
    text = "Merz reiste nach Warschau. „Wir stehen zusammen“, sagte der CDU-Politiker."
    assert enrich(text, published_at="2025-06").quotes[0].speaker_id == "friedrich-merz"


def speakers(text: str, enrich: Enrich, date: str = "2024-05") -> list[str | None]:
    return [q.speaker_id for q in enrich(text, published_at=date).quotes]


# --- credit lines, anonymous spokespeople, institutions as speakers -----------------------
@pytest.mark.parametrize(
    "text",
    [
        "„Die Nachfrage steigt“, sagte eine Sprecherin des Konzerns. (AFP)",
        "„Die Nachfrage steigt“, hieß es am Abend. (dpa)",
        "„Die Nachfrage steigt“, sagte ein Sprecher. (Reuters/dpa)",
    ],
)
def test_credit_line_is_never_the_speaker(enrich: Enrich, text: str) -> None:
    assert speakers(text, enrich) == [None]


def test_anonymous_spokesperson_of_an_organization(enrich: Enrich) -> None:
    text = "„Wir prüfen die Vorwürfe“, sagte ein Sprecher von Rheinmetall."
    assert speakers(text, enrich) == ["rheinmetall"]
    text = "Eine Sprecherin der NATO sagte: „Wir beobachten die Lage.“"
    assert speakers(text, enrich) == ["nato"]


def test_indefinite_spokesperson_is_not_the_one_named_before(enrich: Enrich) -> None:
    text = (
        "Kremlsprecher Dmitri Peskow wies die Berichte am Morgen zurück. "
        "Ein Sprecher des Außenministeriums in Paris äußerte sich später. "
        "„Das ist eine Falschmeldung“, sagte der Sprecher."
    )
    assert speakers(text, enrich) == ["france-foreign-ministry"]
    text = (
        "Kremlsprecher Dmitri Peskow wies die Berichte zurück. "
        "„Wir haben nichts damit zu tun“, sagte ein Sprecher am Abend."
    )
    assert speakers(text, enrich) == [None]
    # a definite spokesperson with no anonymous one in between is still Peskow
    text = (
        "Kremlsprecher Dmitri Peskow wies die Berichte zurück. "
        "„Wir haben nichts damit zu tun“, sagte der Sprecher."
    )
    assert speakers(text, enrich) == ["dmitri-peskow"]


def test_institution_speaking_in_its_own_sentence(enrich: Enrich) -> None:
    text = "Die Bundesregierung warnte Moskau vor einer „gefährlichen Eskalation“."
    assert speakers(text, enrich) == ["german-government"]
    text = "Am Mittwoch drohte die NATO mit „ernsten Konsequenzen“."
    assert speakers(text, enrich) == ["nato"]
    text = "Das Pentagon wertete den Raketentest als „Eskalation“."
    assert speakers(text, enrich) == ["pentagon"]
    # a person in the sentence is preferred, and no speech verb means no speaker
    text = "Die NATO sei „nicht hirntot“, erklärte Macron in Paris."
    assert speakers(text, enrich) == ["emmanuel-macron"]
    text = "Die NATO stationiert die „Eastern Sentry“-Mission an der Ostflanke."
    assert speakers(text, enrich) == [None]


def test_unresolved_role_subject_is_an_unnamed_speaker(enrich: Enrich) -> None:
    """The quote's own sentence names its speaker by role only, and nobody known holds
    it: the speaker is unnamed, not the person quoted in the sentence before."""
    text = (
        "Der russische Außenminister Sergej Lawrow warf dem Westen Heuchelei vor. "
        "Die Sprecherin der Behörde sprach von „Lügen“."
    )
    assert speakers(text, enrich) == [None]
    text = "„Wir sind vorbereitet“, sagte ein Kremlsprecher."
    assert speakers(text, enrich) == ["kremlin"]


def test_quote_marks_around_nothing_are_no_quote(enrich: Callable[..., EnrichedArticle]) -> None:
    """Found by the property tests: „ “ gave a quote whose text was one space."""
    out = enrich('Die Ministerin sagte: „ “ und dann „…“ sowie " ". Scholz sagte: „Ja.“')
    assert [q.text for q in out.quotes] == ["Ja."]


def test_organization_speaking_in_the_previous_sentence(enrich: Enrich) -> None:
    text = (
        "Moskau wies die Vorwürfe zurück. Es gebe keine Beweise, erklärte das Außenministerium "
        "in Moskau. Deutschland betreibe „antirussische Propaganda“."
    )
    q = enrich(text).quotes
    assert [x.speaker_id for x in q] == ["russia-foreign-ministry"]


def test_a_person_in_the_previous_sentence_still_comes_first(enrich: Enrich) -> None:
    text = (
        "Es gebe keine Beweise, sagte Peskow nach einem Treffen im Außenministerium in Moskau. "
        "Das sei „Propaganda“."
    )
    assert enrich(text).quotes[0].speaker_id == "dmitri-peskow"


def test_a_newspaper_name_in_quotation_marks_is_a_title_and_may_speak(enrich: Enrich) -> None:
    text = "Die Tageszeitung „Denník N“ schrieb, dem Land stünden „vier verlorene Jahre“ bevor."
    q = enrich(text, published_at="2023-10").quotes
    assert [(x.text, x.speaker_id) for x in q] == [("vier verlorene Jahre", "dennik-n")]


def test_an_organization_before_a_medium_in_the_sentence_speaks(enrich: Enrich) -> None:
    text = "Die EU-Kommission drohte in der „Bild“-Zeitung mit der „härtesten Antwort“."
    q = enrich(text).quotes
    assert [(x.text, x.speaker_id) for x in q] == [("härtesten Antwort", "european-commission")]


def test_generic_role_noun_refers_to_a_specific_office_of_that_gender(enrich: Enrich) -> None:
    """ "die Ministerin" after a Verteidigungsministerin and a Verteidigungsminister."""
    text = (
        "Die litauische Verteidigungsministerin Dovilė Šakalienė traf"
        " Verteidigungsminister Boris Pistorius. „Wir brauchen mehr Luftabwehr“, sagte"
        " die Ministerin. „Wir helfen“, sagte der Minister."
    )
    q = enrich(text, published_at="2025-05").quotes
    assert [x.speaker_id for x in q] == ["dovile-sakaliene", "boris-pistorius"]


def test_a_person_governed_by_a_preposition_is_not_the_speaker(enrich: Enrich) -> None:
    text = (
        "Ministerpräsident Pedro Sánchez hatte in einem Brief an NATO-Generalsekretär"
        " Mark Rutte eine „flexible Lösung“ verlangt."
    )
    q = enrich(text, published_at="2025-06").quotes
    assert [x.speaker_id for x in q] == ["pedro-sanchez"]


# Speaker rules added after the blind runs on held-out sets 5 and 6: (text, article
# date, speaker of each quote).
SPEAKER_RULES = [
    pytest.param(
        "Die Regierungspartei Georgischer Traum, die der Milliardär Bidsina Iwanischwili"
        " gegründet hat, wirft dem Westen vor, eine „globale Kriegspartei“ zu sein.",
        "2024-05",
        ["georgian-dream"],
        id="a person in a relative clause is not the speaker",
    ),
    pytest.param(
        "Die Regierungspartei Georgischer Traum, die Präsidentin Salome Surabischwili"
        " scharf kritisiert, wirft dem Westen vor, eine „globale Kriegspartei“ zu sein.",
        "2024-05",
        ["georgian-dream"],
        id="a knowledge-base person in a relative clause is not the speaker",
    ),
    pytest.param(
        "Die Leiterin der Mission, Danielle Bell, widersprach. Es sei „sehr wahrscheinlich“,"
        " dass das Krankenhaus getroffen wurde.",
        "2024-05",
        ["unknown:danielle-bell"],
        id="reported speech: the person of the sentence before",
    ),
    pytest.param(
        "„Das ist ein historischer Tag“, sagte NATO-Generalsekretär Jens Stoltenberg."
        " Präsident Wladimir Putin habe das Gegenteil dessen erreicht, was er gewollt habe."
        " „Er wollte weniger NATO, jetzt bekommt er mehr NATO.“",
        "2023-04",
        ["jens-stoltenberg", "jens-stoltenberg"],
        id="reported speech: the speaker of the quote that began it",
    ),
    pytest.param(
        "Das Verteidigungsministerium in Moskau wies jede Verantwortung zurück. Die Bilder"
        " seien eine „Inszenierung“ für westliche Medien.",
        "2022-04",
        ["russia-defence-ministry"],
        id="reported speech after an organization speaking",
    ),
    pytest.param(
        "Trump schrieb auf seiner Plattform Truth Social, Selenskyj sei „nicht bereit für"
        " Frieden“, wenn Amerika beteiligt sei.",
        "2025-03",
        ["donald-trump"],
        id="the speaker comes before the speech verb",
    ),
    pytest.param(
        "Selenskyj erinnerte daran, dass Kremlchef Wladimir Putin Vereinbarungen gebrochen"
        " habe, und fragte: „Was für eine Diplomatie meinen Sie?“",
        "2025-03",
        ["wolodymyr-selenskyj"],
        id="a person in a dass-clause is not the speaker",
    ),
    pytest.param(
        "Die UN-Koordinatorin für humanitäre Hilfe in der Ukraine, Denise Brown, sprach von"
        " einer „sehr ernsten“ Lage.",
        "2022-11",
        ["unknown:denise-brown"],
        id="apposition after a role with a für-complement",
    ),
    pytest.param(
        "Bezahlen sollen die Europäer, sagte Donald Trump bei einem Treffen mit"
        " NATO-Generalsekretär Mark Rutte. »Wir werden Waffen herstellen«, sagte er.",
        "2025-07",
        ["donald-trump"],
        id="a pronoun: not the person a preposition governs",
    ),
    pytest.param(
        "In Moskau reagierte der Vizechef des Sicherheitsrats, Dmitri Medwedew, spöttisch."
        " Trump habe dem Kreml ein „theatralisches Ultimatum“ gestellt, schrieb er.",
        "2025-07",
        ["dmitri-medwedew"],
        id="a pronoun: not a person of the reported content",
    ),
    pytest.param(
        "Donald Trump zeigte sich enttäuscht von Kremlchef Wladimir Putin: »Er redet nett,"
        " und dann bombardiert er am Abend alle.«",
        "2025-07",
        ["donald-trump"],
        id="a colon: the subject of the clause before it",
    ),
    pytest.param(
        '"Die Offensive geht voran", sagte der Kommandeur der Truppen im südlichen'
        " Frontabschnitt, General Olexander Tarnawskyj, in einer Videobotschaft.",
        "2023-08",
        ["unknown:olexander-tarnawskyj"],
        id="an apposition after the role that follows the speech verb",
    ),
    pytest.param(
        "Das sagte Bundeskanzler Olaf Scholz bei einem Auftritt mit dem irischen"
        " Regierungschef Micheál Martin. Die Behörde kann nicht zertifizieren. „Die Lage ist"
        " heute eine andere“, sagte der SPD-Politiker.",
        "2022-02",
        ["olaf-scholz"],
        id="a description after the verb: not the person a preposition governs",
    ),
    pytest.param(
        "Bundeskanzler Friedrich Merz will Staats- und Regierungschefs sowie"
        " NATO-Generalsekretär Mark Rutte empfangen. „Wir stehen an einem entscheidenden"
        " Punkt“, sagte der CDU-Vorsitzende.",
        "2025-12",
        ["friedrich-merz"],
        id="a description after the verb: the subject named before, not the party",
    ),
    pytest.param(
        "Orbán ist zu Gesprächen mit Putin nach Moskau gereist. Nach dem Treffen im Kreml"
        " sagte der Rechtsnationalist, die Positionen lägen »sehr weit auseinander«.",
        "2024-07",
        ["viktor-orban"],
        id="a description after a speech verb before the quote",
    ),
    pytest.param(
        "Die Sprecherin der SPD war empört. Die Europäische Union verurteilte die Kampagne"
        " als „bösartiges Verhalten im Cyberraum“.",
        "2024-05",
        ["eu"],
        id="the object after the verb is no description of the speaker",
    ),
    pytest.param(
        "Der frühere Präsident Dmitri Medwedew, heute Vizechef des russischen"
        " Sicherheitsrats, schrieb auf Telegram, Georgien gehe „in den dunklen Abgrund“.",
        "2024-05",
        ["dmitri-medwedew"],
        id="an office in apposition to the person named before it",
    ),
    pytest.param(
        "Vize-Regierungschef Olexander Kubrakow teilte das mit. „Das ist ein wichtiger"
        " Schritt“, schrieb der für Infrastruktur zuständige Minister auf Facebook.",
        "2023-09",
        ["unknown:olexander-kubrakow"],
        id="a description with lowercase words after the article",
    ),
    pytest.param(
        "Der Chef der oppositionellen Partei Smer, Robert Fico, nannte den Beschluss"
        " verfassungswidrig. „Diese Regierung hat kein Mandat“, sagte der frühere"
        " Regierungschef.",
        "2023-03",
        ["robert-fico"],
        id="a role with a long complement, then the name in commas",
    ),
    pytest.param(
        "Die staatliche Nachrichtenagentur Xinhua feierte den Besuch als Beginn einer „neuen Ära“.",
        "2023-03",
        ["xinhua"],
        id="a news agency celebrating",
    ),
    pytest.param(
        "Die ukrainische Delegation leitete Präsidialamtschef Andrij Jermak. Er sprach von"
        ' "sehr produktiven Beratungen". Die Minister trafen sich. Sie sprachen von'
        " „Fortschritt“.",
        "2023-08",
        ["andrij-jermak", None],
        id="a sentence opened by a pronoun and a singular verb, not a plural one",
    ),
    pytest.param(
        "Das Außenministerium in Peking wies dies als „provokativ“ zurück.",
        "2024-07",
        ["china-foreign-ministry"],
        id="an institution rejecting",
    ),
    pytest.param(
        "Die belarussische Nachrichtenagentur Belta meldete, die Soldaten hätten gegen"
        " einen „Angreifer“ geübt.",
        "2025-09",
        ["belta"],
        id="a news agency reporting",
    ),
]


@pytest.mark.parametrize(("text", "date", "expected"), SPEAKER_RULES)
def test_speaker_rules(enrich: Enrich, text: str, date: str, expected: list[str]) -> None:
    assert speakers(text, enrich, date) == expected


def test_a_relative_clause_of_the_sentence_before_does_not_hide_the_speaker(
    enrich: Enrich,
) -> None:
    text = (
        "Babler warnte vor einem „Rechtsruck, der Europa spaltet“. Neos-Chefin Beate"
        " Meinl-Reisinger sagte, ihre Partei werde „eine laute Stimme“ sein."
    )
    assert speakers(text, enrich, "2025-01")[-1] == "beate-meinl-reisinger"
