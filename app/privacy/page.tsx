import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PolicyPage } from "@/components/privacy/PolicyPage";
import { CURRENT_POLICY_VERSION, findPolicyVersion } from "@/lib/privacy/policy";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("privacy");
  return { title: t("metaTitle"), alternates: { canonical: "/privacy" } };
}

export default function PrivacyPage() {
  return <PolicyPage policy={findPolicyVersion(CURRENT_POLICY_VERSION)!} />;
}
