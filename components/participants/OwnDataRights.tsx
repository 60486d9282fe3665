import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ConsentPurpose } from "@/lib/generated/prisma/enums";
import type { Locale } from "@/lib/i18n/config";
import { formatDateTime } from "@/lib/time/format";

// The rights part of a person's own page (APPI arts. 33–35): their consents, each withdrawable on its own
// behind a confirmation step; the download of everything stored about them; and the way to deletion.

type ConsentRow = { id: string; purpose: ConsentPurpose; version: string; grantedAt: Date; withdrawnAt: Date | null; withdrawnVia: string | null };

const PURPOSES = ["CITY_PROVISION", "CITY_REVIEW", "SURVEY", "WDL_NEWS", "CITY_NEWS"] as const satisfies readonly ConsentPurpose[];

export async function OwnDataRights({
  token,
  consents,
  withdrawn,
  nothingToWithdraw,
  locale,
}: {
  token: string;
  consents: ConsentRow[];
  withdrawn?: string;
  nothingToWithdraw: boolean;
  locale: Locale;
}) {
  const t = await getTranslations("dataRights");
  const base = `/me/${encodeURIComponent(token)}`;
  const current = PURPOSES.map((purpose) => consents.find((c) => c.purpose === purpose && !c.withdrawnAt)).filter((c): c is ConsentRow => Boolean(c));
  const withdrawnPurpose = PURPOSES.find((p) => p === withdrawn);
  return (
    <>
      <section className="section" aria-labelledby="me-consents-title" id="me-consents">
        <h2 id="me-consents-title">{t("consents.title")}</h2>
        {withdrawnPurpose ? (
          <p className="outcome" role="status">
            {t("consents.withdrawn", { purpose: t(`consents.purposes.${withdrawnPurpose}.label`) })}
          </p>
        ) : nothingToWithdraw ? (
          <p className="outcome outcome--warn" role="status">
            {t("consents.nothingToWithdraw")}
          </p>
        ) : null}
        <p>{t("consents.lead")}</p>
        {current.length === 0 ? (
          <p className="empty">{t("consents.none")}</p>
        ) : (
          <ul className="me-registrations" aria-labelledby="me-consents-title">
            {current.map((c) => (
              <li key={c.id}>
                <strong>{t(`consents.purposes.${c.purpose}.label`)}</strong>
                <span className="me-registrations__meta">{t("consents.grantedOn", { date: formatDateTime(c.grantedAt, locale), version: c.version })}</span>
                <Link href={`${base}/consents/${c.purpose}`} className="button button--secondary">
                  {t("consents.withdraw")}
                  <span className="visually-hidden">: {t(`consents.purposes.${c.purpose}.label`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {consents.length > 0 ? (
          <details>
            <summary>{t("consents.historyTitle")}</summary>
            <ul>
              {consents.map((c) => (
                <li key={c.id}>
                  {t(`consents.purposes.${c.purpose}.label`)}: {t("consents.grantedOn", { date: formatDateTime(c.grantedAt, locale), version: c.version })}
                  {c.withdrawnAt ? `, ${t("consents.withdrawnOn", { date: formatDateTime(c.withdrawnAt, locale) })}` : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section className="section" aria-labelledby="me-download">
        <h2 id="me-download">{t("download.title")}</h2>
        <p>{t("download.lead")}</p>
        <p className="actions">
          {/* Plain links, not <Link>: a file, not a page, and never prefetched (each download is audited). */}
          <a href={`${base}/data/json`} download className="button button--secondary" data-testid="download-json">
            {t("download.json")}
          </a>{" "}
          <a href={`${base}/data/csv`} download className="button button--secondary" data-testid="download-csv">
            {t("download.csv")}
          </a>
        </p>
      </section>

      <section className="section" aria-labelledby="me-delete">
        <h2 id="me-delete">{t("delete.title")}</h2>
        <p>{t("delete.lead")}</p>
        <Link href={`${base}/delete`} className="button button--secondary" prefetch={false}>
          {t("delete.link")}
        </Link>
      </section>
    </>
  );
}
