ALTER TABLE `survey_answers` ADD `post_id` integer REFERENCES posts(id) ON DELETE set null;--> statement-breakpoint
-- Full-text search over survey reasons (the verbatims), built exactly as posts_fts is
-- (drizzle/0001_search.sql, ADR 003): the same tokenizer over the same folded text from
-- closeloop_search_text(), queried with the same toFtsQuery(), so a verbatim search
-- finds what the board's search would find in the same words. Contentless: the reason
-- lives in survey_answers. Blank reasons are not indexed (most answers have none).
CREATE VIRTUAL TABLE `survey_answers_fts` USING fts5(
  reason,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `survey_answers_fts_after_insert` AFTER INSERT ON `survey_answers` WHEN new.`reason` <> '' BEGIN
  INSERT INTO survey_answers_fts(rowid, reason) VALUES (new.id, closeloop_search_text(new.`reason`));
END;
--> statement-breakpoint
CREATE TRIGGER `survey_answers_fts_after_update` AFTER UPDATE OF `reason` ON `survey_answers` BEGIN
  DELETE FROM survey_answers_fts WHERE rowid = old.id;
  INSERT INTO survey_answers_fts(rowid, reason) SELECT new.id, closeloop_search_text(new.`reason`) WHERE new.`reason` <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `survey_answers_fts_after_delete` AFTER DELETE ON `survey_answers` BEGIN
  DELETE FROM survey_answers_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO survey_answers_fts(rowid, reason) SELECT `id`, closeloop_search_text(`reason`) FROM `survey_answers` WHERE `reason` <> '';
