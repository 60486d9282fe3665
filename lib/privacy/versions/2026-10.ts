import type { PolicyVersion } from "../policy";

// The texts the sign-up form showed from October 2026 until the full policy (2026-12): the purpose of use and
// the consents, as they were worded then. Kept verbatim so a person who accepted them can read what they accepted.
export const policy202610: PolicyVersion = {
  version: "2026-10",
  effective: "2026-10-01",
  render: (_context, locale) =>
    locale === "en"
      ? {
          title: "Handling of personal information",
          lead: "The purpose of use and the consents shown on the sign-up form (version 2026-10).",
          sections: [
            {
              id: "purpose",
              heading: "Purpose of use of personal information",
              blocks: [
                {
                  p: "Work Design Lab and Ogaki City use the personal information you give to run this event (registration, contact, guidance on the day) and to count participation (statistics that identify no one). It is not given to anyone else without your consent, except where the law requires. The consents below are optional and can be withdrawn at any time.",
                },
              ],
            },
            {
              id: "consents",
              heading: "Consents (optional)",
              blocks: [
                {
                  ul: [
                    "I agree that my information is provided to Ogaki City. Recipient: Ogaki City. Items: name, name reading, organisation, prefecture and city of residence, ties with Ogaki, interests, participation. Purpose: information about and planning of the city's relationship-population programmes. Your email address is not provided.",
                    "Send me news from Work Design Lab.",
                    "Send me news from Ogaki City (events, moving, furusato nozei …).",
                    "Send me the short survey after the event.",
                  ],
                },
              ],
            },
          ],
        }
      : {
          title: "個人情報の取り扱い",
          lead: "参加登録フォームに表示していた利用目的と同意事項です（版 2026-10）。",
          sections: [
            {
              id: "purpose",
              heading: "個人情報の利用目的",
              blocks: [
                {
                  p: "お預かりした個人情報は、Work Design Lab と大垣市がこのイベントの運営（受付、連絡、当日の案内）と、参加状況の集計（個人を特定しない統計）のために利用します。法令に基づく場合を除き、ご本人の同意なく第三者に提供しません。下の同意は任意で、あとからいつでも取り消せます。",
                },
              ],
            },
            {
              id: "consents",
              heading: "同意事項（任意）",
              blocks: [
                {
                  ul: [
                    "大垣市への情報提供に同意します。提供先：大垣市。提供する項目：氏名、ふりがな、所属、お住まいの都道府県・市区町村、大垣とのご関係、関心分野、参加状況。利用目的：関係人口施策のご案内と施策の検討。メールアドレスは提供しません。",
                    "Work Design Lab からのお知らせを受け取る。",
                    "大垣市からのお知らせ（イベント・移住・ふるさと納税など）を受け取る。",
                    "イベント後のアンケートを受け取る。",
                  ],
                },
              ],
            },
          ],
        },
};
