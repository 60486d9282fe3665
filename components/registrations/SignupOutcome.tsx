"use client";

import { useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { SignupOutcomeView } from "@/lib/registrations/actions";

// The same screen whether the address was new, known or already registered: only the event's state varies.
// The person's own status and manage link are in the mail.
export function SignupOutcome({ outcome, slug }: { outcome: SignupOutcomeView; slug: string }) {
  const t = useTranslations("signup.outcome");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const sent = outcome.kind === "received" && outcome.intake ? outcome : null;
  const title = sent ? t("sentTitle") : t(`${outcome.kind}Title`);
  const paragraphs = sent
    ? [
        t("sentBody", { email: sent.email ?? "" }),
        ...(sent.intake === "waitlist" ? [t("intakeWaitlist")] : sent.intake === "review" ? [t(sent.cityReview ? "intakeReviewCity" : "intakeReview")] : []),
        t("existingNote"),
      ]
    : outcome.kind === "received"
      ? [t("receivedBody")]
      : [t(`${outcome.kind}Body`), t("existingNote")];
  return (
    <div className={outcome.kind === "received" ? "outcome outcome--ok" : "outcome outcome--warn"} role="status">
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      {sent && (sent.googleUrl || sent.icsUrl) ? (
        <p className="outcome__links">
          <span>{t("addToCalendar")}</span>
          {sent.googleUrl ? (
            <a href={sent.googleUrl} target="_blank" rel="noopener noreferrer">
              {t("googleCalendar")}
            </a>
          ) : null}
          {sent.icsUrl ? <a href={sent.icsUrl}>{t("icsFile")}</a> : null}
        </p>
      ) : null}
      <p>
        <a href={`/events/${slug}`}>{t("backToEvent")}</a>
      </p>
    </div>
  );
}
