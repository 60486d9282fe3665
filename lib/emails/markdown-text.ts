import type MarkdownIt from "markdown-it";

// The plain-text part of a mail written in Markdown: what the HTML part says, as a person reads it in a text-only
// client. No Markdown syntax is left (`**`, `[…](…)`, `|---|`): links read "text (url)", lists get bullets,
// headings a mark, tables one line per row with each value named by its column. Built from the same parse as the
// HTML, so both parts agree (a link refused there, e.g. javascript:, stays the text it was typed as here too).

type Token = ReturnType<MarkdownIt["parse"]>[number];

export type TextStyle = { colon: string; separator: string };

export const TEXT_STYLE = {
  ja: { colon: "：", separator: "、" },
  en: { colon: ": ", separator: ", " },
} satisfies Record<string, TextStyle>;

function inlineText(tokens: Token[] | null): string {
  let out = "";
  const links: { href: string; start: number }[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case "text":
      case "code_inline":
        out += token.content;
        break;
      case "softbreak":
      case "hardbreak":
        out += "\n";
        break;
      case "link_open":
        links.push({ href: token.attrGet("href") ?? "", start: out.length });
        break;
      case "link_close": {
        const link = links.pop();
        if (!link) break;
        const label = out.slice(link.start);
        const shown = link.href.replace(/^mailto:/i, "");
        // A bare URL or address (linkify, <…>) is its own label: once is enough.
        if (label.trim() === link.href) out = out.slice(0, link.start) + shown;
        else if (label.trim() !== shown) out += ` (${shown})`;
        break;
      }
      default:
        break; // emphasis, strikethrough: their marks are dropped, their text stays
    }
  }
  return out;
}

/** Plain text of parsed Markdown (markdown-it tokens). */
export function markdownTokensToText(tokens: Token[], style: TextStyle): string {
  // Each block, and whether it belongs to a list (items of one list are on consecutive lines).
  const blocks: { text: string; inList: boolean }[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  let pendingBullet: string | null = null;
  let table: { header: string[]; rows: string[][]; row: string[] | null; inHead: boolean } | null = null;

  const push = (text: string) => {
    const indent = "  ".repeat(Math.max(0, lists.length - 1));
    let lines = text.split("\n");
    if (pendingBullet !== null) {
      lines = lines.map((line, i) => (i === 0 ? `${indent}${pendingBullet}${line}` : `${indent}${" ".repeat(pendingBullet!.length)}${line}`));
      pendingBullet = null;
    } else if (lists.length > 0) {
      lines = lines.map((line) => `${indent}  ${line}`);
    }
    if (quote > 0) lines = lines.map((line) => `${"> ".repeat(quote)}${line}`);
    blocks.push({ text: lines.join("\n"), inList: lists.length > 0 });
  };

  for (const token of tokens) {
    switch (token.type) {
      case "bullet_list_open":
        lists.push({ ordered: false, next: 0 });
        break;
      case "ordered_list_open":
        lists.push({ ordered: true, next: Number(token.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1];
        pendingBullet = list?.ordered ? `${list.next++}. ` : "・";
        break;
      }
      case "blockquote_open":
        quote += 1;
        break;
      case "blockquote_close":
        quote -= 1;
        break;
      case "table_open":
        table = { header: [], rows: [], row: null, inHead: false };
        break;
      case "thead_open":
        if (table) table.inHead = true;
        break;
      case "thead_close":
        if (table) table.inHead = false;
        break;
      case "tr_open":
        if (table) table.row = [];
        break;
      case "tr_close":
        if (table?.row) {
          if (table.inHead) table.header = table.row;
          else table.rows.push(table.row);
          table.row = null;
        }
        break;
      case "table_close":
        if (table) {
          const { header, rows } = table;
          const named = (row: string[]) =>
            row.map((cell, i) => (header[i] ? `${header[i]}${style.colon}${cell}` : cell)).filter((cell) => cell.trim() !== "").join(style.separator);
          push(rows.map((row) => `・${named(row)}`).join("\n") || header.join(style.separator));
        }
        table = null;
        break;
      case "inline":
        if (table?.row) table.row.push(inlineText(token.children).replace(/\n/g, " ").trim());
        else if (!table) push(inlineText(token.children));
        break;
      case "heading_open":
        pendingBullet = pendingBullet ?? "■ ";
        break;
      case "fence":
      case "code_block":
        push(token.content.replace(/\n$/, ""));
        break;
      case "hr":
        push("――――――――――");
        break;
      default:
        break;
    }
  }
  return blocks.map((block, i) => (i === 0 ? "" : block.inList && blocks[i - 1]!.inList ? "\n" : "\n\n") + block.text).join("");
}
