import { z } from "zod";

// The single definition of the app's configuration. Parsed once: by the launcher before anything
// starts (so bad configuration stops start-up with one clear message) and by lib/server/env.ts at run time.
// Every key is listed, with a comment, in .env.example.

/** A URL with one of the given protocols and a host. */
const serviceUrl = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== "";
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

const postgresUrl = serviceUrl(["postgresql:", "postgres:"], "postgresql://user:password@host:5432/database");
const smtpUrl = serviceUrl(["smtp:", "smtps:"], "smtp://user:password@host:587 or smtps://host:465");

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
const positiveInt = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl,
    APP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default("http://localhost:3000")),
    AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)")),
    SMTP_URL: optional(smtpUrl),
    MAIL_FROM: z.preprocess(
      emptyToUndefined,
      z.string().default("大垣×WDL 関係人口イベント <no-reply@ogaki-kankei.localhost>"),
    ),
    // Unset: replies go to OPERATOR_CONTACT_EMAIL (a no-reply From must not swallow a participant's answer).
    MAIL_REPLY_TO: optional(z.string()),
    MAIL_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/mail")),
    // Outbox delivery (npm run worker). Messages per minute across every worker; 0 = as fast as SMTP takes them.
    MAIL_RATE_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(600)),
    // Parallel SMTP connections per worker process.
    SMTP_MAX_CONNECTIONS: positiveInt(5),
    // Temporary failures (4xx, connection lost) are retried after MAIL_RETRY_BASE_MS · 2^attempt, capped at an
    // hour, at most MAIL_MAX_ATTEMPTS times; permanent ones (5xx) are not retried.
    MAIL_RETRY_BASE_MS: positiveInt(30_000),
    MAIL_MAX_ATTEMPTS: positiveInt(10),
    // The /dev/mailbox page shows stored mail to anyone who can reach the site: only for demo and development.
    DEV_MAILBOX: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")).transform((v) => v === "true"),
    // Sign-up limits (per 10 minutes), stored in PostgreSQL so they hold across instances. Benchmarks raise them.
    RATE_LIMIT_SIGNUP_PER_IP: positiveInt(30),
    RATE_LIMIT_SIGNUP_PER_EMAIL: positiveInt(5),
    // Quietly refuse sign-up forms sent sooner than this after the page was shown (bots fill forms instantly).
    SIGNUP_MIN_FILL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(3)),
    // Staff sign-in links (per 15 minutes), per client IP and per address, whether or not the address is staff.
    RATE_LIMIT_MAGIC_LINK_PER_IP: positiveInt(10),
    RATE_LIMIT_MAGIC_LINK_PER_EMAIL: positiveInt(5),
    // JSON API (/api/events/**) per client IP and minute; reads and writes have separate budgets.
    RATE_LIMIT_API_READS_PER_MINUTE: positiveInt(300),
    RATE_LIMIT_API_WRITES_PER_MINUTE: positiveInt(60),
    // Reverse proxies in front of the app that append to X-Forwarded-For ("true" = 1). 0: the app is reached
    // directly and a client's own X-Forwarded-For is ignored (per-IP limits use the socket's address).
    TRUST_PROXY: z.preprocess(
      (value) => {
        const text = typeof value === "string" ? value.trim().toLowerCase() : value;
        return text === "true" ? 1 : text === "false" || text === "" ? undefined : text;
      },
      z.coerce.number().int().min(0).max(10).default(0),
    ),
    // Optional Cloudflare Turnstile on the public sign-up (form and API): on when both keys are set. A failed,
    // slow (TURNSTILE_TIMEOUT_MS) or unreachable verification refuses the sign-up (fails closed).
    TURNSTILE_SITE_KEY: optional(z.string()),
    TURNSTILE_SECRET_KEY: optional(z.string()),
    TURNSTILE_TIMEOUT_MS: positiveInt(5000),
    RETENTION_ANSWERS_DAYS: positiveInt(180),
    RETENTION_CARE_NOTE_DAYS: positiveInt(7),
    RETENTION_INACTIVE_MONTHS: positiveInt(36),
    // The operator (個人情報取扱事業者) named in the privacy policy, mail footers and calendar entries.
    OPERATOR_NAME_JA: z.preprocess(emptyToUndefined, z.string().default("一般社団法人Work Design Lab")),
    OPERATOR_NAME_EN: z.preprocess(emptyToUndefined, z.string().default("Work Design Lab")),
    OPERATOR_ADDRESS_JA: z.preprocess(emptyToUndefined, z.string().default("東京都千代田区（デモ用の所在地。OPERATOR_ADDRESS_JA で設定）")),
    OPERATOR_ADDRESS_EN: z.preprocess(emptyToUndefined, z.string().default("Chiyoda-ku, Tokyo (demo address; set OPERATOR_ADDRESS_EN)")),
    OPERATOR_CONTACT_EMAIL: z.preprocess(emptyToUndefined, z.email().default("privacy@ogaki-kankei.localhost")),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TURNSTILE_SITE_KEY) !== Boolean(env.TURNSTILE_SECRET_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.TURNSTILE_SITE_KEY ? "TURNSTILE_SECRET_KEY" : "TURNSTILE_SITE_KEY"],
        message: "must be set together with the other TURNSTILE_* key (both, or neither to turn the CAPTCHA off)",
      });
    }
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (signs sessions and links); e.g. `openssl rand -base64 32`",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; message: string };

/** Parses configuration; on failure returns one readable message naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const result = envSchema.safeParse(source);
  if (result.success) return { ok: true, env: result.data };
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "configuration";
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is not set" : issue.message;
    return `  ${name} ${message}`;
  });
  return { ok: false, message: `Configuration error / 設定エラー:\n${lines.join("\n")}` };
}
