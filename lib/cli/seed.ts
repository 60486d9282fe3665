import { log, withDatabaseUrl } from "@/lib/cli/prepare";
import { createPrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemoData } from "@/prisma/seed";

// `npm run db:seed`: migrates, then adds the demo data unless it is already there (idempotent).
await withDatabaseUrl(async (url) => {
  await migrate(url, { log });
  const db = createPrismaClient(url, { max: 2 });
  try {
    const { created } = await seedDemoData(db);
    log(created ? "demo data seeded" : "demo data already present: nothing changed");
  } finally {
    await db.$disconnect();
  }
});
