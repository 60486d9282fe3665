import { checkHealth } from "@/lib/health/data";

export const dynamic = "force-dynamic";

/** Liveness and readiness for load balancers: the database answers and every migration is applied. */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
