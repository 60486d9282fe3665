import type { Accepted } from "./chaos-smtp";

/** What an SMTP server received against who should have got a mail: each exactly once, nobody else. */
export function deliveryReport(accepted: Accepted[], expected: string[]) {
  const copies = new Map<string, number>();
  const messageIds = new Map<string, Set<string>>();
  for (const mail of accepted) {
    for (const to of mail.to) {
      copies.set(to, (copies.get(to) ?? 0) + 1);
      messageIds.set(to, (messageIds.get(to) ?? new Set()).add(mail.messageId));
    }
  }
  const wanted = new Set(expected);
  return {
    missing: expected.filter((to) => !copies.has(to)),
    duplicated: [...copies].filter(([, n]) => n > 1).map(([to]) => to),
    unexpected: [...copies.keys()].filter((to) => !wanted.has(to)),
    /** Sizes of each recipient's set of Message-IDs: {1} when every recipient got one message id. */
    messageIdsPerRecipient: new Set([...messageIds.values()].map((ids) => ids.size)),
  };
}
