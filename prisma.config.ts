import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` here; migrations are applied by `npm run db:migrate`
// (lib/db/migrate.ts), which records them exactly as `prisma migrate deploy` does.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
