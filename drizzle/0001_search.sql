-- Full-text search over posts. The index holds the *search form* of each title
-- and body (see app/services/text-normalize.server.ts): Arabic and Persian letters
-- folded, harakat and tatweel stripped, digits made ASCII, the Arabic article
-- dropped. closeloop_search_text() is registered on every connection by
-- app/db/client.server.ts, so the triggers fold text exactly as queries are folded.
-- Contentless: the original text already lives in posts; highlighting is done there.
CREATE VIRTUAL TABLE `posts_fts` USING fts5(
  title,
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_insert` AFTER INSERT ON `posts` BEGIN
  INSERT INTO posts_fts(rowid, title, body)
  VALUES (new.id, closeloop_search_text(new.title), closeloop_search_text(new.body_md));
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_update` AFTER UPDATE OF title, body_md ON `posts` BEGIN
  DELETE FROM posts_fts WHERE rowid = old.id;
  INSERT INTO posts_fts(rowid, title, body)
  VALUES (new.id, closeloop_search_text(new.title), closeloop_search_text(new.body_md));
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_delete` AFTER DELETE ON `posts` BEGIN
  DELETE FROM posts_fts WHERE rowid = old.id;
END;
