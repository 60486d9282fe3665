import "server-only";
import type { JoinAgain, NextStep, RegistrationStatus } from "@/lib/generated/prisma/enums";
import { getDb } from "@/lib/server/db";
import { resolveSurveyToken } from "@/lib/surveys/token";

// What the survey page shows for a link. A derived link's signature is checked before any query and a stored
// one is looked up by its hash, so a forged link never reaches the registration, and every miss looks the same
// (null), whether the link was forged, revoked or expired, the registration was deleted or its person anonymised.

export type SurveyAnswers = {
  satisfaction: number;
  joinAgain: JoinAgain;
  nextSteps: NextStep[];
  comment: string | null;
  submittedAt: Date;
};

export type SurveyPageData = {
  registrationId: string;
  status: RegistrationStatus;
  name: string;
  event: { titleJa: string; titleEn: string | null; startsAt: Date; endsAt: Date };
  response: SurveyAnswers | null;
};

export async function getSurveyByToken(token: string): Promise<SurveyPageData | null> {
  const registrationId = await resolveSurveyToken(token);
  if (!registrationId) return null;
  const registration = await getDb().registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      status: true,
      participant: { select: { name: true, anonymizedAt: true } },
      event: { select: { titleJa: true, titleEn: true, startsAt: true, endsAt: true } },
      survey: { select: { satisfaction: true, joinAgain: true, nextSteps: true, comment: true, submittedAt: true } },
    },
  });
  if (!registration || registration.participant.anonymizedAt) return null;
  return {
    registrationId: registration.id,
    status: registration.status,
    name: registration.participant.name ?? "",
    event: registration.event,
    response: registration.survey,
  };
}
