import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SigninForm } from "@/components/staff/SigninForm";
import { getStaff } from "@/lib/server/auth";

export const metadata: Metadata = { robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function SigninPage({ searchParams }: { searchParams: Promise<{ error?: string; invited?: string }> }) {
  if (await getStaff()) redirect("/admin");
  const [t, { error, invited }] = await Promise.all([getTranslations("staff.signin"), searchParams]);
  return (
    <div className="narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {invited ? (
        <p className="outcome" role="status">
          {t("invited")}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error === "RateLimited" ? t("rateLimited") : t("error")}
        </p>
      ) : null}
      <SigninForm />
    </div>
  );
}
