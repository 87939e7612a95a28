-- recoupe store, schema version 6: text_reuse rows are read back in the order they were first written.
-- SQLite keeps that order in the rowid: nothing to do (postgresql/006_text_reuse_order.sql adds a column).
SELECT 1;
