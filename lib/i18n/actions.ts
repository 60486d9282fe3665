"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";
import { expectActionArgs } from "@/lib/server/action-input";

/** The language switch: a POST (server action), so it works without JavaScript and no GET changes state. */
export async function setLocale(formData: FormData): Promise<void> {
  expectActionArgs({ forms: [formData] });
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
    httpOnly: true,
    secure: process.env.NODE_ENV === "production" && process.env.APP_URL?.startsWith("https:") === true,
  });
}
