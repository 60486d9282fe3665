import { can, isCityRole, type StaffRole } from "@/lib/staff/permissions";

// What Ogaki City may see of a participant (DESIGN.md §4, APPI art. 27/29): only people with a current
// CITY_PROVISION consent, and only these fields. The consent text names the same items, so adding a field
// here means changing the consent text (and its version) first. Never the email address, never the
// answers to `sensitive` questions (配慮事項), never staff notes or UTM tracking.

/** Participant fields provided to the city. */
export const CITY_PARTICIPANT_FIELDS = [
  "name",
  "furigana",
  "affiliation",
  "prefectureCode",
  "municipality",
  "relationships",
  "interests",
] as const;

/** Registration fields provided to the city. */
export const CITY_REGISTRATION_FIELDS = ["status", "attendance"] as const;

/** A Prisma `select` of the participant limited to what the city may see. */
export const cityParticipantSelect = {
  id: true,
  name: true,
  furigana: true,
  affiliation: true,
  prefectureCode: true,
  municipality: true,
  relationships: true,
  interests: true,
  anonymizedAt: true,
} as const satisfies Record<(typeof CITY_PARTICIPANT_FIELDS)[number] | "id" | "anonymizedAt", true>;

/** The person as both lists show them: the city's fields, read with cityParticipantSelect. */
export type CityParticipant = {
  id: string;
  name: string | null;
  furigana: string | null;
  affiliation: string | null;
  prefectureCode: string | null;
  municipality: string | null;
  relationships: string[];
  interests: string[];
  anonymized: boolean;
};

export function toCityParticipant(p: Omit<CityParticipant, "anonymized"> & { anonymizedAt: Date | null }): CityParticipant {
  return {
    id: p.id,
    name: p.name,
    furigana: p.furigana,
    affiliation: p.affiliation,
    prefectureCode: p.prefectureCode,
    municipality: p.municipality,
    relationships: p.relationships,
    interests: p.interests,
    anonymized: p.anonymizedAt !== null,
  };
}

type QuestionVisibility = { id: string; cityVisible: boolean; sensitive: boolean };

/** Questions whose answers the city may see: marked city-visible, and never a sensitive one. */
export function isCityVisibleQuestion(question: QuestionVisibility): boolean {
  return question.cityVisible && !question.sensitive;
}

/** The items of a provision record (APPI art. 29): the field names shown, answers as `answer:<questionId>`. */
export function cityProvisionItems(questions: QuestionVisibility[] = []): string[] {
  return [
    ...CITY_PARTICIPANT_FIELDS,
    ...CITY_REGISTRATION_FIELDS,
    ...questions.filter(isCityVisibleQuestion).map((q) => `answer:${q.id}`),
  ];
}

/**
 * Which registrations list a role gets: the organiser's full list, the city's consent-limited list, or none.
 * Pages and data functions both ask this (the data function is the gate that counts).
 */
export type RegistrationView = "full" | "city";

export function registrationView(role: StaffRole): RegistrationView | null {
  if (can(role, "registrations.view")) return "full";
  if (can(role, "registrations.viewCity") && isCityRole(role)) return "city";
  return null;
}
