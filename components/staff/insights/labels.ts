import type { Locale } from "@/lib/i18n/config";
import type { Period } from "@/lib/insights/period";
import type { Stage } from "@/lib/insights/stages";
import type { DashboardFilter, EventArea, EventKind } from "@/lib/insights/types";
import { HOW_HEARD, INTERESTS, labelOf, PREFECTURES, RELATIONSHIPS } from "@/lib/participants/options";
import { JOIN_AGAIN, NEXT_STEPS, SATISFACTION_SCORES } from "@/lib/surveys/options";
import { WITHHELD_ROWS } from "@/lib/insights/suppression";
import { formatDay } from "@/components/staff/insights/format";

// Names for what the dashboard counts by: the same ones the sign-up form and the survey show people (their
// options and messages), so the city reads "東京都" and "大垣を訪れる", never "13" or "VISIT_OGAKI". The page
// uses the reader's language; the CSV asks for both.

/** A translator over all messages (no namespace), as next-intl's getTranslations() or createTranslator() give. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export const BREAKDOWNS = ["residence", "interests", "relationships", "howHeard", "satisfaction", "joinAgain", "nextSteps"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** What the queries group people under when they gave no answer. */
const UNKNOWN = "unknown";

export type Labels = ReturnType<typeof insightLabels>;

export function insightLabels(t: Translate, locale: Locale) {
  const known = (list: readonly (string | number)[], key: string) => list.map(String).includes(key);
  const listSeparator = t("staffInsights.report.listSeparator");

  function breakdown(kind: Breakdown, key: string): string {
    if (key === UNKNOWN) return t("staffInsights.unknown");
    if (key === WITHHELD_ROWS) return t("staffInsights.withheldRows");
    switch (kind) {
      case "residence":
        return labelOf(PREFECTURES, key, locale);
      case "interests":
        return labelOf(INTERESTS, key, locale);
      case "relationships":
        return labelOf(RELATIONSHIPS, key, locale);
      case "howHeard":
        return labelOf(HOW_HEARD, key, locale);
      case "satisfaction":
        return known(SATISFACTION_SCORES, key) ? t(`survey.satisfactionLabels.${key}`) : key;
      case "joinAgain":
        return known(JOIN_AGAIN, key) ? t(`survey.joinAgainLabels.${key}`) : key;
      case "nextSteps":
        return known(NEXT_STEPS, key) ? t(`survey.nextStepLabels.${key}`) : key;
    }
  }

  function period(p: Period): string {
    const from = formatDay(p.firstDay, locale);
    const to = formatDay(p.lastDay, locale);
    return p.fiscalYear !== null ? t("staffInsights.report.fiscalYear", { fy: p.fiscalYear, from, to }) : t("staffInsights.report.days", { from, to });
  }

  /** The event set in words: "all events", or the areas, kinds and chosen events. */
  function eventSet(filter: DashboardFilter, titleOf: (id: string) => string | null): string {
    const parts: string[] = [];
    if (filter.areas.length > 0) parts.push(t("staffInsights.report.areas", { list: filter.areas.map(area).join(listSeparator) }));
    if (filter.kinds.length > 0) parts.push(t("staffInsights.report.kinds", { list: filter.kinds.map(kind).join(listSeparator) }));
    if (filter.eventIds.length > 0) {
      const titles = filter.eventIds.map((id) => titleOf(id) ?? t("staffInsights.report.unknownEvent"));
      parts.push(t("staffInsights.report.events", { count: titles.length, list: titles.join(listSeparator) }));
    }
    return parts.length > 0 ? parts.join(t("staffInsights.report.partSeparator")) : t("staffInsights.report.allEvents");
  }

  function area(value: EventArea): string {
    return t(`staffEvents.area.${value}`);
  }

  function kind(value: EventKind): string {
    return t(`staffEvents.kind.${value}`);
  }

  return {
    locale,
    breakdown,
    period,
    eventSet,
    area,
    kind,
    status: (value: string) => t(`staffEvents.status.${value}`),
    stage: (value: Stage) => t(`staffInsights.stages.${value}`),
    /** A figure's name: figure("people", "attendees") → 実人数. */
    figure: (section: string, item: string) => t(`staffInsights.figures.${section}.${item}`),
    view: (suppressed: boolean) => t(suppressed ? "staffInsights.report.viewCity" : "staffInsights.report.viewFull"),
    campaign: (row: { source: string | null; medium: string | null; campaign: string | null; ref: string | null }) =>
      [row.source, row.medium, row.campaign, row.ref].map((v) => v ?? "—").join(" / "),
  };
}
