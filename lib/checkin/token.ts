import "server-only";
import { signedToken, tokenMatches } from "@/lib/server/secrets";

// The check-in QR code carries `<registrationId>.<token>`, the token being an HMAC of the registration id
// under AUTH_SECRET ("checkin" purpose, so a manage-link token never opens the door and vice versa). It is
// derived whenever it is needed (mail at send time, the manage page) and never stored. The short
// `checkinCode` (8 characters, unique within an event) is the fallback a person can read out at the door.

export const CHECKIN_TOKEN_PURPOSE = "checkin";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PAYLOAD = new RegExp(`^(${UUID})\\.([A-Za-z0-9_-]{43})$`, "i");
const PAYLOAD_SHAPE = new RegExp(`^${UUID}\\.\\S*$`, "i");
/** The alphabet of checkinCode (lib/registrations/mutations.ts): no 0/O, no 1/I. */
const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

export function checkinTokenFor(registrationId: string): string {
  return signedToken(CHECKIN_TOKEN_PURPOSE, registrationId);
}

/** What the QR code encodes. */
export function checkinPayloadFor(registrationId: string): string {
  return `${registrationId}.${checkinTokenFor(registrationId)}`;
}

export type CheckinInput =
  | { kind: "token"; registrationId: string }
  | { kind: "code"; checkinCode: string }
  | { kind: "forged" }
  | { kind: "malformed" };

/**
 * Reads what staff scanned or typed: a QR payload (its signature checked here, so a forged or altered one
 * never reaches the database) or a check-in code, typed loosely (full-width, lower case, spaces, hyphens).
 */
export function parseCheckinInput(raw: string): CheckinInput {
  const text = raw.normalize("NFKC").trim();
  const payload = PAYLOAD.exec(text);
  if (payload) {
    const registrationId = payload[1]!.toLowerCase();
    return tokenMatches(CHECKIN_TOKEN_PURPOSE, registrationId, payload[2]!) ? { kind: "token", registrationId } : { kind: "forged" };
  }
  if (PAYLOAD_SHAPE.test(text)) return { kind: "forged" }; // an id with a token that is not ours
  const code = text.toUpperCase().replace(/[\s\-_]/g, "");
  return CODE.test(code) ? { kind: "code", checkinCode: code } : { kind: "malformed" };
}
