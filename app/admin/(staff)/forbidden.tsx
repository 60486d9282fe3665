import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getStaff } from "@/lib/server/auth";

// A signed-in staff member on a page their role may not use (requireStaff → forbidden(), HTTP 403). It names
// the role, not the record: a record of another organisation is a 404 from the data functions, never this.
export default async function StaffForbidden() {
  const [t, staff] = await Promise.all([getTranslations("staff"), getStaff()]);
  return (
    <div className="message-page">
      <h1>{t("forbidden.title")}</h1>
      {staff ? <p>{t("forbidden.body", { role: t(`roles.${staff.role}`) })}</p> : null}
      <p>
        <Link href="/admin" className="button">
          {t("forbidden.back")}
        </Link>
      </p>
    </div>
  );
}
