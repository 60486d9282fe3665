import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { localized } from "@/lib/i18n/localize";
import type { OpenLinks as OpenLinksData } from "@/lib/participants/links/data";
import { revokeLinkByToken, signOutEverywhereByToken } from "@/lib/participants/actions";
import { formatDateTime } from "@/lib/time/format";

// "Open links" on a person's page: each link of theirs that still opens something, when it was issued and last
// used, with a button to stop it; and "sign out everywhere". The link in use has no button of its own (stopping
// it would leave the person on a dead page); "sign out everywhere" stops it and moves them to a new one.

type Props = {
  token: string;
  data: OpenLinksData;
  currentLinkId: string | null;
  outcome: "revoked" | "notFound" | "signedOut" | null;
  locale: Locale;
};

export async function OpenLinks({ token, data, currentLinkId, outcome, locale }: Props) {
  const t = await getTranslations("dataRights.links");
  const date = (d: Date | null) => (d ? formatDateTime(d, locale) : t("never"));
  const rows = [
    ...data.links.map((link) => ({
      id: link.id,
      label: link.purpose === "SURVEY" ? t("purposes.SURVEY", { event: link.event ? localized(link.event.titleJa, link.event.titleEn, locale) : "" }) : t("purposes.PARTICIPANT_PAGE"),
      meta: [
        t("meta", { label: t("columns.created"), value: formatDateTime(link.createdAt, locale) }),
        t("meta", { label: t("columns.lastUsed"), value: date(link.lastUsedAt) }),
        t("meta", { label: t("columns.expires"), value: formatDateTime(link.expiresAt, locale) }),
      ],
      issued: formatDateTime(link.createdAt, locale),
    })),
    ...(data.legacyActiveUntil
      ? [
          {
            id: "legacy",
            label: t("legacy"),
            meta: [t("meta", { label: t("columns.expires"), value: formatDateTime(data.legacyActiveUntil, locale) })],
            issued: t("unknown"),
          },
        ]
      : []),
  ];
  return (
    <section className="section" aria-labelledby="me-links-title" id="me-links">
      <h2 id="me-links-title">{t("title")}</h2>
      {outcome ? (
        <p className={outcome === "notFound" ? "outcome outcome--warn" : "outcome"} role="status">
          {t(outcome)}
        </p>
      ) : null}
      <p>{t("lead")}</p>
      <ul className="me-registrations" aria-label={t("caption")}>
        {rows.map((row) => (
          <li key={row.id}>
            <strong>{row.label}</strong>
            <span className="me-registrations__meta">{row.meta.join(locale === "en" ? " · " : "・")}</span>
            {row.id === currentLinkId ? (
              <span className="me-registrations__meta">
                <strong>{t("current")}</strong>
              </span>
            ) : (
              <form action={revokeLinkByToken.bind(null, token)}>
                <input type="hidden" name="linkId" value={row.id} />
                <button type="submit" className="button button--secondary">
                  {t("revoke")}
                  <span className="visually-hidden">{t("revokeContext", { link: row.label, date: row.issued })}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {currentLinkId ? <p className="muted">{t("currentNote")}</p> : null}
      <h3 id="me-links-signout">{t("signOutTitle")}</h3>
      <p>{t("signOutLead")}</p>
      <form action={signOutEverywhereByToken.bind(null, token)}>
        <button type="submit" className="button button--secondary">
          {t("signOutButton")}
        </button>
      </form>
    </section>
  );
}
