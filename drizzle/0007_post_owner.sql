ALTER TABLE `posts` ADD `owner_id` integer REFERENCES users(id) ON DELETE set null;
