// Length limits of the sign-up form's text fields: the schema refuses longer values, and the form's maxlength
// attributes stop typing at the same point. Apart from the schema so the browser bundle stays small.

export const FIELD_MAX = { name: 100, furigana: 100, email: 254, affiliation: 200, municipality: 100, howHeardOther: 200 } as const;
export const ANSWER_MAX = { TEXT: 500, TEXTAREA: 2000 } as const;
