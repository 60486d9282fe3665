import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { unsubscribeByToken } from "@/lib/subscriptions/actions";
import { getUnsubscribeTarget } from "@/lib/subscriptions/data";
import { parseUnsubscribeToken, participantPagePathFromLink } from "@/lib/subscriptions/links";

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string }> };

// The footer's unsubscribe link. Opening it changes nothing (mail scanners open links); the button stops this
// kind of mail. Mail clients' one-click POST goes to /api/unsubscribe/<token> instead.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function UnsubscribePage({ params, searchParams }: Props) {
  const [{ token }, { done }, t] = await Promise.all([params, searchParams, getTranslations("participant")]);
  const id = parseUnsubscribeToken(token);
  const target = id ? await getUnsubscribeTarget(id) : null;
  if (!target) {
    return (
      <div className="message-page">
        <h1>{t("invalidTitle")}</h1>
        <p>{t("invalidBody")}</p>
      </div>
    );
  }
  const kind = t(`categories.${target.category}.label`);
  const preferences = target.participantId ? await participantPagePathFromLink(target.participantId, target.sentAt) : null;
  return (
    <div className="message-page narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {target.stopped ? (
        <p className="outcome" role="status">
          {t(done ? "unsubscribe.done" : "unsubscribe.alreadyStopped", { kind, email: target.maskedEmail })}
        </p>
      ) : (
        <>
          <p>{t("unsubscribe.question", { kind, email: target.maskedEmail })}</p>
          <p className="muted">{t(`categories.${target.category}.help`)}</p>
          <form action={unsubscribeByToken.bind(null, token)}>
            <button type="submit" className="button button--wide">
              {t("unsubscribe.button", { kind })}
            </button>
          </form>
        </>
      )}
      <p className="muted">{t("unsubscribe.transactionalNote")}</p>
      {preferences ? (
        <p>
          <Link href={preferences}>{t("unsubscribe.preferencesLink")}</Link>
        </p>
      ) : null}
    </div>
  );
}
