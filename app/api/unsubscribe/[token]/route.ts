import { NextResponse } from "next/server";
import { getEnv } from "@/lib/server/env";
import { parseUnsubscribeToken } from "@/lib/subscriptions/links";
import { unsubscribeByMessage } from "@/lib/subscriptions/mutations";

// RFC 8058 one-click unsubscribe: the URL of the List-Unsubscribe header. Mail clients POST
// "List-Unsubscribe=One-Click" here from their own servers, with no session and no Origin of ours, so the
// signed token is the credential. A GET (a person opening the URL, a link scanner) changes nothing: it shows
// the unsubscribe page, which asks first.

type Context = { params: Promise<{ token: string }> };

const MAX_BODY = 4096;
const plain = (body: string, status: number) =>
  new NextResponse(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  const id = parseUnsubscribeToken(token);
  if (!id) return plain("This unsubscribe link is not valid. / この配信停止リンクは無効です。", 404);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return plain("Request too large.", 413);
  const body = (await request.text()).slice(0, MAX_BODY);
  // The RFC's marker, form-encoded or in a multipart body: any other POST is not a one-click request.
  if (!/(^|[&\r\n"])List-Unsubscribe=One-Click/.test(body) && !/name="List-Unsubscribe"\r?\n\r?\nOne-Click/.test(body)) {
    return plain('Expected "List-Unsubscribe=One-Click" (RFC 8058). / 配信停止の要求として受け付けられません。', 400);
  }
  const category = await unsubscribeByMessage(id, "one_click");
  if (!category) return plain("This unsubscribe link is not valid. / この配信停止リンクは無効です。", 404);
  return plain("Unsubscribed. / 配信を停止しました。", 200);
}

export async function GET(_request: Request, { params }: Context) {
  const { token } = await params;
  return NextResponse.redirect(`${getEnv().APP_URL}/unsubscribe/${encodeURIComponent(token.toWellFormed())}`, 303);
}
