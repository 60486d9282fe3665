"use client";

import { useTranslations } from "next-intl";

/** Opens the browser's print dialog; hidden on paper itself. */
export function PrintButton() {
  const t = useTranslations("staffInsights.links");
  return (
    <button type="button" className="button insights-no-print" onClick={() => window.print()}>
      {t("printButton")}
    </button>
  );
}
