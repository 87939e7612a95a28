-- recoupe store, schema version 7: the clauses of each sentence from the dependency parse (JSON list of
-- [start, end, head, lemma, relation, mood, negated, subject_start, subject_end]), for cross-checking.
ALTER TABLE sentences ADD COLUMN clauses TEXT NOT NULL DEFAULT '[]';
