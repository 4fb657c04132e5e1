"""Themes: thresholds, negation, multi-label, evidence."""

from collections.abc import Callable

import pytest

from newsstream.events import EnrichedArticle

Enrich = Callable[..., EnrichedArticle]


def theme_ids(r: EnrichedArticle) -> set[str]:
    return {t.id for t in r.themes}


def test_negated_troop_deployment_is_still_the_theme(enrich: Enrich) -> None:
    r = enrich("Die NATO plane nicht, Truppen in die Ukraine zu entsenden.")
    assert "troop_deployment" in theme_ids(r)
    t = next(t for t in r.themes if t.id == "troop_deployment")
    assert t.label == "Truppenentsendung"
    assert t.evidence[0].sentence.startswith("Die NATO plane nicht")


def test_passing_word_is_not_a_theme(enrich: Enrich) -> None:
    assert "battlefield" not in theme_ids(enrich("Er sprach über die Front."))


def test_multi_label(enrich: Enrich) -> None:
    r = enrich(
        "Russland griff die Energieinfrastruktur mit Raketen an. "
        "Die EU beschloss ein neues Sanktionspaket gegen Moskau. "
        "Deutschland liefert weitere Patriot-Systeme zur Luftverteidigung."
    )
    assert {"infrastructure_attacks", "sanctions", "air_defense"} <= theme_ids(r)


def test_inflected_cues(enrich: Enrich) -> None:
    r = enrich("Die Waffenlieferungen an Kiew wurden ausgeweitet.")
    assert "military_aid" in theme_ids(r)


# Vocabulary (themes.yaml version 4): how wire reports write about each theme.  Each
# text spends a sentence on the theme and was not recognised before version 4.
RECOGNISED = {
    "troop_deployment": [
        "Frankreich hat nach Angaben aus Paris weitere Soldaten nach Rumänien entsandt.",
        "Rund 4800 Bundeswehrsoldaten sollen dauerhaft in Litauen stationiert werden.",
        "Nordkorea hat nach Geheimdienstangaben Tausende Soldaten nach Russland geschickt.",
        "Der Bundestag verlängerte das Mandat der Bundeswehr für den Einsatz in Litauen.",
    ],
    "security_guarantees": [
        "Die Ukraine und Deutschland haben eine bilaterale Sicherheitsvereinbarung unterzeichnet.",
        "Der Vertrag verpflichtet beide Staaten, einander im Falle eines Angriffs "
        "militärischen Beistand zu leisten.",
    ],
    "peace_negotiations": [
        "Unter Vermittlung der Türkei einigten sich beide Seiten auf eine dreitägige Feuerpause.",
        "Die Delegationen kamen in Genf zu einer neuen Verhandlungsrunde zusammen. "
        "Ziel sei eine Verhandlungslösung, sagte der Unterhändler.",
    ],
    "nuclear_escalation": [
        "Putin drohte erneut mit Atomwaffen. Russland werde seine Kernwaffen notfalls einsetzen.",
    ],
    "civilian_harm": [
        "Bei dem Angriff auf ein Wohnhaus in Charkiw kamen sieben Menschen ums Leben. "
        "Unter den Trümmern suchten Rettungskräfte nach Verschütteten.",
        "In dem befreiten Ort wurde ein Massengrab entdeckt; viele Opfer waren gefoltert worden.",
    ],
    "infrastructure_attacks": [
        "Nach russischen Angriffen auf das Energienetz fiel in Kiew stundenlang der Strom aus.",
        "Das Unterseekabel zwischen Finnland und Estland wurde beschädigt. Die Behörden "
        "prüfen, ob ein Frachter mit seinem Anker das Kabel durchtrennt hat.",
        "Bei dem Angriff wurde kritische Energieinfrastruktur im Westen des Landes zerstört.",
    ],
    "sanctions": [
        "Die EU verhängte Einreiseverbote gegen 20 Funktionäre und ein Ausfuhrverbot für "
        "Dual-Use-Güter.",
    ],
    "energy_supply": [
        "Russland hat Moldau den Gashahn zugedreht.",
        "Die Gasspeicher sind zu 95 Prozent gefüllt. Die Versorgungssicherheit sei "
        "gewährleistet, sagte der Präsident der Bundesnetzagentur.",
        "Europa will unabhängig von russischem Gas werden und setzt auf Flüssiggas aus Katar.",
    ],
    "refugees_humanitarian": [
        "Mehr als sechs Millionen Menschen sind aus der Ukraine geflohen. Hunderttausende "
        "Binnenvertriebene leben in Notunterkünften.",
    ],
    "battlefield": [
        "Die Armee meldete, mehrere russische Angriffe im Raum Pokrowsk seien abgewehrt "
        "worden. Russische Einheiten versuchten, die Linie bei Kurachowe zu durchbrechen.",
        "Das russische Verteidigungsministerium meldete die Befreiung der Ortschaft "
        "Krasnohoriwka. Die Kämpfe um die Stadt dauerten an.",
        "Russische Truppen haben die Stadt nach wochenlanger Belagerung umzingelt. Die "
        "Verteidiger halten einen Brückenkopf am Ostufer.",
    ],
    "summit_diplomacy": [
        "Bundeskanzler Olaf Scholz empfing den französischen Präsidenten zu einem "
        "Arbeitsbesuch im Kanzleramt.",
        "Die beiden Außenminister trafen sich am Rande der UN-Vollversammlung zu einem "
        "Vier-Augen-Gespräch.",
    ],
    "reforms_standards": [
        "Die Regierung kündigte eine Justizreform und den Ausbau der Antikorruptionsbehörde an.",
    ],
    "nato_membership": [
        "Finnland trat im April 2023 der Nato bei. Schweden ist seit März 2024 Mitglied der Nato.",
    ],
    "cyber": [
        "Prorussische Hacker legten die Webseiten mehrerer Ministerien lahm.",
        "Unbekannte hatten die Server des Ministeriums mit Schadsoftware infiziert. "
        "Auch Fake News über den Vorfall verbreiteten sich rasch.",
    ],
    "defense_industry": [
        "Rheinmetall erhielt einen Großauftrag der Bundeswehr und baut seine Produktion aus.",
        "Der Rüstungshersteller will mehr Munition produzieren und baut dafür ein neues Werk.",
    ],
    "military_aid": [
        "Deutschland ist nach den USA der größte Waffenlieferant der Ukraine.",
        "Berlin hat Kiew weitere Artilleriegeschosse zugesagt.",
        "Die Niederlande haben der Ukraine Schützenpanzer zugesagt. Die ersten Fahrzeuge "
        "sollen im Frühjahr geliefert werden.",
    ],
    "us_policy": [
        "Die Trump-Regierung kündigte an, die Hilfe für Kiew auszusetzen. US-Vizepräsident "
        "JD Vance verteidigte den Schritt.",
    ],
    "air_defense": [
        "Die Luftwaffe schoss nach eigenen Angaben 30 von 35 Drohnen ab. Zudem seien zwei "
        "Marschflugkörper abgewehrt worden.",
        "Deutschland tritt der Initiative European Sky Shield bei und kauft das "
        "israelische System Arrow 3.",
    ],
}


# A word in passing, or a word in another sense, does not make the theme.
PASSING = [
    # coalition talks are not peace talks
    (
        "peace_negotiations",
        "Die Verhandlungen zwischen ÖVP und SPÖ sind gescheitert. Die Verhandlungen über "
        "eine neue Regierung sollen nächste Woche beginnen.",
    ),
    # a tank brigade of one's own army is not aid
    (
        "military_aid",
        "Die Bundeswehr stellte ihre Panzerbrigade in Dienst. Das Panzerbataillon soll im "
        "Herbst folgen.",
    ),
    # jets a country wants to buy are not aid
    ("military_aid", "Ankara verknüpfte die Frage mit dem Wunsch nach F-16-Kampfjets aus den USA."),
    # phone calls are not a summit
    (
        "summit_diplomacy",
        "Er telefonierte mit dem Präsidenten Frankreichs. Später telefonierte er mit dem "
        "Präsidenten Polens.",
    ),
    # a hospital without an attack
    ("civilian_harm", "Ein Mann wurde bei einem Unfall verletzt und ins Krankenhaus gebracht."),
    # a share price, not the arms industry
    ("defense_industry", "Die Aktie des Rüstungskonzerns legte an der Börse zu."),
    # history of the arsenal, not a nuclear threat
    (
        "nuclear_escalation",
        "Die Ukraine hatte 1994 auf ihre Atomwaffen verzichtet. Das Land besaß damals das "
        "drittgrößte Atomwaffenarsenal der Welt.",
    ),
    # "Offensive" and "Schlacht" in other senses
    ("battlefield", "Die Partei startete eine Bildungsoffensive. Ihr Schlachtruf: mehr Lehrer."),
    # a press conference is not a conference of leaders
    ("summit_diplomacy", "Der Minister sagte auf einer Pressekonferenz, er sehe keine Probleme."),
    # the maker named as an apposition
    (
        "defense_industry",
        "Die Jets wurden von Ausbildern des Herstellers Lockheed Martin gewartet.",
    ),
    # one remark on the front is not an article on the fighting
    ("battlefield", "Die Lage an der Front sei schwierig, sagte der Minister."),
    # a company named in passing
    ("energy_supply", "Ein Sprecher von Gazprom lehnte eine Stellungnahme ab."),
    # propaganda named once is not a disinformation story
    ("cyber", "Die russische Propaganda stellt den Krieg anders dar."),
]


@pytest.mark.parametrize(("theme", "text"), PASSING)
def test_passing_or_other_sense_is_not_the_theme(enrich: Enrich, theme: str, text: str) -> None:
    assert theme not in theme_ids(enrich(text))


def test_one_item_of_a_list_is_a_passing_mention(enrich: Enrich) -> None:
    r = enrich(
        "Mit dem Geld sollen vor allem Artilleriemunition, Luftabwehrsysteme und weitere"
        " Waffen aus amerikanischen Beständen bezahlt werden."
    )
    assert "air_defense" not in theme_ids(r)


def test_list_items_of_one_theme_are_a_sentence_spent_on_it(enrich: Enrich) -> None:
    r = enrich(
        "Deutschland liefert der Ukraine Patriot-Systeme, IRIS-T-Raketen und"
        " Gepard-Flugabwehrpanzer."
    )
    assert "air_defense" in theme_ids(r)


def test_list_item_adds_to_a_theme_established_elsewhere(enrich: Enrich) -> None:
    text = (
        "Die Ukraine braucht dringend mehr Luftverteidigung gegen die russischen Raketen. "
        "Das Paket umfasst Munition, Luftabwehrsysteme und Ersatzteile."
    )
    air = next(t for t in enrich(text).themes if t.id == "air_defense")
    assert len(air.evidence) == 2


def test_a_summit_as_the_setting_is_a_passing_mention(enrich: Enrich) -> None:
    text = "US-Präsident Joe Biden sprach am Rande des G20-Gipfels von einem Erfolg der Ukraine."
    assert "summit_diplomacy" not in theme_ids(enrich(text, published_at="2022-11"))
    text = "Während des NATO-Gipfels in Den Haag legten Hacker Websites von Gemeinden lahm."
    assert "summit_diplomacy" not in theme_ids(enrich(text, published_at="2025-06"))
    text = "Am Rande des Gipfels trafen sich Biden und Xi zu einem langen Gespräch."
    assert "summit_diplomacy" in theme_ids(enrich(text, published_at="2022-11"))


def test_negated_fighting_words_count_half(enrich: Enrich) -> None:
    text = (
        "Die Schutztruppe solle nicht an der Front kämpfen. Es handle sich nicht um einen"
        " Rückzug, betonte das Kommando."
    )
    assert "battlefield" not in theme_ids(enrich(text))
    text = "Die Armee meldete den Rückzug aus Cherson. An der Front wird weiter gekämpft."
    assert "battlefield" in theme_ids(enrich(text))


# Vocabulary added in themes.yaml version 5 (after the blind run on set 7).
RECOGNISED_V5 = [
    (
        "energy_supply",
        "Die baltischen Staaten haben sich vom russischen Stromnetz gelöst und sind Teil"
        " des europäischen Verbundnetzes. Die Netze wurden mit Polen synchronisiert.",
    ),
    (
        "infrastructure_attacks",
        "Russland greift seit Wochen die Häfen an der Donau an. In der Nacht trafen Drohnen"
        " Getreidespeicher und Verladeanlagen in Ismajil.",
    ),
    (
        "battlefield",
        "Ukrainische Truppen rückten auf die Kleinstadt Lyman vor. Tausende russische"
        " Soldaten seien nahezu eingekesselt.",
    ),
    (
        "refugees_humanitarian",
        "An den Grenzen hält der Andrang von Männern an, die sich der Mobilmachung entziehen"
        " wollen. Tausende Männer haben nach der Flucht vor der Mobilisierung Georgien erreicht.",
    ),
]


def test_a_relative_clause_on_a_person_is_a_passing_mention(enrich: Enrich) -> None:
    text = (
        "Präsident Wolodymyr Selenskyj, der zum G7-Gipfel nach Hiroshima gereist war,"
        " sorgte mit einer Äußerung für Verwirrung."
    )
    assert "summit_diplomacy" not in theme_ids(enrich(text, published_at="2023-05"))
    # the same words in the sentence's own clause are the theme
    text = "Präsident Wolodymyr Selenskyj reiste zum G7-Gipfel nach Hiroshima."
    assert "summit_diplomacy" in theme_ids(enrich(text, published_at="2023-05"))
    # a relative clause on a thing is not an aside
    text = (
        "Starmer kündigte eine Konferenz der Koalition der Willigen an, die"
        " Sicherheitsgarantien für die Ukraine ausarbeiten soll."
    )
    assert "security_guarantees" in theme_ids(enrich(text, published_at="2025-03"))
    # a person in a genitive attribute: the clause may be the noun's ("der Gesetzentwurf …,
    # der … droht")
    text = (
        "Im Senat liegt ein Gesetzentwurf des Republikaners Lindsey Graham, der"
        " Handelspartnern Russlands harte Sanktionen androht."
    )
    assert "sanctions" in theme_ids(enrich(text, published_at="2025-07"))


def test_nobody_hurt_is_no_civilian_harm(enrich: Enrich) -> None:
    text = (
        "Ein Lokführer hatte den Schaden bemerkt, verletzt wurde niemand. Unbekannte"
        " legten Feuer in einem Einkaufszentrum."
    )
    assert "civilian_harm" not in theme_ids(enrich(text))


def test_sabotage_alone_is_not_cyber(enrich: Enrich) -> None:
    text = (
        "Die Staatsanwaltschaft ermittelt wegen Sabotage. Der Verdächtige sei wegen"
        " Sabotage verurteilt worden. Es sei ein beispielloser Sabotageakt."
    )
    assert "cyber" not in theme_ids(enrich(text))
    assert "cyber" in theme_ids(enrich("Hacker verübten eine Cybersabotage an den Stellwerken."))


# Vocabulary added in themes.yaml version 6 (from the misses of sets 6-8).
RECOGNISED_V6 = [
    (
        "troop_deployment",
        "Die Regierung will 10.000 Soldaten zum Schutz der Bahnstrecken einzusetzen."
        " Soldaten sollen an gefährdeten Abschnitten patrouillieren.",
    ),
    (
        "nato_membership",
        "Damit ist der Weg für Schweden in die NATO frei. Schweden hatte im Mai 2022 die"
        " Aufnahme in die NATO beantragt.",
    ),
    (
        "energy_supply",
        "Der Netzbetreiber rief die Bevölkerung auf, Strom zu sparen; in mehreren Regionen"
        " wurde der Strom stundenweise abgeschaltet. Viele Menschen sind ohne Strom.",
    ),
]


@pytest.mark.parametrize(
    ("theme", "text", "published_at", "is_theme"),
    [
        # a point in time with its relative clause
        (
            "sanctions",
            "Der Angriff ereignete sich am selben Tag, an dem die EU-Staaten in Brüssel ein"
            " fünftes Sanktionspaket mit einem Kohleembargo billigten.",
            "2022-04",
            False,
        ),
        (
            "peace_negotiations",
            "Die Ankündigung aus Moskau fiel in die Tage der Gespräche in Istanbul, bei denen"
            " Unterhändler über eine Waffenruhe verhandelten.",
            "2022-03",
            False,
        ),
        (
            "military_aid",
            "Die Angriffe begannen einen Tag, nachdem Scholz die Lieferung von Kampfpanzern an"
            " die Ukraine angekündigt hatte.",
            "2023-01",
            False,
        ),
        # a point in time given by another event
        (
            "energy_supply",
            "Der Brand ereignete sich knapp drei Wochen nach den Explosionen an den"
            " Gaspipelines Nord Stream 1 und 2 und verstärkte die Sorge um die Bahn.",
            "2022-10",
            False,
        ),
        # the same events as the sentence's own subject
        (
            "sanctions",
            "Die EU-Staaten billigten in Brüssel ein fünftes Sanktionspaket mit einem"
            " Kohleembargo.",
            "2022-04",
            True,
        ),
        (
            "energy_supply",
            "Die Explosionen an den Gaspipelines Nord Stream 1 und 2 beschädigten drei Stränge.",
            "2022-10",
            True,
        ),
    ],
)
def test_a_point_in_time_is_a_passing_mention(
    enrich: Enrich, theme: str, text: str, published_at: str, is_theme: bool
) -> None:
    assert (theme in theme_ids(enrich(text, published_at=published_at))) is is_theme


def test_giving_up_nato_membership_is_a_membership_story(enrich: Enrich) -> None:
    # set 10's g12: the renunciation is the topic (a negative cue for it was wrong)
    text = (
        "Selenskyj ist bereit, auf den angestrebten NATO-Beitritt seines Landes zu"
        " verzichten, wenn die Ukraine im Gegenzug Sicherheitsgarantien erhält."
    )
    assert "nato_membership" in theme_ids(enrich(text, published_at="2025-12"))


@pytest.mark.parametrize(
    ("theme", "text"),
    [
        # espionage is not cyber
        (
            "cyber",
            "Der Geheimdienst nahm zwei mutmaßliche Spione fest. Das Spionagenetz habe"
            " Informationen gesammelt. Die Spionagevorwürfe belasten die Beziehungen.",
        ),
        # accession negotiations are no peace negotiations
        (
            "peace_negotiations",
            "Ungarn blockiert die Eröffnung des ersten Verhandlungskapitels mit Kiew. Die"
            " Ukraine erfülle alle Bedingungen für den Beginn der Verhandlungen über den"
            " EU-Beitritt, sagte der Minister.",
        ),
        # where someone went next
        (
            "summit_diplomacy",
            "Das Abkommen sei wichtig, sagte er, bevor er am Abend zum NATO-Gipfel nach"
            " Washington weiterreiste.",
        ),
    ],
)
def test_after_set_11_not_the_theme(enrich: Enrich, theme: str, text: str) -> None:
    assert theme not in theme_ids(enrich(text, published_at="2024-07"))


def test_after_set_12(enrich: Enrich) -> None:
    # a party's adjective is no Patriot system
    text = "Der prorussische Patriotische Block um Igor Dodon erreichte 24,2 Prozent."
    assert "air_defense" not in theme_ids(enrich(text, published_at="2025-09"))
    # attacks on pipelines in the plural (umlaut)
    text = (
        "Knapp zwei Jahre nach den Anschlägen auf die Ostsee-Pipelines Nord Stream 1 und 2"
        " hat die Bundesanwaltschaft einen Haftbefehl erwirkt. Die Anschläge auf die Pipelines"
        " werden untersucht."
    )
    assert "infrastructure_attacks" in theme_ids(enrich(text, published_at="2024-08"))
    # humanitarian law is no humanitarian aid
    text = "Angriffe auf Zivilisten seien nach dem humanitären Völkerrecht verboten."
    assert "refugees_humanitarian" not in theme_ids(enrich(text, published_at="2023-10"))


@pytest.mark.parametrize(
    ("theme", "text"),
    [(theme, text) for theme, texts in RECOGNISED.items() for text in texts]
    + RECOGNISED_V5
    + RECOGNISED_V6,
)
def test_wire_wording_is_recognised(enrich: Enrich, theme: str, text: str) -> None:
    """The vocabulary of themes.yaml versions 4, 5 and 6."""
    assert theme in theme_ids(enrich(text))
