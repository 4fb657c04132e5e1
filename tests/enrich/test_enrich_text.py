from newsstream.enrich.text import lower_preserving, split_sentences


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
