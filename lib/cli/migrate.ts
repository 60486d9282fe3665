import { log, withDatabaseUrl } from "@/lib/cli/prepare";
import { migrate, MigrationError } from "@/lib/db/migrate";

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded server).
try {
  const result = await withDatabaseUrl((url) => migrate(url, { log }));
  log(result.applied.length ? `applied: ${result.applied.join(", ")}` : "nothing to apply: the schema is up to date");
} catch (error) {
  process.stderr.write(`${error instanceof MigrationError ? error.message : String(error)}\n`);
  process.exit(1);
}
