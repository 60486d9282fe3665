import { startEmbeddedPostgres } from "@/lib/db/embedded";

// Starts an embedded server in the folder given and reports its port; the test then SIGKILLs this process,
// leaving the server running as a crash would.
const [dataDir, password] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dataDir: dataDir!, password: password!, preferredPort: 0 });
process.stdout.write(`PORT ${server.port}\n`);
setInterval(() => {}, 1000);
