import NextAuth from "next-auth";
import { handleMagicLinkRequest } from "@/lib/abuse/magic-link";
import { authOptions } from "@/lib/server/auth";

// Built per request: the options need the configuration and the database, which a build does not have.
type Context = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

export async function POST(request: Request, context: Context) {
  // Sign-in link requests are rate-limited per IP and per address (lib/abuse/magic-link.ts).
  const { nextauth } = await context.params;
  return handleMagicLinkRequest(request, nextauth, () => NextAuth(authOptions())(request, context));
}
