-- Single-choice answers sent through the sign-up form, the JSON API or the manage page were stored as the
-- option's id in "text" with no "choices", where no list, export, form or data download looks for them.
-- Move each such id into "choices" (the form every reader expects) and clear "text". Lossless: the stored
-- value is kept as it was, only its column changes; an id whose option has since been removed is kept as
-- stored too (the readers show an unknown id as it is). Answers already in "choices" are left alone.
UPDATE "Answer" AS a
SET "choices" = ARRAY[a."text"], "text" = NULL
FROM "EventQuestion" AS q
WHERE q."id" = a."questionId"
  AND q."kind" = 'SINGLE_CHOICE'
  AND a."text" IS NOT NULL
  AND a."text" <> ''
  AND cardinality(a."choices") = 0;

