from newsstream.enrich.text import (
    enumeration_items,
    lower_preserving,
    person_relative_clauses,
    split_sentences,
    time_clauses,
)


def test_sentences_split_on_end_marks_and_paragraphs() -> None:
    text = (
        "Erster Satz. Zweiter Satz!\n\nÜberschrift ohne Punkt\n"
        "Dritter Satz am 20. April in Washington, D.C. heute."
    )
    s = split_sentences(text)
    assert [s.sentence(i) for i in range(len(s))] == [
        "Erster Satz.",
        "Zweiter Satz!",
        "Überschrift ohne Punkt",
        "Dritter Satz am 20. April in Washington, D.C. heute.",
    ]
    assert s.index(text.index("Zweiter")) == 1


def test_quote_with_end_mark_inside_stays_in_sentence() -> None:
    s = split_sentences('"Wir kommen.", sagte er. Dann ging er.')
    assert s.sentence(0) == '"Wir kommen.", sagte er.'


def test_lowercase_keeps_offsets() -> None:
    text = "İstanbul und NATO"
    assert len(lower_preserving(text)) == len(text)
    assert lower_preserving("NATO-Chef") == "nato-chef"


def _items(text: str) -> list[str]:
    return [text[a:b] for a, b in enumeration_items(text, 0, len(text))]


def test_enumeration_items_of_three_or_more() -> None:
    assert _items("Russland griff Kraftwerke, Umspannwerke und Wasserwerke an.") == [
        "Kraftwerke",
        "Umspannwerke",
        "Wasserwerke",
    ]
    # the first and last item: the noun phrase next to the separator
    text = (
        "Die USA sagen Ausbildung, Waffen und Hilfe beim Aufbau der ukrainischen"
        " Rüstungsindustrie zu."
    )
    assert _items(text)[1:] == ["Waffen", "Hilfe beim Aufbau der ukrainischen Rüstungsindustrie"]
    text = (
        "Das Paket umfasst, darunter zwei Startgeräte für das System Patriot, "
        "40 Schützenpanzer vom Typ Marder und 25 Leopard-1-Panzer."
    )
    assert _items(text)[1:] == ["40 Schützenpanzer vom Typ Marder", "25 Leopard-1-Panzer."]


def test_clauses_and_pairs_are_no_enumeration() -> None:
    assert _items("Er sagte, die Lage sei ernst, und kündigte Hilfe an.") == []
    assert _items("Sie forderte Panzer und Munition.") == []
    text = "Merz, der aus Berlin zugeschaltet war, verwies auf die Luftabwehr und die Ausbildung."
    assert _items(text) == []


def test_relative_clauses_on_persons() -> None:
    text = "Selenskyj, der zum Gipfel gereist war, sprach. Das Paket, das er trug, fiel."
    person_spans = {text.index(","): 0}
    spans = person_relative_clauses(text, 0, len(text), person_spans)
    assert [text[a:b] for a, b in spans] == [", der zum Gipfel gereist war"]
    # a person in a genitive attribute: the clause may be the noun's
    text = "Ein Entwurf des Senators Graham, der Sanktionen androht, liegt vor."
    person_spans = {text.index(","): text.index("Graham")}
    assert person_relative_clauses(text, 0, len(text), person_spans) == []


def test_time_clauses() -> None:
    text = "Es geschah am selben Tag, an dem die EU tagte. Er kam, als es regnete."
    assert [text[a:b] for a, b in time_clauses(text, 0, len(text))] == ["Tag, an dem die EU tagte"]
