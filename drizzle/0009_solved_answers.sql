-- "Did this solve it?" answers were kept in `surveys`; that name now belongs to the
-- NPS, CES and CSAT surveys of the insights pages.
ALTER TABLE `surveys` RENAME TO `solved_answers`;
