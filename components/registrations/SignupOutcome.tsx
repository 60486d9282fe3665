"use client";

import { useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { SignupOutcomeView } from "@/lib/registrations/actions";

export function SignupOutcome({ outcome, slug }: { outcome: SignupOutcomeView; slug: string }) {
  const t = useTranslations("signup.outcome");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  let title: string;
  let body: string;
  switch (outcome.kind) {
    case "registered":
      title = t(outcome.status === "CONFIRMED" ? "confirmedTitle" : outcome.status === "WAITLISTED" ? "waitlistedTitle" : "pendingTitle");
      body =
        outcome.status === "CONFIRMED"
          ? t("confirmedBody", { email: outcome.email })
          : outcome.status === "WAITLISTED"
            ? t("waitlistedBody", { position: outcome.waitlistPosition ?? 0 })
            : t("pendingBody");
      break;
    case "already_registered":
      title = t("existsTitle");
      body = t("existsBody", { email: outcome.email });
      break;
    default:
      title = t(`${outcome.kind}Title`);
      body = t(`${outcome.kind}Body`);
  }
  const success = outcome.kind === "registered" || outcome.kind === "already_registered" || outcome.kind === "received";
  return (
    <div className={success ? "outcome outcome--ok" : "outcome outcome--warn"} role="status">
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p>{body}</p>
      {outcome.kind === "registered" ? (
        <>
          {outcome.googleUrl || outcome.icsUrl ? (
            <p className="outcome__links">
              <span>{t("addToCalendar")}</span>
              {outcome.googleUrl ? (
                <a href={outcome.googleUrl} target="_blank" rel="noopener noreferrer">
                  {t("googleCalendar")}
                </a>
              ) : null}
              {outcome.icsUrl ? <a href={outcome.icsUrl}>{t("icsFile")}</a> : null}
            </p>
          ) : null}
          <p>
            <a href={outcome.manageUrl} className="button button--secondary">
              {t("manage")}
            </a>
          </p>
        </>
      ) : null}
      <p>
        <a href={`/events/${slug}`}>{t("backToEvent")}</a>
      </p>
    </div>
  );
}
