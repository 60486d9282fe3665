"use client";

import { useEffect, useRef } from "react";

// Cloudflare Turnstile (optional CAPTCHA, lib/abuse/captcha.ts). Rendered only when the server has keys: the
// script from challenges.cloudflare.com is not loaded otherwise. The widget puts its token in a hidden
// `cf-turnstile-response` field of the surrounding form. A token is good for one check: the sign-up form is
// re-mounted after each submission, and with it this widget, so every attempt carries a fresh token.

const SCRIPT_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

type Turnstile = {
  render: (element: HTMLElement, options: { sitekey: string; language?: string; action?: string }) => string;
  remove: (widgetId: string) => void;
};

declare global {
  interface Window {
    turnstile?: Turnstile;
  }
}

let scriptLoad: Promise<Turnstile> | undefined;

function loadTurnstile(): Promise<Turnstile> {
  if (window.turnstile) return Promise.resolve(window.turnstile);
  scriptLoad ??= new Promise<Turnstile>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT_URL;
    script.async = true;
    // A strict CSP gives the page's scripts a nonce; scripts they add inherit trust ('strict-dynamic').
    const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
    if (nonce) script.nonce = nonce;
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error("turnstile missing")));
    script.onerror = () => {
      scriptLoad = undefined;
      reject(new Error("turnstile script failed"));
    };
    document.head.appendChild(script);
  });
  return scriptLoad;
}

export function TurnstileWidget({ siteKey, locale }: { siteKey: string; locale: "ja" | "en" }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let widgetId: string | undefined;
    let cancelled = false;
    // If the script cannot load the form still goes out without a token and the server refuses it with
    // "please try again" (it fails closed); nothing to do here.
    loadTurnstile()
      .then((turnstile) => {
        if (cancelled || !container.current) return;
        widgetId = turnstile.render(container.current, { sitekey: siteKey, language: locale, action: "signup" });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      if (widgetId && window.turnstile) window.turnstile.remove(widgetId);
    };
  }, [siteKey, locale]);
  return <div ref={container} className="field" />;
}
