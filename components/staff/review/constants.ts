export const REVIEW_FORM_ID = "review-decision";
