import type { AbstractIntlMessages } from "next-intl";

// Messages: the core file plus one file per staff area (so areas are edited independently), each under its
// own namespace: messages/staff-events.ja.json → t("staffEvents.…").
export const MESSAGE_AREAS = ["staff", "staffEvents", "staffRegistrations", "staffCheckin", "staffExport", "staffCampaigns", "staffInsights", "participant", "survey", "dataRights"] as const;

const fileOf = (area: string) => area.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export async function loadMessages(locale: "ja" | "en") {
  const core = (await import(`./messages/${locale}.json`)).default as Record<string, unknown>;
  const areas = await Promise.all(
    MESSAGE_AREAS.map(async (area) => [area, (await import(`./messages/${fileOf(area)}.${locale}.json`)).default] as const),
  );
  return { ...core, ...Object.fromEntries(areas) };
}

// What the browser gets. Without a `messages` prop next-intl's provider would serialise every message into each
// page (about 100 KB of the event page's HTML, rendered and sent on every request); public pages get only the
// namespaces their client components read (a unit test walks the imports to keep this list complete), and the
// staff layout hands its own subtree all of them.
export const PUBLIC_CLIENT_NAMESPACES = ["errors", "signup", "fieldErrors", "manage", "participant.me.activities", "survey", "staff.signin"] as const;

type Messages = Record<string, unknown>;

/** The given namespaces of `messages` (dotted paths pick nested ones), nothing else. */
export function pickMessages(messages: Messages, namespaces: readonly string[]): AbstractIntlMessages {
  const picked: Messages = {};
  for (const namespace of namespaces) {
    const keys = namespace.split(".");
    const value = keys.reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Messages)[key] : undefined), messages);
    if (value === undefined) continue;
    let to = picked;
    for (const key of keys.slice(0, -1)) to = (to[key] ??= {}) as Messages;
    to[keys.at(-1)!] = value;
  }
  return picked as AbstractIntlMessages;
}
