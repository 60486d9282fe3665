// Messages: the core file plus one file per staff area (so areas are edited independently), each under its
// own namespace: messages/staff-events.ja.json → t("staffEvents.…").
export const MESSAGE_AREAS = ["staff", "staffEvents", "staffRegistrations", "staffCheckin", "staffExport", "staffCampaigns", "staffInsights", "participant", "survey"] as const;

const fileOf = (area: string) => area.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export async function loadMessages(locale: "ja" | "en") {
  const core = (await import(`./messages/${locale}.json`)).default as Record<string, unknown>;
  const areas = await Promise.all(
    MESSAGE_AREAS.map(async (area) => [area, (await import(`./messages/${fileOf(area)}.${locale}.json`)).default] as const),
  );
  return { ...core, ...Object.fromEntries(areas) };
}
