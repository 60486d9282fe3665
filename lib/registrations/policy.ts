import { CURRENT_POLICY_VERSION } from "@/lib/privacy/policy";

// Versions of the texts a person agrees to when signing up (stored with each registration and consent).
// Both are the privacy policy's version (lib/privacy/policy.ts), so every stored version opens at
// /privacy/<version>. Add a policy version whenever the policy or the wording in lib/i18n/messages/*.json
// (signup.purpose, signup.consent.*) changes.
export { CURRENT_POLICY_VERSION };
export const CURRENT_CONSENT_VERSION = CURRENT_POLICY_VERSION;
