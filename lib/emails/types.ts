import type { EventFormat, MailCategory, RegistrationStatus } from "@/lib/generated/prisma/enums";

// Props are stored as JSON in the outbox, so dates travel as ISO strings.

export type EmailEvent = {
  id: string;
  slug: string;
  titleJa: string;
  titleEn: string | null;
  startsAt: string;
  endsAt: string;
  format: EventFormat;
  venueName: string | null;
  venueAddress: string | null;
  venueMapUrl: string | null;
  onlineUrl: string | null;
  feeJa: string | null;
  feeEn: string | null;
  organizersJa: string;
  organizersEn: string;
  updatedAt: string;
};

export type RegistrationEmailProps = {
  name: string;
  event: EmailEvent;
  manageUrl: string;
  status: RegistrationStatus;
  waitlistPosition?: number | null;
  offerExpiresAt?: string | null;
  reason?: string | null;
  contactEmail?: string | null;
  appUrl: string;
};

export type EmailAttachment = { filename: string; content: string; contentType: string };

export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
  category: MailCategory;
};
