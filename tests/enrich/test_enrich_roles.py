"""Role nouns: compounds, appositions, role-only re-mentions, the organizations they name.

Every sentence here is written for the test (not taken from a gold article), so a
passing test shows the German rule, not a memorized article.
"""

from collections.abc import Callable

import pytest

from newsstream.events import ActorMention, EnrichedArticle

Enrich = Callable[..., EnrichedArticle]


def actor(result: EnrichedArticle, actor_id: str) -> ActorMention | None:
    return next((a for a in result.actors if a.id == actor_id), None)


def ids(result: EnrichedArticle, actor_type: str | None = None) -> set[str]:
    return {a.id for a in result.actors if actor_type is None or a.type == actor_type}


def speakers(result: EnrichedArticle) -> list[str | None]:
    return [q.speaker_id for q in result.quotes]


# --- compounds of a role noun with any prefix -------------------------------------------
@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "„Die Ernte ist gesichert“, erklärte Tourismusminister Pavlo Hrytsenko.",
            "pavlo-hrytsenko",
        ),
        ("Die Militärsprecherin Natalija Kowal meldete neue Angriffe.", "natalija-kowal"),
        ("Das bestätigte Bahnchef Richard Lindner am Dienstag.", "richard-lindner"),
    ],
)
def test_compound_role_noun_is_not_part_of_the_name(enrich: Enrich, text: str, person: str) -> None:
    unknown = {a.id for a in enrich(text).actors if not a.known}
    assert unknown == {f"unknown:{person}"}


def test_compound_role_gives_gender_and_resolves_only_by_its_title(enrich: Enrich) -> None:
    r = enrich(
        "Präsident Wladimir Putin empfing Bahnchef Richard Lindner. "
        "„Wir liefern pünktlich“, sagte der Bahnchef."
    )
    assert speakers(r) == ["unknown:richard-lindner"]
    # a generic compound never stands for a head of state named before
    r = enrich("Präsident Wladimir Putin sprach. Der Bahnchef schwieg.")
    putin = actor(r, "wladimir-putin")
    assert putin is not None and putin.mentions == 1


def test_kb_surname_after_another_first_name_is_someone_else(enrich: Enrich) -> None:
    r = enrich("Das bestätigte Vorstandschef Richard Lindner. Lindner verwies auf die Kosten.")
    assert "christian-lindner" not in ids(r)
    lindner = actor(r, "unknown:richard-lindner")
    assert lindner is not None and lindner.mentions == 2
    # a spelling variant of the KB person's first name is still that person
    assert "wolodymyr-selenskyj" in ids(enrich("Das sagte Präsident Volodymyr Selenskyj."))


# --- appositions after the role's complement --------------------------------------------
@pytest.mark.parametrize(
    ("text", "person", "gender_text"),
    [
        (
            "Die Präsidentin der Wetterbehörde, Sabine Krauß, warnte vor Sturm. "
            "„Bleiben Sie zu Hause“, sagte Krauß.",
            "sabine-krauss",
            "sie",
        ),
        (
            "Der Kommandeur der Marine Jan Christiansen besuchte die Werft. "
            "„Wir brauchen Schiffe“, sagte Christiansen.",
            "jan-christiansen",
            "er",
        ),
        (
            "Der stellvertretende Bürgermeister der Hafenstadt, Oleh Bondar, zählte die Schäden. "
            "Die Lage sei „dramatisch“, berichtete Bondar.",
            "oleh-bondar",
            "er",
        ),
    ],
)
def test_name_in_apposition_after_the_complement(
    enrich: Enrich, text: str, person: str, gender_text: str
) -> None:
    r = enrich(text)
    found = actor(r, f"unknown:{person}")
    assert found is not None and found.mentions == 2 and found.roles
    assert not [a for a in r.actors if not a.known and a.id != found.id]
    assert speakers(r) == [found.id]


def test_apposition_without_commas_before_a_later_comma(enrich: Enrich) -> None:
    r = enrich("Dazu beraten Kommandeur der Marine Jan Kolberg und zwei Offiziere, ob es reicht.")
    assert "unknown:jan-kolberg" in ids(r, "person")


def test_apposition_needs_a_name_not_a_noun_phrase(enrich: Enrich) -> None:
    r = enrich(
        "Der Chef der Behörde, der seit Jahren im Amt ist, schwieg. "
        "Der Leiter des Amtes Neue Medien sagte ab. Die Sprecherin der Stadt, Frau Meier, schwieg."
    )
    assert not [a for a in r.actors if not a.known]


# --- role-only mentions: title and gender of the noun -----------------------------------
def test_role_only_mention_takes_the_person_with_that_title_and_gender(enrich: Enrich) -> None:
    r = enrich(
        "Bundeskanzler Olaf Scholz empfing die italienische Ministerpräsidentin Giorgia Meloni "
        "in Berlin. „Europa muss zusammenstehen“, sagte der Kanzler.",
        published_at="2023-11",
    )
    assert speakers(r) == ["olaf-scholz"]
    r = enrich(
        "Bundeskanzler Olaf Scholz empfing den britischen Premierminister Rishi Sunak. "
        "„Europa muss zusammenstehen“, sagte der Kanzler.",
        published_at="2023-11",
    )
    assert speakers(r) == ["olaf-scholz"]
    r = enrich(
        "Olaf Scholz telefonierte mit Giorgia Meloni. Die Regierungschefin lobte das Gespräch.",
        published_at="2023-11",
    )
    meloni = actor(r, "giorgia-meloni")
    assert meloni is not None and meloni.mentions == 2


def test_vice_is_another_office(enrich: Enrich) -> None:
    r = enrich(
        "Joe Biden sprach mit Vizepräsidentin Kamala Harris. „Wir helfen“, sagte der Präsident.",
        published_at="2023-11",
    )
    assert speakers(r) == ["joe-biden"]


# --- a role noun built on its organization's name mentions the organization -------------
@pytest.mark.parametrize(
    ("text", "org", "person"),
    [
        (
            "Die EU-Kommissionspräsidentin reiste nach Kiew.",
            "european-commission",
            "ursula-von-der-leyen",
        ),
        (
            "Die Kommissionspräsidentin reiste nach Kiew.",
            "european-commission",
            "ursula-von-der-leyen",
        ),
        ("Der Kremlchef ließ die Frage unbeantwortet.", "kremlin", "wladimir-putin"),
        ("Kremlchef Wladimir Putin ließ die Frage unbeantwortet.", "kremlin", "wladimir-putin"),
    ],
)
def test_role_compound_mentions_its_organization(
    enrich: Enrich, text: str, org: str, person: str
) -> None:
    r = enrich(text, published_at="2024-05")
    assert org in ids(r, "organization")
    assert person in ids(r, "person")


def test_role_on_a_generic_word_names_no_organization(enrich: Enrich) -> None:
    r = enrich("Der Ratspräsident lud zum Gipfel.", published_at="2024-05")
    assert "european-council" not in ids(r)


def test_office_of_a_known_person_is_of_that_persons_country(enrich: Enrich) -> None:
    r = enrich(
        "Am Abend traf der Leiter des Präsidialamts, Andrij Jermak, in Washington ein.",
        published_at="2024-05",
    )
    assert "ukraine-presidential-office" in ids(r, "organization")
    assert "ukraine" not in ids(r)  # the country is implied, not named


# --- party membership descriptors are not the party ---------------------------------------
def test_party_membership_descriptor_is_not_the_party(enrich: Enrich) -> None:
    r = enrich(
        "Der FDP-Politiker Jan Hauser und die CDU-Verteidigungsexpertin Eva Brandt "
        "forderten Tempo.",
        published_at="2024-05",
    )
    assert not {"fdp", "cdu"} & ids(r)
    # an office of the party, or the party itself, still counts
    r = enrich("CDU-Chef Friedrich Merz und die FDP forderten Tempo.", published_at="2024-05")
    assert {"cdu", "fdp"} <= ids(r)


def test_singular_party_member_noun_is_a_person_not_the_party(enrich: Enrich) -> None:
    r = enrich("Donald Trump verließ den Saal. Danach kritisierte der Republikaner die Richter.")
    assert "us-republicans" not in ids(r)
    r = enrich("Die Mehrheit der Republikaner im Senat stimmte dagegen.")
    assert "us-republicans" in ids(r)


# --- the German office words for the Austrian offices ------------------------------------
@pytest.mark.parametrize(
    ("text", "published_at", "person", "role"),
    [
        ("Bundeskanzler Karl Nehammer kündigte seinen Rücktritt an.", "2025-01-04",
         "karl-nehammer", "head_of_government:austria"),
        ("Bundespräsident Alexander Van der Bellen empfing die Parteichefs.", "2025-01-06",
         "alexander-van-der-bellen", "head_of_state:austria"),
        ("Bundeskanzler Olaf Scholz reiste nach Wien.", "2024-06-01", "olaf-scholz",
         "head_of_government:germany"),
    ],
)  # fmt: skip
def test_bundeskanzler_and_bundespraesident_of_austria_keep_their_country(
    enrich: Enrich, text: str, published_at: str, person: str, role: str
) -> None:
    a = actor(enrich(text, published_at=published_at), person)
    assert a is not None
    assert tuple(a.roles) == (role,)
