/** The address as sent to: NFKC (full-width ＠ and letters become ASCII) and trimmed. */
export function canonicalEmail(raw: string): string {
  return raw.normalize("NFKC").trim();
}

/** The identity of a person: canonical and lower-case (DESIGN.md §3, Identity). */
export function normalizeEmail(raw: string): string {
  return canonicalEmail(raw).toLowerCase();
}

// Deliberately plain: ASCII only (no internationalised local parts, which many Japanese mail systems reject),
// one @, a dotted domain, and no characters that could end a header line or add a recipient.
const EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isDeliverableEmail(canonical: string): boolean {
  return canonical.length <= 254 && EMAIL_PATTERN.test(canonical) && !canonical.includes("..");
}
