import { getTranslations } from "next-intl/server";

/** The two download links. Plain links: the browser downloads the streamed file without any script. */
export async function ExportDownloads({ eventId, disabled }: { eventId: string; disabled: boolean }) {
  const t = await getTranslations("staffExport.page");
  const href = (format: "csv" | "xlsx") => `/api/admin/events/${eventId}/export?format=${format}`;
  return (
    <section aria-labelledby="export-downloads" className="section">
      <h2 id="export-downloads">{t("downloads")}</h2>
      {disabled ? null : (
        <p className="cta staff-export__buttons">
          <a className="button" href={href("csv")} download>
            {t("csv")}
          </a>{" "}
          <a className="button button--secondary" href={href("xlsx")} download>
            {t("xlsx")}
          </a>
        </p>
      )}
      <ul className="muted">
        <li>{t("csvNote")}</li>
        <li>{t("inertNote")}</li>
      </ul>
    </section>
  );
}
