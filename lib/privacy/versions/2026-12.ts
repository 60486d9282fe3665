import type { PolicyContext, PolicyDocument, PolicyVersion } from "../policy";

// The full privacy policy. Operator-specific parts (name, address, contact, retention periods) come from
// configuration through the context; the items provided to the city come from the city's own field list.

function ja({ operator, retention, cityItems }: PolicyContext): PolicyDocument {
  return {
    title: "プライバシーポリシー（個人情報の取り扱い）",
    lead: `${operator.name}（以下「当法人」）は、大垣市との官民連携による関係人口創出イベント「大垣とつながる」の運営にあたり、参加者の皆さまの個人情報を、個人情報の保護に関する法律（個人情報保護法）その他の法令に従い、以下のとおり取り扱います。`,
    sections: [
      {
        id: "operator",
        heading: "1. 個人情報取扱事業者",
        blocks: [{ ul: [`名称：${operator.name}`, `所在地：${operator.address}`, `個人情報に関するお問い合わせ先：${operator.contactEmail}`] }],
      },
      {
        id: "collected",
        heading: "2. お預かりする個人情報",
        blocks: [
          {
            ul: [
              "参加登録でご入力いただく情報：氏名、ふりがな、メールアドレス、所属、お住まいの都道府県・市区町村（番地などの住所はお預かりしません）、大垣とのご関係、関心分野、イベントを知ったきっかけ、イベントごとの質問への回答、各種同意の有無とその日時",
              "イベントへの参加に伴う情報：お申し込みの状況、当日の受付（出欠）の記録、アンケートへのご回答",
              "サイトの利用に伴う情報：表示言語の設定、ログイン状態を保つためのCookie、不正利用防止のためのアクセス元IPアドレス（一定時間の回数の集計にのみ使います）",
            ],
          },
          { p: "健康状態や障害などの要配慮個人情報を項目として取得することはありません。配慮事項を自由記述でお書きいただく欄がある場合、その回答は取扱いに注意を要するものとして大垣市への提供から除き、早期に消去します。" },
        ],
      },
      {
        id: "purposes",
        heading: "3. 利用目的",
        blocks: [
          {
            ul: [
              "イベントの受付、参加確定・キャンセル待ち・審査結果などのご連絡、当日のご案内と受付",
              "お申し込み内容の確認・変更・キャンセルの手続き",
              "リマインダー、イベント後のアンケートのご案内（ご希望の方のみ）と、その集計",
              "当法人からのお知らせ、大垣市からのお知らせの送付（それぞれ同意いただいた方のみ）",
              "参加状況の集計と関係人口施策の検討（個人を特定しない統計として利用します）",
              "不正な申し込みの防止、お問い合わせへの対応",
            ],
          },
        ],
      },
      {
        id: "city",
        heading: "4. 大垣市への提供（第三者提供）",
        blocks: [
          { p: "参加登録の際に「大垣市への情報提供」に同意いただいた方に限り、次のとおり大垣市に提供します。同意は任意で、同意しなくてもイベントには参加できます。" },
          { ul: ["提供先：大垣市", "提供の方法：大垣市の職員が専用の管理画面で閲覧し、または表計算ファイルとして受け取ります", "大垣市における利用目的：関係人口施策のご案内と施策の検討"] },
          { p: "提供する項目：" },
          { ul: cityItems },
          { p: "メールアドレスは大垣市に提供しません。同意はマイページからいつでも取り消せます。取り消し後は新たな提供を行いません。大垣市が閲覧・出力した日時、対象者、項目は、法令に従い記録し、保存します。" },
        ],
      },
      {
        id: "outsourcing",
        heading: "5. 取扱いの委託",
        blocks: [
          { p: "当法人は、利用目的の達成に必要な範囲で、次の業務を外部の事業者に委託することがあります。委託先とは個人情報の適切な取扱いを定めた契約を結び、必要かつ適切な監督を行います。" },
          { ul: ["本サイトのサーバー・データベースの運用（ホスティング）", "メールの配信"] },
        ],
      },
      {
        id: "retention",
        heading: "6. 保存期間",
        blocks: [
          {
            ul: [
              `イベントごとの質問への回答とアンケートの自由記述：イベント終了から${retention.answersDays}日後に消去します`,
              `配慮事項など取扱いに注意を要する回答：イベント終了から${retention.careNoteDays}日後に消去します`,
              `氏名・連絡先などのご本人の情報：最後のお申し込みやご利用から${retention.inactiveMonths}か月間ご利用がない場合、個人を特定できない形に加工（匿名化）します`,
              "大垣市への提供の記録と、同意の記録：法令の定める期間、保存します",
            ],
          },
          { p: "参加人数などの集計値は、個人を特定できない形で保存し、大垣市の施策の検討に利用します。" },
        ],
      },
      {
        id: "security",
        heading: "7. 安全管理のための措置",
        blocks: [
          { p: "通信の暗号化、管理画面へのアクセス権限の制限（大垣市の職員は同意いただいた方の提供項目のみ閲覧できます）、閲覧・出力の記録、保存期間を過ぎた情報の消去など、個人情報の漏えい、滅失またはき損の防止に必要な措置を講じます。" },
        ],
      },
      {
        id: "rights",
        heading: "8. ご本人の権利と手続き",
        blocks: [
          { p: "ご本人は、保有個人データの開示（第三者提供の記録を含みます）、内容の訂正・追加・削除、利用の停止・消去、第三者への提供の停止を求めることができます。" },
          {
            ul: [
              "マイページ（参加登録のメールに記載のリンクから開けます）で、お申し込みとご登録内容の確認、データのダウンロード、各種同意とメール配信の停止、登録情報の削除ができます",
              "マイページで手続きできない内容や、その他のご請求は、下記のお問い合わせ先までメールでご連絡ください。ご本人であることを確認したうえで、法令に従い遅滞なく対応します",
            ],
          },
        ],
      },
      {
        id: "contact",
        heading: "9. お問い合わせ窓口",
        blocks: [{ p: `${operator.name} 個人情報お問い合わせ窓口` }, { p: operator.address }, { mail: operator.contactEmail }],
      },
      {
        id: "changes",
        heading: "10. 改定",
        blocks: [{ p: "本ポリシーを改定する場合は、本ページでお知らせします。お申し込みの際に同意いただいた版は、その版ごとのページでいつでもご覧いただけます。" }],
      },
    ],
  };
}

function en({ operator, retention, cityItems }: PolicyContext): PolicyDocument {
  return {
    title: "Privacy policy",
    lead: `${operator.name} ("we") runs "Connect with Ogaki", events that build lasting ties with Ogaki City in a public–private partnership with the city. We handle participants' personal information as set out below, in accordance with Japan's Act on the Protection of Personal Information (APPI) and other laws. The Japanese text prevails.`,
    sections: [
      {
        id: "operator",
        heading: "1. Who handles your information",
        blocks: [{ ul: [`Name: ${operator.name}`, `Address: ${operator.address}`, `Contact for personal information: ${operator.contactEmail}`] }],
      },
      {
        id: "collected",
        heading: "2. What we collect",
        blocks: [
          {
            ul: [
              "What you enter when you sign up: name, name reading, email address, affiliation, prefecture and municipality of residence (never a street address), your relationship to Ogaki, interests, how you heard of the event, answers to the event's own questions, and which consents you gave and when",
              "What comes with taking part: the status of your registration, check-in (attendance) on the day, your survey answers",
              "What comes with using the site: your language setting, a cookie that keeps you signed in, and the IP address of requests (only counted for a short time, to stop abuse)",
            ],
          },
          { p: "We never collect health, disability or other special-care information as fields. Where an event offers a free-text field for care needs, the answer is treated as sensitive: it is never provided to the city and is deleted early." },
        ],
      },
      {
        id: "purposes",
        heading: "3. What we use it for",
        blocks: [
          {
            ul: [
              "Registration, telling you about confirmation, the waiting list or review, guidance and check-in on the day",
              "Letting you view, change or cancel your registration",
              "Reminders and the short survey after the event (only if you asked for it), and its results",
              "News from us and news from Ogaki City (each only if you agreed to it)",
              "Counting participation and planning the city's relationship-population programmes (as statistics that identify no one)",
              "Preventing abuse, answering your questions",
            ],
          },
        ],
      },
      {
        id: "city",
        heading: "4. Provision to Ogaki City (third party)",
        blocks: [
          { p: "Only if you agreed to \"provision to Ogaki City\" when signing up do we provide your information to the city, as follows. The consent is optional: you can take part without it." },
          { ul: ["Recipient: Ogaki City", "How: city staff view it in a dedicated staff area or receive it as a spreadsheet file", "The city's purpose: information about and planning of its relationship-population programmes"] },
          { p: "Items provided:" },
          { ul: cityItems },
          { p: "Your email address is never provided to the city. You can withdraw the consent at any time on your page; after that, nothing more is provided. Each time the city views or exports information, the date, the persons and the items are recorded and kept as the law requires." },
        ],
      },
      {
        id: "outsourcing",
        heading: "5. Service providers",
        blocks: [
          { p: "We may entrust the following work to outside providers, as far as the purposes above need it. Each works under a contract on the proper handling of personal information, and we supervise them." },
          { ul: ["Running the servers and database of this site (hosting)", "Delivering email"] },
        ],
      },
      {
        id: "retention",
        heading: "6. How long we keep it",
        blocks: [
          {
            ul: [
              `Answers to the event's questions and free-text survey comments: deleted ${retention.answersDays} days after the event`,
              `Sensitive answers such as care needs: deleted ${retention.careNoteDays} days after the event`,
              `Your name, contact details and profile: anonymised after ${retention.inactiveMonths} months without a registration or other use`,
              "Records of provision to the city and of consents: kept for the period the law requires",
            ],
          },
          { p: "Figures such as the number of participants are kept in a form that identifies no one and used for the city's planning." },
        ],
      },
      {
        id: "security",
        heading: "7. Security",
        blocks: [
          { p: "We encrypt connections, limit access to the staff area (city staff see only the items above, of people who consented), record every view and export by the city, and delete information when its retention period ends, among other measures against leaks, loss and damage." },
        ],
      },
      {
        id: "rights",
        heading: "8. Your rights and how to use them",
        blocks: [
          { p: "You may ask us to disclose the personal data we hold about you (including the records of provision to third parties), to correct, add to or delete it, to stop using or erase it, and to stop providing it to third parties." },
          {
            ul: [
              "On your page (opened from the link in your registration email) you can see your registrations and profile, download your data, withdraw consents, stop emails, and delete your data",
              "For anything else, write to the contact below. Once we have confirmed that the request is yours, we answer without delay as the law requires",
            ],
          },
        ],
      },
      {
        id: "contact",
        heading: "9. Contact",
        blocks: [{ p: `${operator.name}, personal information enquiries` }, { p: operator.address }, { mail: operator.contactEmail }],
      },
      {
        id: "changes",
        heading: "10. Changes",
        blocks: [{ p: "When this policy changes, we say so on this page. The version you accepted when you signed up stays readable on its own page." }],
      },
    ],
  };
}

export const policy202612: PolicyVersion = {
  version: "2026-12",
  effective: "2026-12-07",
  render: (context, locale) => (locale === "en" ? en(context) : ja(context)),
};
