import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth";

// Built per request: the options need the configuration and the database, which a build does not have.
type Context = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

export async function POST(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}
