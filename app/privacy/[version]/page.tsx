import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PolicyPage } from "@/components/privacy/PolicyPage";
import { CURRENT_POLICY_VERSION, findPolicyVersion } from "@/lib/privacy/policy";

type Props = { params: Promise<{ version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { version } = await params;
  const t = await getTranslations("privacy");
  const policy = findPolicyVersion(version);
  if (!policy) return {};
  return { title: `${t("metaTitle")} ${policy.version}`, alternates: { canonical: policy.version === CURRENT_POLICY_VERSION ? "/privacy" : `/privacy/${policy.version}` } };
}

/** Each version a person may have accepted, at its own address for good (the current one is also /privacy). */
export default async function PrivacyVersionPage({ params }: Props) {
  const { version } = await params;
  const policy = findPolicyVersion(version);
  if (!policy) notFound();
  return <PolicyPage policy={policy} />;
}
