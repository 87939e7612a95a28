-- recoupe store, schema version 4: the outlet that relays a quote ("cité par Interfax").
ALTER TABLE quotes ADD COLUMN via TEXT;
CREATE INDEX quotes_speaker ON quotes(speaker);
