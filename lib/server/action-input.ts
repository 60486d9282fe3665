import "server-only";
import { notFound } from "next/navigation";

/**
 * Server actions are public HTTP endpoints: their arguments are whatever the client encodes (any JSON value, or
 * none), whatever the TypeScript signature says. An action checks the shape first, so a forged call ends in a
 * 404 instead of a TypeError (a 500) halfway through (tests/integration/security/fuzz.test.ts).
 */
export function expectActionArgs(args: { strings?: unknown[]; optionalStrings?: unknown[]; forms?: unknown[] }): void {
  if (args.strings?.some((value) => typeof value !== "string")) notFound();
  if (args.optionalStrings?.some((value) => value !== null && value !== undefined && typeof value !== "string")) notFound();
  if (args.forms?.some((value) => !(value instanceof FormData))) notFound();
}
