/** The bulk form's id: the table's row checkboxes belong to it through their `form` attribute. */
export const BULK_FORM_ID = "staff-bulk-form";
