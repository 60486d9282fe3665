import { afterEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/events/[slug]/registrations/route";
import { signup } from "../../../../../../support/fixtures";
import { postSignup } from "../../helpers";

// An unexpected failure (database down, a bug) is logged on the server and answered with a bare 500:
// its message can name tables, hosts or personal data and never reaches the client.
vi.mock("@/lib/registrations/signup", () => ({
  signUp: vi.fn(async () => {
    throw new Error('connect ECONNREFUSED db.internal:5432 (relation "Participant", hanako@example.com)');
  }),
}));

// No database in this file: the API's own rate limit (lib/abuse/api-limit.ts) lets everything through.
vi.mock("@/lib/abuse/api-limit", () => ({ limitApiRequest: async () => null }));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("POST /api/events/[slug]/registrations: unexpected errors", () => {
  it("500 internal, with the details only in the server log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await postSignup(POST, "any-event", signup("boom"));
    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "internal" });
    expect(text).not.toMatch(/ECONNREFUSED|Participant|hanako/);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[1])).toContain("ECONNREFUSED");
  });
});
