-- recoupe store, schema version 9: what an article's publication date rests on (metadata, or the kind of
-- evidence in its text: stamp, self, weekday_date, story_weekday) and that evidence's measured confidence.
ALTER TABLE articles ADD COLUMN published_evidence TEXT;
ALTER TABLE articles ADD COLUMN published_confidence REAL;
