"use client";

import { useTranslations } from "next-intl";

// A raw error message never reaches the browser: only this page, with the digest the server logged.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div className="message-page" role="alert">
      <h1>{t("errorTitle")}</h1>
      <p>{t("errorBody")}</p>
      {error.digest ? <p className="muted">ID: {error.digest}</p> : null}
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          {t("retry")}
        </button>
      </p>
    </div>
  );
}
