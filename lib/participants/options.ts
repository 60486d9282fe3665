// The fixed choices of the sign-up form, shared by the form, the API, the staff screens and the seed.
// Ids are stored; labels are shown. Ids never change once used (they are in the ledger).

export type Labelled<T extends string = string> = { id: T; ja: string; en: string };

/** JIS X 0401 prefecture codes, plus 99 for people living abroad. Never a street address. */
export const PREFECTURES = [
  { id: "01", ja: "北海道", en: "Hokkaido" },
  { id: "02", ja: "青森県", en: "Aomori" },
  { id: "03", ja: "岩手県", en: "Iwate" },
  { id: "04", ja: "宮城県", en: "Miyagi" },
  { id: "05", ja: "秋田県", en: "Akita" },
  { id: "06", ja: "山形県", en: "Yamagata" },
  { id: "07", ja: "福島県", en: "Fukushima" },
  { id: "08", ja: "茨城県", en: "Ibaraki" },
  { id: "09", ja: "栃木県", en: "Tochigi" },
  { id: "10", ja: "群馬県", en: "Gunma" },
  { id: "11", ja: "埼玉県", en: "Saitama" },
  { id: "12", ja: "千葉県", en: "Chiba" },
  { id: "13", ja: "東京都", en: "Tokyo" },
  { id: "14", ja: "神奈川県", en: "Kanagawa" },
  { id: "15", ja: "新潟県", en: "Niigata" },
  { id: "16", ja: "富山県", en: "Toyama" },
  { id: "17", ja: "石川県", en: "Ishikawa" },
  { id: "18", ja: "福井県", en: "Fukui" },
  { id: "19", ja: "山梨県", en: "Yamanashi" },
  { id: "20", ja: "長野県", en: "Nagano" },
  { id: "21", ja: "岐阜県", en: "Gifu" },
  { id: "22", ja: "静岡県", en: "Shizuoka" },
  { id: "23", ja: "愛知県", en: "Aichi" },
  { id: "24", ja: "三重県", en: "Mie" },
  { id: "25", ja: "滋賀県", en: "Shiga" },
  { id: "26", ja: "京都府", en: "Kyoto" },
  { id: "27", ja: "大阪府", en: "Osaka" },
  { id: "28", ja: "兵庫県", en: "Hyogo" },
  { id: "29", ja: "奈良県", en: "Nara" },
  { id: "30", ja: "和歌山県", en: "Wakayama" },
  { id: "31", ja: "鳥取県", en: "Tottori" },
  { id: "32", ja: "島根県", en: "Shimane" },
  { id: "33", ja: "岡山県", en: "Okayama" },
  { id: "34", ja: "広島県", en: "Hiroshima" },
  { id: "35", ja: "山口県", en: "Yamaguchi" },
  { id: "36", ja: "徳島県", en: "Tokushima" },
  { id: "37", ja: "香川県", en: "Kagawa" },
  { id: "38", ja: "愛媛県", en: "Ehime" },
  { id: "39", ja: "高知県", en: "Kochi" },
  { id: "40", ja: "福岡県", en: "Fukuoka" },
  { id: "41", ja: "佐賀県", en: "Saga" },
  { id: "42", ja: "長崎県", en: "Nagasaki" },
  { id: "43", ja: "熊本県", en: "Kumamoto" },
  { id: "44", ja: "大分県", en: "Oita" },
  { id: "45", ja: "宮崎県", en: "Miyazaki" },
  { id: "46", ja: "鹿児島県", en: "Kagoshima" },
  { id: "47", ja: "沖縄県", en: "Okinawa" },
  { id: "99", ja: "海外", en: "Outside Japan" },
] as const satisfies readonly Labelled[];

export type PrefectureCode = (typeof PREFECTURES)[number]["id"];
export const PREFECTURE_CODES = PREFECTURES.map((p) => p.id) as [PrefectureCode, ...PrefectureCode[]];

/** Relationship to Ogaki (enum Relationship). NONE (まだ無し) excludes the others. */
export const RELATIONSHIPS = [
  { id: "HOMETOWN", ja: "出身", en: "Grew up in Ogaki" },
  { id: "FORMER_RESIDENT", ja: "居住経験", en: "Lived in Ogaki" },
  { id: "WORK_OR_STUDY", ja: "勤務・通学経験", en: "Worked or studied in Ogaki" },
  { id: "FAMILY_OR_FRIENDS", ja: "家族・友人がいる", en: "Family or friends in Ogaki" },
  { id: "VISITED", ja: "訪問経験", en: "Visited Ogaki" },
  { id: "FURUSATO_NOZEI", ja: "ふるさと納税", en: "Furusato nozei (hometown tax) to Ogaki" },
  { id: "BOUGHT_PRODUCTS", ja: "大垣の産品購入", en: "Bought products from Ogaki" },
  { id: "NONE", ja: "まだ無し", en: "None yet" },
] as const satisfies readonly Labelled[];

export type RelationshipId = (typeof RELATIONSHIPS)[number]["id"];
export const RELATIONSHIP_IDS = RELATIONSHIPS.map((r) => r.id) as [RelationshipId, ...RelationshipId[]];

export const INTERESTS = [
  { id: "local-business", ja: "地域の企業・商店", en: "Local business" },
  { id: "tourism", ja: "観光", en: "Tourism" },
  { id: "food", ja: "食・農", en: "Food and farming" },
  { id: "manufacturing", ja: "ものづくり", en: "Manufacturing and crafts" },
  { id: "education", ja: "教育", en: "Education" },
  { id: "childcare", ja: "子育て", en: "Childcare" },
  { id: "digital", ja: "デジタル・DX", en: "Digital and DX" },
  { id: "design", ja: "デザイン・広報", en: "Design and communication" },
  { id: "community", ja: "まちづくり・コミュニティ", en: "Community building" },
  { id: "nature", ja: "自然・水・環境", en: "Nature, water and environment" },
  { id: "culture", ja: "歴史・文化", en: "History and culture" },
  { id: "relocation", ja: "移住・二拠点居住", en: "Moving or dual-base living" },
] as const satisfies readonly Labelled[];

export type InterestId = (typeof INTERESTS)[number]["id"];
export const INTEREST_IDS = INTERESTS.map((i) => i.id) as [InterestId, ...InterestId[]];

/** How they heard of the event (enum HowHeard). utm_* and ref from the URL are recorded besides. */
export const HOW_HEARD = [
  { id: "WDL_MEMBER", ja: "Work Design Lab のメンバー・知人", en: "A Work Design Lab member" },
  { id: "FRIEND", ja: "友人・知人の紹介", en: "A friend or colleague" },
  { id: "SNS", ja: "SNS（X・Facebook・Instagram など）", en: "Social media" },
  { id: "EVENT_SITE", ja: "イベントサイト（Peatix・connpass など）", en: "An event site (Peatix, connpass …)" },
  { id: "CITY", ja: "大垣市のウェブサイト・広報", en: "Ogaki City's website or newsletter" },
  { id: "NEWSLETTER", ja: "メールマガジン", en: "A mailing list" },
  { id: "WORKPLACE", ja: "勤務先・所属団体", en: "My workplace or organisation" },
  { id: "OTHER", ja: "その他", en: "Other" },
] as const satisfies readonly Labelled[];

export type HowHeardId = (typeof HOW_HEARD)[number]["id"];
export const HOW_HEARD_IDS = HOW_HEARD.map((h) => h.id) as [HowHeardId, ...HowHeardId[]];

export function labelOf<T extends string>(options: readonly Labelled<T>[], id: string, locale: "ja" | "en"): string {
  const option = options.find((o) => o.id === id);
  return option ? option[locale] : id;
}
