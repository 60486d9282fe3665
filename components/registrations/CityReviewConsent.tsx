"use client";

import { useTranslations } from "next-intl";
import { FieldErrorText, type FieldHelpers } from "@/components/registrations/fields";

// Events reviewed by 大垣市: before the first field the person learns that the application goes to the city for
// review, and gives (or does not give) the consent that provision needs (APPI art. 27). The checkbox names the
// recipient, the items and the purpose; the server refuses the sign-up without it (lib/registrations/schema.ts).
export function CityReviewConsent({ helpers }: { helpers: FieldHelpers }) {
  const t = useTranslations("signup.cityReview");
  const name = "consents.CITY_REVIEW";
  const invalid = helpers.errorFor(name) ? true : undefined;
  return (
    <section className="notice city-review" aria-labelledby="city-review-title">
      <h2 id="city-review-title">{t("title")}</h2>
      <p>{t("body")}</p>
      <div className="field field--consent">
        <label className="choice choice--block">
          <input
            type="checkbox"
            name={name}
            required
            aria-required
            aria-invalid={invalid}
            aria-describedby={["city-review-help", invalid ? `${name}-error` : null].filter(Boolean).join(" ")}
            defaultChecked={helpers.value(name) === "on"}
          />
          <span>{t("consent")}</span>
        </label>
        <p id="city-review-help" className="field__help">
          {t("consentHelp")}
        </p>
        <FieldErrorText name={name} helpers={helpers} />
      </div>
    </section>
  );
}
