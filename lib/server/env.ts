import "server-only";
import { parseEnv, type Env } from "@/lib/config/env-schema";

let cached: Env | undefined;

/** The app's configuration, parsed once. The launcher has already refused to start with a bad one. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(result.message);
  cached = result.env;
  return cached;
}
