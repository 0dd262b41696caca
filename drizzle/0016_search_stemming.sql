-- Bounded search with light stemming (ADR 017).
-- 1. closeloop_search_text() now also writes each word's stem after it (app/utils/stemmer.ts),
--    so every full-text index is rebuilt: posts_fts and survey_answers_fts (the verbatims,
--    queried with the same toFtsQuery()).
-- 2. posts_title_fts: titles only, a small index whose best matches are looked up on their
--    own, so a title match is never lost behind the recency cap on posts_fts.
-- Depends on nothing newer than 0014.
CREATE VIRTUAL TABLE `posts_title_fts` USING fts5(
  title,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `posts_title_fts_after_insert` AFTER INSERT ON `posts` BEGIN
  INSERT INTO posts_title_fts(rowid, title) VALUES (new.id, closeloop_search_text(new.title));
END;
--> statement-breakpoint
CREATE TRIGGER `posts_title_fts_after_update` AFTER UPDATE OF title ON `posts` BEGIN
  DELETE FROM posts_title_fts WHERE rowid = old.id;
  INSERT INTO posts_title_fts(rowid, title) VALUES (new.id, closeloop_search_text(new.title));
END;
--> statement-breakpoint
CREATE TRIGGER `posts_title_fts_after_delete` AFTER DELETE ON `posts` BEGIN
  DELETE FROM posts_title_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
INSERT INTO posts_title_fts(rowid, title) SELECT `id`, closeloop_search_text(`title`) FROM `posts`;
--> statement-breakpoint
INSERT INTO posts_fts(posts_fts) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO posts_fts(rowid, title, body) SELECT `id`, closeloop_search_text(`title`), closeloop_search_text(`body_md`) FROM `posts`;
--> statement-breakpoint
INSERT INTO survey_answers_fts(survey_answers_fts) VALUES ('delete-all');
--> statement-breakpoint
INSERT INTO survey_answers_fts(rowid, reason) SELECT `id`, closeloop_search_text(`reason`) FROM `survey_answers` WHERE `reason` <> '';
--> statement-breakpoint
-- One segment per index: a query then reads one doclist per term instead of merging several.
INSERT INTO posts_fts(posts_fts) VALUES ('optimize');
--> statement-breakpoint
INSERT INTO posts_title_fts(posts_title_fts) VALUES ('optimize');
