import { CITY_PARTICIPANT_FIELDS } from "@/lib/registrations/staff/city";

// What a reviewer needs to decide on an application, and so what the review consent names
// (signup.cityReview.consentHelp): the person's fields the city may see (name, furigana, affiliation, prefecture,
// municipality, relationships, interests) and the answers to the event's own questions, which exist to let the
// reviewer decide. Never the email address (the city does not contact applicants; the decision mail comes from
// the platform), never a sensitive 配慮事項 answer, never staff notes or how the person heard of the event.

type ReviewQuestion = { id: string; sensitive: boolean; archivedAt: Date | null };

/** The questions whose answers a reviewer sees: the current, non-sensitive ones. */
export function isReviewQuestion(question: ReviewQuestion): boolean {
  return !question.sensitive && question.archivedAt === null;
}

/** The items of the provision record a city reviewer's view writes (APPI art. 29). */
export function reviewProvisionItems(questions: ReviewQuestion[]): string[] {
  return [...CITY_PARTICIPANT_FIELDS, "status", "registeredAt", ...questions.filter(isReviewQuestion).map((q) => `answer:${q.id}`)];
}
