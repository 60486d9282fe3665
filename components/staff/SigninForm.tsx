"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

export function SigninForm() {
  const t = useTranslations("staff.signin");
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.normalize("NFKC").trim())) {
      setError(t("invalidEmail"));
      return;
    }
    setPending(true);
    setError(null);
    // The answer is the same whether or not the address belongs to staff (no account enumeration).
    const result = await signIn("email", { email: email.normalize("NFKC").trim(), callbackUrl: "/admin", redirect: false });
    // Over the per-IP / per-address limit (429, the same answer for every address): say so and stay here.
    if (result?.status === 429 || result?.error === "RateLimited") {
      setPending(false);
      setError(t("rateLimited"));
      return;
    }
    router.push("/admin/signin/check-email");
  }

  return (
    <form onSubmit={submit} className="signup-form" noValidate>
      <div className="field">
        <label htmlFor="email" className="field__label">
          {t("email")}
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          className="field__input"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "email-error" : undefined}
        />
        {error ? (
          <p id="email-error" className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--wide" disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
    </form>
  );
}
