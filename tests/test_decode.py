import pytest

from recoupe.ingest.decode import DecodeError, decode_bytes
from recoupe.ingest.dates import normalise_date


def test_utf8_text_is_read_as_is():
    text, enc = decode_bytes("Élysée « déclaration »".encode("utf-8"))
    assert (text, enc) == ("Élysée « déclaration »", "utf-8")


def test_cp1252_and_latin1_text_are_read_without_mojibake():
    raw = "Le président a déclaré : « c’est réglé », à Besançon.".encode("cp1252")
    text, enc = decode_bytes(raw)
    assert text == "Le président a déclaré : « c’est réglé », à Besançon."
    assert enc == "cp1252"
    text, _ = decode_bytes("Noël à l'école".encode("latin-1"))
    assert text == "Noël à l'école"


@pytest.mark.parametrize("data, reason", [(b"", "empty"), (b"   \n\t", "empty"), (b"\x00\x01\x02PNG\x00" * 50, "binary")])
def test_empty_and_binary_input_are_refused(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-09-13", "2023-09-13"),
        ("2023-09", "2023-09"),
        ("2023-09-13T09:27:00+02:00", "2023-09-13"),
        ("Wed, 13 Sep 2023 09:27:00 +0200", "2023-09-13"),
        ("13.9.2023", "2023-09-13"),
        ("2023-02-30", None),
        ("yesterday-ish", None),
        (None, None),
    ],
)
def test_metadata_dates_are_normalised_to_iso(value, expected):
    assert normalise_date(value) == expected
