import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Serious and critical axe violations of the page as it stands. Next streams a dynamic page's metadata after
 * its body, so the check waits for the <title> first (otherwise "document-title" depends on timing).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await expect(page).toHaveTitle(/\S/);
  return (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
