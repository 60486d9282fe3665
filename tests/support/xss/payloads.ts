import type { Page } from "@playwright/test";

// Stored-XSS payloads and their detector, for the Chromium checks (tests/e2e/xss.spec.ts).
//
// Every payload calls `__xss("<marker>")` (or `alert("<marker>")`) where a browser would run it; the detector,
// installed before any page script in every frame, records each call, and every dialog. The marker says which
// stored field a hit came from. Links are checked without clicking: an href/src/action that is still a
// `javascript:` URL carrying a marker is a hit too (React 19 replaces such URLs with a throwing one, which
// carries no marker).

/** Text payloads for one field: tags, attribute breakers, template injection, script-end, Unicode look-alikes. */
export function textPayload(marker: string): string {
  const m = JSON.stringify(marker);
  return [
    `<script>__xss(${m})</script>`,
    `"><img src=x onerror=__xss(${m})>`,
    `'><svg onload=__xss(${m})>`,
    `<img src=x onerror=alert(${m})>`,
    `" autofocus onfocus="__xss(${m})" x="`,
    `' onmouseover='__xss(${m})`,
    `<iframe srcdoc="<script>parent.__xss(${m.replaceAll('"', "&quot;")})</script>"></iframe>`,
    `<details open ontoggle=__xss(${m})>`,
    `{{constructor.constructor('__xss(${m})')()}}`,
    `</script><script>__xss(${m})</script>`,
    `</title><script>__xss(${m})</script>`,
    `</textarea><script>__xss(${m})</script>`,
    `＜script＞__xss(${m})＜/script＞`,
    `\u2028\u2029<scr\u200Bipt>__xss(${m})</script>`, // (NUL cannot be stored in PostgreSQL text)
    `<a href="javascript:__xss(${m.replaceAll('"', "&quot;")})">link</a>`,
  ].join(" ");
}

/** Markdown payloads (event descriptions, campaign bodies): links, images and raw HTML that Markdown could pass. */
export function markdownPayload(marker: string): string {
  const m = JSON.stringify(marker);
  return [
    `# 見出し ${marker}`,
    `[クリック](javascript:__xss(${m}))`,
    `[entity](&#106;avascript:__xss(${m}))`,
    `[data](data:text/html,<script>__xss(${m})</script>)`,
    `![画像](javascript:__xss(${m}))`,
    `![画像](x" onerror="__xss(${m}))`,
    `<a href="javascript:__xss(${m})">raw</a>`,
    `<img src=x onerror=__xss(${m})>`,
    `<script>__xss(${m})</script>`,
    // GFM (tables, task lists, strikethrough, footnotes, bare URLs): the same payloads inside each construct.
    [
      `| 見出し ${marker} | <img src=x onerror=__xss(${m})> |`,
      "| --- | --- |",
      `| [表のリンク](javascript:__xss(${m})) | ~~<script>__xss(${m})</script>~~ |`,
      `| <svg onload=__xss(${m})> | ![画像](x" onerror="__xss(${m})) |`,
    ].join("\n"),
    `- [x] <details open ontoggle=__xss(${m})>\n- [ ] [タスク](javascript:__xss(${m}))`,
    `脚注[^x${marker.length}]\n\n[^x${marker.length}]: [脚注のリンク](javascript:__xss(${m})) <img src=x onerror=__xss(${m})>`,
    // A bare URL becomes an https link with the quotes percent-encoded; `alert` (caught as a dialog) keeps the
    // run's __xss marker out of that harmless href, which the public-page check looks for.
    `www.example.org/"><script>__xss(${m})</script> javascript:__xss(${m}) https://example.org/"onmouseover="alert(${m})`,
    textPayload(marker),
  ].join("\n\n");
}

/** A URL field (map, online): not http(s), so it must never become a working link. */
export function urlPayload(marker: string): string {
  return `javascript:__xss(${JSON.stringify(marker)})//https://maps.example/`;
}

/** Installed in every frame before the page's own scripts. */
const DETECTOR = `(() => {
  const hits = (window.__xssHits = window.__xssHits || []);
  window.__xss = (marker) => { hits.push(String(marker)); try { window.top.__xssHits.push(String(marker)); } catch {} };
})();`;

declare global {
  interface Window {
    __xssHits?: string[];
    __xss?: (marker: string) => void;
  }
}

export type XssProbe = {
  /** Everything that ran since the probe was armed (calls, dialogs, live javascript: links) on the current page. */
  hits(): Promise<string[]>;
  /** page.setContent with the detector first (init scripts do not run for setContent's document). */
  setContent(html: string): Promise<void>;
};

/** Arms the detector on a page (before its first navigation or setContent). */
export async function armXssProbe(page: Page): Promise<XssProbe> {
  const dialogs: string[] = [];
  await page.addInitScript(DETECTOR);
  page.on("dialog", (dialog) => {
    dialogs.push(`dialog:${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  return {
    async setContent(html: string) {
      await page.setContent(`<script>${DETECTOR}</script>${html}`, { waitUntil: "load" });
    },
    async hits() {
      // Give onerror/onload/ontoggle handlers of late elements a moment.
      await page.waitForTimeout(150);
      const fromPage = await page.evaluate(() => {
        const calls = [...(window.__xssHits ?? [])];
        const links = [...document.querySelectorAll("[href],[src],[action],[formaction]")].flatMap((el) =>
          ["href", "src", "action", "formaction"]
            .map((name) => el.getAttribute(name) ?? "")
            .filter((value) => /^\s*(javascript|data|vbscript):/i.test(value) && value.includes("__xss"))
            .map((value) => `live-link:${value.slice(0, 80)}`),
        );
        return [...calls, ...links];
      });
      return [...dialogs, ...fromPage];
    },
  };
}
