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

/** The fields of an event row a mail describes, with its organisers already joined into one line per language. */
export type EmailEventSource = Omit<EmailEvent, "startsAt" | "endsAt" | "updatedAt" | "format"> & { format: string; startsAt: Date; endsAt: Date; updatedAt: Date };

/** The event as a mail payload stores it (dates as ISO strings, JSON-safe). */
export function toEmailEvent(event: EmailEventSource): EmailEvent {
  return {
    id: event.id,
    slug: event.slug,
    titleJa: event.titleJa,
    titleEn: event.titleEn,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    format: event.format as EventFormat,
    venueName: event.venueName,
    venueAddress: event.venueAddress,
    venueMapUrl: event.venueMapUrl,
    onlineUrl: event.onlineUrl,
    feeJa: event.feeJa,
    feeEn: event.feeEn,
    organizersJa: event.organizersJa,
    organizersEn: event.organizersEn,
    updatedAt: event.updatedAt.toISOString(),
  };
}

export type RegistrationEmailProps = {
  name: string;
  event: EmailEvent;
  manageUrl: string;
  /** Set when the sign-up's address belonged to a person already: the one-time link applying what was typed. */
  applyUrl?: string | null;
  status: RegistrationStatus;
  waitlistPosition?: number | null;
  offerExpiresAt?: string | null;
  reason?: string | null;
  contactEmail?: string | null;
  appUrl: string;
  subscription?: SubscriptionLinks | null;
};

export type EmailAttachment = { filename: string; content: string; contentType: string };

export type RenderedEmail = {
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
  category: MailCategory;
};

/** Every kind of mail a person can stop: everything but transactional mail (confirmation, cancellation …). */
export type SubscriptionCategory = Exclude<MailCategory, "TRANSACTIONAL">;

/**
 * Added by the outbox worker to every non-transactional mail (computed at send time, never stored): the
 * one-click unsubscribe page for this kind of mail and the person's preferences page. The layout puts both,
 * with why the person gets this mail, in the footer; the worker also sends them as List-Unsubscribe headers.
 */
export type SubscriptionLinks = { category: SubscriptionCategory; unsubscribeUrl: string; preferencesUrl: string | null };
