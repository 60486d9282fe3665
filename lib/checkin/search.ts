// Search at the door: what staff type on a phone rarely matches the stored form exactly. Both sides are
// folded the same way: NFKC (full-width letters, half-width kana), lower case, katakana → hiragana, and no
// spaces, so 「ヤマダ　ハナコ」 finds やまだ はなこ and "abcd 2345" finds ABCD2345.

export function foldForSearch(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[\s\-_・]/g, "");
}

export function matchesSearch(person: { name: string; furigana: string; code: string }, query: string): boolean {
  const q = foldForSearch(query);
  if (q === "") return true;
  return [person.name, person.furigana, person.code].some((field) => foldForSearch(field).includes(q));
}
