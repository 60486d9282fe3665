import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { CURRENT_POLICY_VERSION, POLICY_VERSIONS, policyContext, type PolicyBlock, type PolicyVersion } from "@/lib/privacy/policy";
import { getEnv } from "@/lib/server/env";

const policyPath = (version: string) => (version === CURRENT_POLICY_VERSION ? "/privacy" : `/privacy/${version}`);

function effectiveDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split("-").map(Number);
  return locale === "en"
    ? new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    : `${y}年${m}月${d}日`;
}

function Block({ block }: { block: PolicyBlock }) {
  if ("ul" in block) {
    return (
      <ul>
        {block.ul.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );
  }
  if ("mail" in block) {
    return (
      <p>
        <a href={`mailto:${block.mail}`}>{block.mail}</a>
      </p>
    );
  }
  return <p>{block.p}</p>;
}

/** One version of the privacy policy, in the reader's language, with the list of every version. */
export async function PolicyPage({ policy }: { policy: PolicyVersion }) {
  const [locale, t] = await Promise.all([getLocale() as Promise<Locale>, getTranslations("privacy")]);
  const doc = policy.render(policyContext(getEnv(), locale), locale);
  const current = policy.version === CURRENT_POLICY_VERSION;
  return (
    <article className="privacy-policy">
      <h1>{doc.title}</h1>
      <p className="muted" data-policy-version={policy.version}>
        {t("version", { version: policy.version, date: effectiveDate(policy.effective, locale) })}
      </p>
      {current ? null : (
        <p className="notice" role="note">
          {t("earlier", { version: policy.version })} <Link href="/privacy">{t("current")}</Link>
        </p>
      )}
      <p>{doc.lead}</p>
      {doc.sections.map((section) => (
        <section key={section.id} id={section.id} aria-labelledby={`${section.id}-heading`} className="section">
          <h2 id={`${section.id}-heading`}>{section.heading}</h2>
          {section.blocks.map((block, i) => (
            <Block key={i} block={block} />
          ))}
        </section>
      ))}
      <section aria-labelledby="versions-heading" className="section">
        <h2 id="versions-heading">{t("history")}</h2>
        <ul>
          {POLICY_VERSIONS.map((v) => (
            <li key={v.version}>
              {v.version === policy.version ? (
                <span aria-current="page">{t("version", { version: v.version, date: effectiveDate(v.effective, locale) })}</span>
              ) : (
                <Link href={policyPath(v.version)}>{t("version", { version: v.version, date: effectiveDate(v.effective, locale) })}</Link>
              )}
              {v.version === CURRENT_POLICY_VERSION ? ` — ${t("currentMark")}` : null}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
