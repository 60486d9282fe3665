// Versions of the texts a person agrees to when signing up (stored with each registration and consent).
// Change the version whenever the wording in lib/i18n/messages/*.json (signup.purpose, signup.consent.*) changes.
export const CURRENT_POLICY_VERSION = "2026-10";
export const CURRENT_CONSENT_VERSION = "2026-10";
