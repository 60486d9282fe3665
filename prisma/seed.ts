import { createHash, randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import type { InterestId } from "@/lib/participants/options";
import {
  ActivityKind,
  ActivitySource,
  ActorType,
  ConsentPurpose,
  EventArea,
  EventFormat,
  EventKind,
  EventStatus,
  HowHeard,
  JoinAgain,
  MailCategory,
  NextStep,
  OrganizationKind,
  OrganizerRole,
  Prisma,
  QuestionKind,
  RegistrationStatus,
  Relationship,
  StaffRole,
  SuppressionReason,
} from "@/lib/generated/prisma/client";

// Demo data for development and demos: two partners, their staff, seven events around `now`, ~45 people and
// their registrations, history, answers, consents, surveys and activities. Deterministic apart from ids and
// manage tokens, so two fresh databases seeded at the same moment look the same.

const POLICY_VERSION = "2026-10";
const CONSENT_VERSION = "2026-10";
const PRNG_SEED = 20261124;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const JST_OFFSET = 9 * HOUR;

// ───────────────────────────── small helpers ─────────────────────────────

/** mulberry32: tiny, seedable, good enough to make demo choices repeatable. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, n);
  }
  /** n sorted instants spread over [from, to]. */
  times(n: number, from: Date, to: Date): Date[] {
    const span = to.getTime() - from.getTime();
    return Array.from({ length: n }, () => from.getTime() + Math.floor(this.next() * span))
      .sort((a, b) => a - b)
      .map((ms) => new Date(ms));
  }
  between(from: Date, to: Date): Date {
    return new Date(from.getTime() + Math.floor(this.next() * (to.getTime() - from.getTime())));
  }
}

/**
 * A UUID v7 whose timestamp is `at`. The app orders registrations by id after waitlistedAt (ids are
 * time-ordered), so seeded ids carry the seeded creation time rather than the moment the seed ran.
 */
function uuidv7(at: Date): string {
  const bytes = randomBytes(16);
  let ms = at.getTime();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

function newManageTokenHash(): string {
  return createHash("sha256").update(randomBytes(32).toString("base64url")).digest("hex");
}

const add = (date: Date, ms: number) => new Date(date.getTime() + ms);
const minDate = (a: Date, b: Date) => (a < b ? a : b);

/** The UTC instant of `hour:minute` Tokyo time on the JST calendar day `days` after `base`'s. */
function jstAt(base: Date, days: number, hour: number, minute = 0): Date {
  const d = new Date(base.getTime() + JST_OFFSET + days * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute) - JST_OFFSET);
}

/** Like jstAt, on the first given weekday (0 = Sunday) on or after that day, outside the New Year holidays. */
function jstOnWeekday(base: Date, days: number, weekday: number, hour: number, minute = 0): Date {
  const jstDay = new Date(base.getTime() + JST_OFFSET + days * DAY).getUTCDay();
  let offset = days + ((weekday - jstDay + 7) % 7);
  while (isNewYearHoliday(jstAt(base, offset, 12))) offset += 7;
  return jstAt(base, offset, hour, minute);
}

/** 年末年始 (27 Dec – 4 Jan): offices are closed and nobody would schedule an event. */
function isNewYearHoliday(date: Date): boolean {
  const monthDay = new Date(date.getTime() + JST_OFFSET).toISOString().slice(5, 10);
  return monthDay >= "12-27" || monthDay <= "01-04";
}

/** "2026-10" for the Tokyo month of `date` (event slugs). */
function jstYearMonth(date: Date): string {
  return new Date(date.getTime() + JST_OFFSET).toISOString().slice(0, 7);
}

/** The Tokyo calendar date of `date`, as a @db.Date value. */
function jstDate(date: Date): Date {
  return new Date(new Date(date.getTime() + JST_OFFSET).toISOString().slice(0, 10));
}

function mapUrl(query: string): string {
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`;
}

// ───────────────────────────── fixed content ─────────────────────────────

type Interest = InterestId;

type Person = {
  name: string;
  furigana: string;
  email: string;
  affiliation: string;
  prefectureCode: string;
  municipality: string;
  relationships: Relationship[];
  interests: Interest[];
  skills: string[];
  locale: "ja" | "en";
};

const R = Relationship;

function person(
  name: string,
  furigana: string,
  email: string,
  affiliation: string,
  [prefectureCode, municipality]: [string, string],
  relationships: Relationship[],
  interests: Interest[],
  skills: string[] = [],
  locale: "ja" | "en" = "ja",
): Person {
  return { name, furigana, email, affiliation, prefectureCode, municipality, relationships, interests, skills, locale };
}

const PEOPLE: Person[] = [
  person("佐藤 遥", "サトウ ハルカ", "sato.haruka@example.com", "IT企業 人事（複業でキャリア相談）", ["13", "世田谷区"], [R.VISITED], ["education", "community", "relocation"], ["採用", "キャリアコンサルティング"]),
  person("鈴木 健一", "スズキ ケンイチ", "suzuki.kenichi@example.com", "電機メーカー 商品企画", ["14", "横浜市"], [R.HOMETOWN], ["manufacturing", "local-business"], ["商品企画"]),
  person("高橋 美咲", "タカハシ ミサキ", "takahashi.misaki@example.com", "フリーランス Webデザイナー", ["13", "杉並区"], [R.NONE], ["design", "digital", "tourism"], ["Webデザイン", "UI設計"]),
  person("田中 翔太", "タナカ ショウタ", "tanaka.shota@example.com", "コンサルティング会社 アナリスト", ["13", "港区"], [R.WORK_OR_STUDY], ["local-business", "digital"], ["事業計画", "データ分析"]),
  person("伊藤 由美", "イトウ ユミ", "ito.yumi@example.com", "広告代理店 プランナー（複業で地域PR）", ["11", "さいたま市"], [R.FURUSATO_NOZEI], ["tourism", "food", "design"], ["広報", "SNS運用"]),
  person("渡辺 大輝", "ワタナベ ダイキ", "watanabe.daiki@example.com", "SaaS企業 ソフトウェアエンジニア", ["12", "船橋市"], [R.NONE], ["digital", "nature"], ["Webアプリ開発"]),
  person("山本 彩花", "ヤマモト アヤカ", "yamamoto.ayaka@example.com", "出版社 編集者", ["13", "文京区"], [R.FAMILY_OR_FRIENDS], ["culture", "food"], ["編集", "ライティング"]),
  person("中村 拓也", "ナカムラ タクヤ", "nakamura.takuya@example.com", "地方銀行 東京支店 法人営業", ["13", "江東区"], [R.HOMETOWN, R.FURUSATO_NOZEI], ["local-business", "relocation"], ["財務", "事業承継"]),
  person("小林 恵", "コバヤシ メグミ", "kobayashi.megumi@example.com", "保育士・子育て支援NPO（複業）", ["14", "川崎市"], [R.NONE], ["childcare", "community", "education"]),
  person("加藤 亮", "カトウ リョウ", "kato.ryo@example.com", "総合商社 食品部門 営業", ["13", "品川区"], [R.BOUGHT_PRODUCTS], ["food", "manufacturing"], ["営業", "輸出"]),
  person("吉田 真由", "ヨシダ マユ", "yoshida.mayu@example.com", "旅行会社 ツアー企画", ["13", "目黒区"], [R.VISITED], ["tourism", "culture"], ["旅行企画"]),
  person("山田 直樹", "ヤマダ ナオキ", "yamada.naoki@example.com", "中小企業診断士（独立）", ["11", "川口市"], [R.WORK_OR_STUDY], ["local-business", "manufacturing"], ["経営診断", "補助金申請"]),
  person("佐々木 愛", "ササキ アイ", "sasaki.ai@example.com", "外資系IT企業 マーケティング", ["13", "渋谷区"], [R.NONE], ["digital", "tourism"], ["デジタルマーケティング"]),
  person("山口 和也", "ヤマグチ カズヤ", "yamaguchi.kazuya@example.com", "建設コンサルタント", ["14", "藤沢市"], [R.FORMER_RESIDENT], ["community", "nature"], ["都市計画"]),
  person("松本 理沙", "マツモト リサ", "matsumoto.risa@example.com", "食品メーカー 研究開発", ["12", "千葉市"], [R.BOUGHT_PRODUCTS], ["food", "manufacturing"]),
  person("井上 悠斗", "イノウエ ユウト", "inoue.yuto@example.com", "大学院生（地域政策）", ["13", "国分寺市"], [R.NONE], ["community", "relocation", "education"], ["リサーチ"]),
  person("木村 さやか", "きむら さやか", "kimura.sayaka@example.com", "人材会社 キャリアアドバイザー", ["13", "練馬区"], [R.FAMILY_OR_FRIENDS], ["education", "childcare"]),
  person("林 大地", "ハヤシ ダイチ", "hayashi.daichi@example.com", "IT企業 プロダクトマネージャー", ["13", "中野区"], [R.HOMETOWN, R.FAMILY_OR_FRIENDS], ["digital", "local-business"], ["プロダクトマネジメント"]),
  person("斎藤 千尋", "サイトウ チヒロ", "saito.chihiro@example.com", "監査法人 公認会計士", ["14", "横浜市"], [R.NONE], ["local-business"], ["会計"]),
  person("清水 陽介", "シミズ ヨウスケ", "shimizu.yosuke@example.com", "映像ディレクター（複業）", ["13", "世田谷区"], [R.VISITED], ["culture", "design", "tourism"], ["映像制作"]),
  person("山崎 奈々", "ヤマザキ ナナ", "yamazaki.nana@example.com", "化粧品メーカー 広報", ["13", "台東区"], [R.NONE], ["design", "community"], ["広報"]),
  person("森 健太郎", "モリ ケンタロウ", "mori.kentaro@example.com", "自動車部品メーカー 生産技術", ["21", "岐阜市"], [R.WORK_OR_STUDY], ["manufacturing", "community"]),
  person("池田 美穂", "イケダ ミホ", "ikeda.miho@example.com", "ヘルスケアスタートアップ 事業開発（複業）", ["11", "所沢市"], [R.NONE], ["childcare", "community"]),
  person("橋本 拓海", "ハシモト タクミ", "hashimoto.takumi@example.com", "不動産会社 まちづくり事業部", ["13", "江戸川区"], [R.VISITED], ["relocation", "local-business"], ["不動産活用"]),
  person("阿部 玲奈", "アベ レナ", "abe.rena@example.com", "UXリサーチャー", ["13", "目黒区"], [R.NONE], ["design", "digital"], ["UXリサーチ", "インタビュー"]),
  person("石川 誠", "イシカワ マコト", "ishikawa.makoto@example.com", "まちづくりコンサルタント（元自治体職員）", ["12", "柏市"], [R.WORK_OR_STUDY], ["community", "tourism"]),
  person("前田 優子", "マエダ ユウコ", "maeda.yuko@example.com", "メーカー 総務", ["14", "相模原市"], [R.BOUGHT_PRODUCTS, R.FURUSATO_NOZEI], ["food", "culture"]),
  person("藤田 翼", "フジタ ツバサ", "fujita.tsubasa@example.com", "ベンチャーキャピタル アソシエイト", ["13", "港区"], [R.NONE], ["local-business", "digital"], ["資金調達"]),
  person("岡田 麻衣", "オカダ マイ", "okada.mai@example.com", "小学校教員", ["11", "越谷市"], [R.FORMER_RESIDENT], ["education", "childcare", "nature"]),
  person("後藤 隆", "ゴトウ タカシ", "goto.takashi@example.com", "元メーカー技術者（定年後に複業）", ["12", "市川市"], [R.HOMETOWN], ["manufacturing", "community"], ["品質管理", "生産管理"]),
  person("長谷川 栞", "ハセガワ シオリ", "hasegawa.shiori@example.com", "大学生（観光学部）", ["13", "八王子市"], [R.NONE], ["tourism", "culture"]),
  person("村上 裕太", "ムラカミ ユウタ", "murakami.yuta@example.com", "飲食店経営", ["13", "墨田区"], [R.VISITED], ["food", "local-business"], ["店舗運営"]),
  person("近藤 綾", "コンドウ アヤ", "kondo.aya@example.com", "在宅Webライター（Uターン）", ["21", "大垣市"], [R.HOMETOWN], ["community", "childcare"], ["ライティング"]),
  person("坂本 慎也", "サカモト シンヤ", "sakamoto.shinya@example.com", "繊維メーカー 営業", ["21", "各務原市"], [R.WORK_OR_STUDY], ["manufacturing", "local-business"]),
  person("遠藤 ひかり", "エンドウ ヒカリ", "endo.hikari@example.com", "NPO 広報", ["13", "北区"], [R.NONE], ["community", "childcare"], ["広報", "イベント運営"]),
  person("青木 啓介", "アオキ ケイスケ", "aoki.keisuke@example.com", "データサイエンティスト", ["14", "川崎市"], [R.NONE], ["digital", "nature"], ["データ分析", "機械学習"]),
  person("藤井 早紀", "フジイ サキ", "fujii.saki@example.com", "ホテル フロント", ["13", "千代田区"], [R.VISITED], ["tourism", "food"], ["接客", "英語"]),
  person("西村 蓮", "ニシムラ レン", "nishimura.ren@example.com", "建築設計事務所", ["13", "杉並区"], [R.NONE], ["design", "nature", "relocation"], ["建築設計"]),
  person("福田 美和", "フクダ ミワ", "fukuda.miwa@example.com", "地域おこし協力隊OB・フリーランス", ["11", "川越市"], [R.FORMER_RESIDENT, R.VISITED], ["relocation", "community"]),
  person("太田 光", "オオタ ヒカル", "ota.hikaru@example.com", "スタートアップ COO", ["13", "渋谷区"], [R.NONE], ["local-business", "digital"], ["事業開発"]),
  person("三浦 千夏", "ミウラ チナツ", "miura.chinatsu@example.com", "料理研究家", ["14", "鎌倉市"], [R.BOUGHT_PRODUCTS], ["food", "culture"], ["レシピ開発"]),
  // Typed with capitals: shows that emailNormalized, not email, is the identity.
  person("小林 蓮", "コバヤシ レン", "Kobayashi.Ren@Example.com", "広告制作会社 コピーライター", ["13", "豊島区"], [R.NONE], ["design", "culture"], ["コピーライティング"]),
  person("Emily Carter", "エミリー カーター", "emily.carter@example.com", "外資系コンサルティング会社", ["13", "港区"], [R.NONE], ["culture", "nature", "tourism"], ["Strategy"], "en"),
  person("Daniel Kim", "ダニエル キム", "daniel.kim@example.com", "IT企業 ソフトウェアエンジニア", ["14", "横浜市"], [R.VISITED], ["digital", "manufacturing"], ["Backend"], "en"),
  person("原田 結衣", "ハラダ ユイ", "harada.yui@example.com", "保険会社 企画（複業で子育てコミュニティ運営）", ["12", "浦安市"], [R.FAMILY_OR_FRIENDS], ["childcare", "community"]),
];

type Option = { id: string; labelJa: string; labelEn: string };
type AnswerValue = { text?: string; choices?: string[] } | null;

type QuestionSpec = {
  kind: QuestionKind;
  labelJa: string;
  labelEn: string;
  helpJa?: string;
  helpEn?: string;
  required?: boolean;
  options?: Option[];
  sensitive?: boolean;
  cityVisible?: boolean;
  answer: (rng: Rng, who: Person) => AnswerValue;
};

function options(pairs: [string, string][]): Option[] {
  return pairs.map(([labelJa, labelEn], i) => ({ id: String.fromCharCode(97 + i), labelJa, labelEn }));
}

function pickChoices(rng: Rng, opts: Option[], min: number, max: number): string[] {
  return rng
    .sample(opts, rng.int(min, max))
    .map((o) => o.id)
    .sort();
}

function maybeText(rate: number, pool: string[]) {
  return (rng: Rng): AnswerValue => (rng.chance(rate) ? { text: rng.pick(pool) } : null);
}

const SIDE_JOB_EXPERIENCE = options([
  ["現在している", "Currently doing one"],
  ["過去にしていた", "Have done one before"],
  ["これから始めたい", "Want to start"],
  ["関心がある段階", "Just interested"],
]);

// ───────────────────────────── the data set ─────────────────────────────

type EventKey = "waterTalk" | "sideJobWorkshop" | "tourismDx" | "dualBaseTalk" | "fieldwork" | "online" | "draft";

type EventSpec = {
  key: EventKey;
  data: Omit<Prisma.EventCreateManyInput, "ownerOrganizationId">;
  questions: QuestionSpec[];
};

type Step = { to: RegistrationStatus; at: Date; actorType: ActorType; actorUserId?: string; reason?: string };
type Plan = { event: EventSpec; eventId: string; personIndex: number; steps: Step[]; staffNote?: string };

/** Everything the seed writes, computed in memory (no database access). */
export function buildDemoData(now: Date) {
  const rng = new Rng(PRNG_SEED);

  const wdl = { id: uuidv7(now), slug: "wdl", kind: OrganizationKind.WDL, nameJa: "一般社団法人Work Design Lab", nameEn: "Work Design Lab", contactEmail: "info@wdl.example" };
  const city = { id: uuidv7(now), slug: "ogaki-city", kind: OrganizationKind.CITY, nameJa: "大垣市", nameEn: "Ogaki City", contactEmail: "kikaku@city.ogaki.example", websiteUrl: "https://www.city.ogaki.lg.jp/" };
  const organizations: Prisma.OrganizationCreateManyInput[] = [wdl, city];

  const staff = {
    admin: { id: uuidv7(now), email: "admin@wdl.example", name: "山本 健太", organizationId: wdl.id, role: StaffRole.WDL_ADMIN },
    organizer: { id: uuidv7(now), email: "organizer@wdl.example", name: "中川 彩", organizationId: wdl.id, role: StaffRole.WDL_ORGANIZER },
    checkin: { id: uuidv7(now), email: "checkin@wdl.example", name: "石井 大輔", organizationId: wdl.id, role: StaffRole.CHECKIN },
    cityAdmin: { id: uuidv7(now), email: "admin@city.ogaki.example", name: "林 誠", organizationId: city.id, role: StaffRole.CITY_ADMIN },
    cityStaff: { id: uuidv7(now), email: "staff@city.ogaki.example", name: "森 千尋", organizationId: city.id, role: StaffRole.CITY_STAFF },
  };
  const users: Prisma.UserCreateManyInput[] = Object.values(staff);

  // ── events ──

  const waterTalkStart = jstOnWeekday(now, -42, 4, 19); // Thursday evening, ~6 weeks ago
  const sideJobStart = jstOnWeekday(now, -122, 6, 14); // Saturday afternoon, ~4 months ago
  const tourismDxStart = jstOnWeekday(now, 14, 6, 14);
  const dualBaseStart = jstOnWeekday(now, 21, 3, 19); // Wednesday evening
  const fieldworkStart = jstOnWeekday(now, 35, 6, 10, 30);
  const onlineStart = jstOnWeekday(now, 56, 2, 20); // Tuesday evening
  const draftStart = jstOnWeekday(now, 84, 5, 19); // Friday evening

  const qws = {
    venueName: "SHIBUYA QWS（渋谷スクランブルスクエア15階）",
    venueAddress: "東京都渋谷区渋谷2-24-12 渋谷スクランブルスクエア15階",
    venueMapUrl: mapUrl("SHIBUYA QWS 東京都渋谷区渋谷2-24-12"),
  };
  const otemachi = {
    venueName: "3×3 Lab Future（大手町）",
    venueAddress: "東京都千代田区大手町1-1-2 大手門タワー・ENEOSビル1階",
    venueMapUrl: mapUrl("3×3 Lab Future 東京都千代田区大手町1-1-2"),
  };
  const kanda = {
    venueName: "ちよだプラットフォームスクウェア",
    venueAddress: "東京都千代田区神田錦町3-21",
    venueMapUrl: mapUrl("ちよだプラットフォームスクウェア 東京都千代田区神田錦町3-21"),
  };
  const free = { feeJa: "無料", feeEn: "Free" };

  const waterTalk: EventSpec = {
    key: "waterTalk",
    data: {
      slug: `ogaki-water-talk-${jstYearMonth(waterTalkStart)}`,
      status: EventStatus.CLOSED,
      titleJa: "「水都・大垣の暮らしと水」トークナイト",
      titleEn: "Talk Night: Life and Water in Ogaki, the City of Water",
      summaryJa: "湧き水とともに暮らすまち・大垣。市職員と地元の事業者を迎え、水と暮らしの話を東京で聞く夜。",
      summaryEn: "An evening in Tokyo with Ogaki city staff and local business owners on living with the city's spring water.",
      descriptionJa: `## 水とともに暮らすまち、大垣

岐阜県大垣市は、豊富な地下水が自噴する「水都（すいと）」として知られています。まちなかには今も湧き水を汲める自噴井戸があり、水まんじゅうや酒蔵、水門川の舟下りなど、水が暮らしと産業を支えてきました。

この夜は、大垣市の職員と地元で事業を営むゲストを迎え、水と暮らしの「いま」を東京で語り合います。

### こんな方におすすめ
- 地方との関わり方を探している方
- 大垣に縁がある方、行ってみたい方
- 複業や二拠点での関わりに関心がある方

### プログラム
| 時間 | 内容 |
| --- | --- |
| 19:00 | オープニング（Work Design Lab） |
| 19:10 | トーク「水都・大垣の暮らし」 |
| 19:50 | クロストーク・質疑応答 |
| 20:30 | 交流タイム（大垣の水まんじゅう試食つき） |
| 21:00 | 終了 |
`,
      descriptionEn: `## Ogaki, a city that lives with its water

Ogaki in Gifu Prefecture is known as the "city of water": groundwater still wells up in public springs around town, and it has shaped local food, sake brewing and the boat rides on the Suimon River.

Join Ogaki city staff and local business owners for an evening of talks about water and daily life, followed by time to meet the speakers (with a tasting of Ogaki's *mizu-manju*).

### Programme
- 19:00 Opening (Work Design Lab)
- 19:10 Talk: Everyday life in the city of water
- 19:50 Cross-talk and Q&A
- 20:30 Networking
- 21:00 Close
`,
      startsAt: waterTalkStart,
      endsAt: add(waterTalkStart, 2 * HOUR),
      kind: EventKind.TALK,
      ...otemachi,
      capacity: 40,
      registrationClosesAt: jstAt(waterTalkStart, 0, 12),
      ...free,
      publishedAt: add(waterTalkStart, -30 * DAY),
      closedAt: add(waterTalkStart, DAY),
    },
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "大垣に行ったことはありますか？",
        labelEn: "Have you been to Ogaki?",
        required: true,
        cityVisible: true,
        options: options([
          ["行ったことはない", "Never"],
          ["1回ある", "Once"],
          ["何度もある", "Several times"],
          ["住んでいた・出身", "I lived there / I am from Ogaki"],
        ]),
        answer: (r, who) => {
          if (who.relationships.some((x) => x === R.HOMETOWN || x === R.FORMER_RESIDENT)) return { choices: ["d"] };
          if (who.relationships.includes(R.VISITED)) return { choices: [r.pick(["b", "c"])] };
          return { choices: ["a"] };
        },
      },
      {
        kind: QuestionKind.TEXT,
        labelJa: "登壇者への質問があればお書きください",
        labelEn: "Any questions for the speakers?",
        answer: maybeText(0.4, [
          "水まんじゅう以外に、水を活かした名物はありますか？",
          "地下水の量は今も保たれているのでしょうか？",
          "移住した方から見た大垣の暮らしやすさを伺いたいです。",
          "東京から関われる仕事にはどんなものがありますか？",
        ]),
      },
    ],
  };

  const sideJobWorkshop: EventSpec = {
    key: "sideJobWorkshop",
    data: {
      slug: `fukugyo-workshop-${jstYearMonth(sideJobStart)}`,
      status: EventStatus.CLOSED,
      titleJa: "複業で関わる大垣 ― 地域企業の課題を一緒に考えるワークショップ",
      titleEn: "Side Careers in Ogaki: A Workshop on Local Business Challenges",
      summaryJa: "大垣の中小企業が抱える課題に、本業のスキルでアイデアを出し合う3時間のワークショップ。",
      summaryEn: "A three-hour workshop where professionals bring their skills to real challenges of Ogaki's small businesses.",
      descriptionJa: `## 本業のスキルで、地域企業の課題に向き合う

大垣市には、繊維・金属加工・食品など、長い歴史をもつ中小企業が数多くあります。人手不足や事業承継、販路開拓といった課題を抱える一方で、「外の人の視点」を求める声も増えています。

このワークショップでは、大垣市内の企業から実際の課題をお聞きし、参加者の皆さんのスキルと経験を持ち寄って解決のアイデアを考えます。

### 当日の流れ
1. 大垣市・地域企業からの課題共有
2. グループワーク（4〜5人×4チーム）
3. アイデア発表と企業からのフィードバック
4. 複業としての関わり方のご紹介

### 持ち物
筆記用具（PCは任意）

> 複業の経験は問いません。「関わってみたい」という気持ちがあれば大歓迎です。
`,
      descriptionEn: `## Bring your day-job skills to a local business

Ogaki is home to many long-established small manufacturers and food makers. They face labour shortages, succession and new markets, and many are looking for an outside perspective.

Hear real challenges from Ogaki companies, work on them in small teams, and learn how professionals take part through side-career (*fukugyo*) projects.

No side-career experience needed.
`,
      startsAt: sideJobStart,
      endsAt: add(sideJobStart, 3 * HOUR),
      kind: EventKind.WORKSHOP,
      ...qws,
      capacity: 24,
      registrationClosesAt: jstAt(sideJobStart, -1, 23, 59),
      ...free,
      publishedAt: add(sideJobStart, -35 * DAY),
      closedAt: add(sideJobStart, DAY),
    },
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "複業の経験",
        labelEn: "Side-career experience",
        required: true,
        cityVisible: true,
        options: SIDE_JOB_EXPERIENCE,
        answer: (r) => ({ choices: [r.weighted([["a", 3], ["b", 2], ["c", 4], ["d", 3]])] }),
      },
      {
        kind: QuestionKind.MULTI_CHOICE,
        labelJa: "関わってみたい分野（複数選択可）",
        labelEn: "Areas you would like to work on (choose any)",
        cityVisible: true,
        options: options([
          ["広報・PR", "PR and communications"],
          ["マーケティング・販路開拓", "Marketing and new markets"],
          ["DX・IT活用", "Digital transformation"],
          ["人事・採用", "HR and hiring"],
          ["商品企画", "Product planning"],
        ]),
        answer: (r) => ({ choices: pickChoices(r, sideJobWorkshop.questions[1]!.options!, 1, 3) }),
      },
    ],
  };

  const tourismDx: EventSpec = {
    key: "tourismDx",
    data: {
      slug: `ogaki-tourism-dx-workshop-${jstYearMonth(tourismDxStart)}`,
      status: EventStatus.PUBLISHED,
      titleJa: "複業ワークショップ「大垣市の観光DXを考える」",
      titleEn: "Side-Career Workshop: Tourism DX for Ogaki",
      summaryJa: "大垣市の観光データと現場の声をもとに、チームで観光DXの施策を考えます。",
      summaryEn: "Work in teams on digital tourism ideas for Ogaki, using the city's own data and field insights.",
      descriptionJa: `## 観光の「これから」を、デジタルで描く

大垣市は、松尾芭蕉「奥の細道」むすびの地、大垣城、水門川の舟下りなど、豊かな観光資源をもつまちです。一方で、情報発信や予約・決済、回遊データの活用といった観光DXには、まだ伸びしろがあります。

今回は大垣市の観光担当者から現状とデータを共有いただき、参加者がチームで施策を考えます。優れた提案は、市との複業プロジェクトとして実証につながる可能性があります。

### プログラム（予定）
- 14:00 オープニング・趣旨説明
- 14:15 大垣市からのインプット「観光の現状と課題」
- 14:45 チームワーク（ペルソナ設計 → 施策立案）
- 16:15 発表・講評
- 16:50 クロージング

### こんな方に
- マーケティング、UX、データ分析、エンジニアリングの経験を地域で活かしたい方
- 複業・プロボノで自治体と関わってみたい方

※ 定員に達した場合は、キャンセル待ちとしてご登録いただけます。
`,
      descriptionEn: `## Designing the future of tourism in Ogaki

Ogaki is where Basho's *Narrow Road to the Deep North* ends, and it has a castle and boat rides on the Suimon River. Its digital side (information, booking and payment, visitor data) still has room to grow.

City tourism staff share their data and challenges; you design measures in teams. Strong proposals may become paid side-career pilot projects with the city.

If the event is full, you can join the waitlist.
`,
      startsAt: tourismDxStart,
      endsAt: add(tourismDxStart, 3 * HOUR),
      kind: EventKind.WORKSHOP,
      ...kanda,
      capacity: 30,
      waitlistEnabled: true,
      registrationClosesAt: jstAt(tourismDxStart, -1, 23, 59),
      ...free,
      publishedAt: add(now, -20 * DAY),
    },
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "複業の経験",
        labelEn: "Side-career experience",
        required: true,
        cityVisible: true,
        options: SIDE_JOB_EXPERIENCE,
        answer: (r) => ({ choices: [r.weighted([["a", 4], ["b", 2], ["c", 3], ["d", 2]])] }),
      },
      {
        kind: QuestionKind.MULTI_CHOICE,
        labelJa: "活かせるスキル（複数選択可）",
        labelEn: "Skills you can bring (choose any)",
        cityVisible: true,
        options: options([
          ["マーケティング", "Marketing"],
          ["UX・デザイン", "UX and design"],
          ["データ分析", "Data analysis"],
          ["エンジニアリング", "Engineering"],
          ["観光・旅行業", "Tourism and travel"],
          ["編集・ライティング", "Editing and writing"],
        ]),
        answer: (r) => ({ choices: pickChoices(r, tourismDx.questions[1]!.options!, 1, 3) }),
      },
      {
        kind: QuestionKind.TEXT,
        labelJa: "ワークショップで取り組みたいこと・期待すること",
        labelEn: "What would you like to work on?",
        answer: maybeText(0.5, [
          "インバウンド向けの情報発信を考えたいです。",
          "観光客の回遊データの活用に関心があります。",
          "舟下りや芭蕉の資源を組み合わせた周遊の仕組みを考えたい。",
          "予約・決済のオンライン化の進め方を議論したいです。",
          "自治体とのプロジェクトの進め方を学びたいです。",
        ]),
      },
    ],
  };

  const dualBaseTalk: EventSpec = {
    key: "dualBaseTalk",
    data: {
      slug: `ogaki-dual-base-talk-${jstYearMonth(dualBaseStart)}`,
      status: EventStatus.PUBLISHED,
      titleJa: "トークナイト「大垣に“通う”という選択 ― 二拠点・複業のリアル」",
      titleEn: "Talk Night: Commuting to Ogaki — Real Stories of Dual-Base Living and Side Careers",
      summaryJa: "東京で働きながら大垣に通う。二拠点・複業で地域と関わるゲストが、始め方と続け方を語ります。",
      summaryEn: "Guests who work in Tokyo and regularly spend time in Ogaki talk about how they started and how they keep going.",
      descriptionJa: `## 移住でも観光でもない、「通う」関係

東京で働きながら、月に一度大垣へ通う。オンラインで地域企業の仕事を手伝い、ときどき現地で顔を合わせる。そんな「二拠点」「複業」での関わり方を実践しているゲストに、始めたきっかけ、続けるコツ、家族や本業との両立のリアルを伺います。

### ゲスト
- 大垣市内の企業で広報を担う複業人材
- 東京と大垣の二拠点で暮らすデザイナー
- 大垣市 企画部の職員

### タイムテーブル
- 18:45 受付開始
- 19:00 オープニング
- 19:10 ゲストトーク
- 20:10 質疑応答
- 20:30 交流タイム
- 21:00 終了

満席の場合はキャンセル待ちにご登録ください。キャンセルが出た場合は、登録順にご案内メールをお送りします（48時間以内にご確認ください）。
`,
      descriptionEn: `## Neither moving nor sightseeing: a relationship you commute to

Working in Tokyo and visiting Ogaki once a month; helping a local company online and meeting in person from time to time. Our guests share how they started, what keeps it going, and how it fits with family and a day job.

When the event is full you can join the waitlist. If a seat frees up we email you in waitlist order, and the seat is held for 48 hours.
`,
      startsAt: dualBaseStart,
      endsAt: add(dualBaseStart, 2 * HOUR),
      kind: EventKind.TALK,
      ...qws,
      capacity: 20,
      waitlistEnabled: true,
      registrationClosesAt: jstAt(dualBaseStart, 0, 12),
      ...free,
      publishedAt: add(now, -18 * DAY),
    },
    questions: [
      {
        kind: QuestionKind.MULTI_CHOICE,
        labelJa: "特に聞きたいテーマ（複数選択可）",
        labelEn: "Topics you most want to hear about (choose any)",
        cityVisible: true,
        options: options([
          ["二拠点生活の始め方", "Getting started with dual-base living"],
          ["複業と本業の両立", "Balancing a side career and a day job"],
          ["家族・子育てとの両立", "Family and childcare"],
          ["移住の検討", "Considering a move"],
        ]),
        answer: (r) => ({ choices: pickChoices(r, dualBaseTalk.questions[0]!.options!, 1, 2) }),
      },
      {
        kind: QuestionKind.TEXT,
        labelJa: "ゲストへの質問",
        labelEn: "Questions for the guests",
        answer: maybeText(0.35, [
          "交通費はどのように工面していますか？",
          "本業の会社にはどう説明しましたか？",
          "大垣での仕事はどうやって見つけましたか？",
          "子どもがいても二拠点は可能でしょうか。",
        ]),
      },
    ],
  };

  const fieldwork: EventSpec = {
    key: "fieldwork",
    data: {
      slug: `ogaki-fieldwork-tour-${jstYearMonth(fieldworkStart)}`,
      status: EventStatus.PUBLISHED,
      titleJa: "大垣フィールドワークツアー ― 水の都を歩き、まちの担い手に会う",
      titleEn: "Ogaki Fieldwork Tour: Walk the City of Water, Meet the People Who Run It",
      summaryJa: "水門川沿いの散策、地元企業の見学、市職員や地域プレイヤーとの対話。大垣を一日かけて体感するツアーです（審査制）。",
      summaryEn: "A day in Ogaki: a riverside walk, a local company visit and conversations with city staff and local leaders (application reviewed).",
      descriptionJa: `## 大垣を歩き、まちの担い手に会う一日

東京のイベントで出会った大垣を、今度は現地で。水門川沿いの散策、自噴井戸めぐり、地元企業の見学、まちづくりに取り組む方々との交流を通じて、大垣の「いま」を体感するフィールドワークです。

### 行程（予定）
| 時間 | 内容 |
| --- | --- |
| 10:30 | JR大垣駅 南口 集合 |
| 10:45 | 水門川沿い・自噴井戸めぐり |
| 12:00 | 昼食（地元の食材を使ったランチ） |
| 13:30 | 地域企業の見学・意見交換 |
| 15:30 | 市職員・地域プレイヤーとの対話 |
| 17:00 | JR大垣駅で解散 |

### 参加について
- 参加は**審査制**です。お申し込み内容をもとに大垣市が確認し、結果をメールでお知らせします。
- 参加費 1,000円（昼食代。当日現地でお支払いください）。
- 大垣までの交通費は各自ご負担ください（東京駅から新幹線とJRで約2時間）。
- 雨天決行（荒天の場合は中止とし、前日までにご連絡します）。
`,
      descriptionEn: `## A day walking Ogaki and meeting the people who shape it

You met Ogaki at an event in Tokyo; now see it for yourself. Walk along the Suimon River and the town's springs, visit a local company, and talk with city staff and people working on the town's future.

### Schedule (subject to change)
- 10:30 Meet at JR Ogaki Station, south exit
- 10:45 Riverside walk and springs
- 12:00 Lunch with local produce
- 13:30 Company visit
- 15:30 Conversation with city staff and local leaders
- 17:00 End at JR Ogaki Station

Applications are reviewed by Ogaki City; we email you the result. The fee (¥1,000, for lunch) is paid on the day. Travel to Ogaki is at your own cost (about 2 hours from Tokyo by Shinkansen and JR).
`,
      startsAt: fieldworkStart,
      endsAt: jstAt(fieldworkStart, 0, 17),
      format: EventFormat.IN_PERSON,
      area: EventArea.OGAKI,
      kind: EventKind.FIELDWORK,
      venueName: "JR大垣駅 南口（集合場所）",
      venueAddress: "岐阜県大垣市高屋町1丁目",
      venueMapUrl: mapUrl("JR大垣駅 南口 岐阜県大垣市"),
      capacity: 15,
      waitlistEnabled: false,
      approvalRequired: true,
      reviewerKind: OrganizationKind.CITY,
      registrationClosesAt: jstAt(fieldworkStart, -10, 23, 59),
      feeJa: "1,000円（昼食代・当日現地払い）",
      feeEn: "¥1,000 (lunch, paid on the day)",
      publishedAt: add(now, -12 * DAY),
    },
    questions: [
      {
        kind: QuestionKind.TEXT,
        labelJa: "参加の動機・大垣で関わってみたいこと",
        labelEn: "Why you would like to join, and how you would like to be involved with Ogaki",
        helpJa: "審査の参考にします。",
        helpEn: "Used to review your application.",
        required: true,
        cityVisible: true,
        answer: (r) => ({
          text: r.pick([
            "トークイベントで大垣の水の話を聞き、実際に歩いてみたいと思いました。",
            "複業で地域企業の広報を手伝いたいと考えており、現場を見たいです。",
            "大垣出身です。離れてからのまちの変化を知り、関わり方を探したいです。",
            "将来の二拠点生活の候補地として、まちの雰囲気を知りたいです。",
            "ものづくり企業の現場を見て、DXの支援ができないか考えたいです。",
            "ふるさと納税で知った事業者さんに直接お会いしたいです。",
          ]),
        }),
      },
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "大垣までの交通手段",
        labelEn: "How will you get to Ogaki?",
        required: true,
        options: options([
          ["新幹線・JR", "Shinkansen / JR"],
          ["自家用車", "Car"],
          ["高速バス", "Highway bus"],
          ["未定", "Not decided yet"],
        ]),
        answer: (r, who) => ({ choices: [who.prefectureCode === "21" ? "b" : r.weighted([["a", 6], ["c", 1], ["d", 2]])] }),
      },
      {
        kind: QuestionKind.TEXTAREA,
        labelJa: "配慮事項",
        labelEn: "Accessibility or dietary needs",
        helpJa: "食物アレルギーや移動に関する配慮など、必要な場合のみご記入ください。この内容は大垣市には提供せず、ツアー終了後に削除します。",
        helpEn: "Only if needed, e.g. food allergies or mobility. This is not shared with Ogaki City and is deleted after the tour.",
        sensitive: true,
        answer: maybeText(0.2, ["甲殻類のアレルギーがあります。", "長時間の歩行が難しいため、途中で休憩をいただけると助かります。", "ベジタリアンです。"]),
      },
    ],
  };

  const online: EventSpec = {
    key: "online",
    data: {
      slug: `ogaki-online-furusato-${jstYearMonth(onlineStart)}`,
      status: EventStatus.PUBLISHED,
      titleJa: "オンライン説明会「ふるさと納税と大垣のものづくり」",
      titleEn: "Online: Furusato Nozei and Ogaki's Craft Industries",
      summaryJa: "大垣市のふるさと納税と、返礼品を支える地元のものづくりを、市の担当者と事業者がオンラインで紹介します。",
      summaryEn: "City staff and local makers introduce Ogaki's hometown tax donation programme and the crafts behind its gifts, online.",
      descriptionJa: `## 自宅から、大垣とつながる1時間

大垣市のふるさと納税の仕組みと、返礼品を支える地元のものづくり（木枡、繊維、和菓子など）について、市の担当者と事業者がオンラインでご紹介します。

- 配信：Zoom（参加確定の方にURLをお送りします）
- カメラ・マイクはオフのままで参加できます
- ご質問はチャットで受け付けます

### こんな方に
- ふるさと納税の寄附先を探している方
- 大垣の産品や事業者について知りたい方
- まずは気軽に、地方との関わりを始めたい方
`,
      descriptionEn: `## One hour with Ogaki, from home

City staff and local makers introduce Ogaki's *furusato nozei* (hometown tax donation) programme and the crafts behind its gifts: wooden *masu* boxes, textiles and Japanese sweets.

- Streamed on Zoom (the link is sent once your place is confirmed)
- Camera and microphone can stay off
- Questions via chat
`,
      startsAt: onlineStart,
      endsAt: add(onlineStart, HOUR),
      format: EventFormat.ONLINE,
      area: EventArea.ONLINE,
      kind: EventKind.TALK,
      onlineUrl: "https://meet.example.com/wdl-ogaki-furusato",
      capacity: null,
      waitlistEnabled: false,
      registrationClosesAt: jstAt(onlineStart, 0, 18),
      ...free,
      publishedAt: add(now, -4 * DAY),
    },
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "ふるさと納税の経験",
        labelEn: "Have you made a furusato nozei donation?",
        cityVisible: true,
        options: options([
          ["大垣市に寄附したことがある", "Yes, to Ogaki"],
          ["他の自治体に寄附したことがある", "Yes, to another municipality"],
          ["まだない", "Not yet"],
        ]),
        answer: (r, who) => ({ choices: [who.relationships.includes(R.FURUSATO_NOZEI) ? "a" : r.pick(["b", "c"])] }),
      },
    ],
  };

  const draft: EventSpec = {
    key: "draft",
    data: {
      slug: `ogaki-food-sake-meetup-${jstYearMonth(draftStart)}`,
      status: EventStatus.DRAFT,
      titleJa: "大垣の食と酒を味わう交流会",
      titleEn: "Tasting Ogaki: Food and Sake Meetup",
      summaryJa: "大垣の酒蔵と和菓子店をゲストに迎え、食と酒を味わいながら交流する夜（企画中）。",
      summaryEn: "An evening with Ogaki's sake brewers and confectioners (in planning).",
      descriptionJa: `## 大垣の食と酒で、つながる夜

大垣の酒蔵と和菓子店をゲストに迎え、食と酒を味わいながら交流する会を企画しています。

- 会場：調整中（都内）
- ゲスト：調整中
`,
      descriptionEn: "## An evening of Ogaki food and sake\n\nVenue and guests to be confirmed.\n",
      startsAt: draftStart,
      endsAt: add(draftStart, 2.5 * HOUR),
      kind: EventKind.NETWORKING,
      capacity: 40,
      registrationClosesAt: jstAt(draftStart, -2, 23, 59),
      feeJa: "3,000円（飲食代）",
      feeEn: "¥3,000 (food and drinks)",
    },
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        labelJa: "お酒は飲まれますか？",
        labelEn: "Will you drink alcohol?",
        options: options([
          ["飲む", "Yes"],
          ["飲まない（ソフトドリンク希望）", "No, soft drinks please"],
        ]),
        answer: () => null,
      },
    ],
  };

  const specs = [waterTalk, sideJobWorkshop, tourismDx, dualBaseTalk, fieldwork, online, draft];
  const eventIds = new Map<EventKey, string>();
  const events: Prisma.EventCreateManyInput[] = [];
  const eventOrganizers: Prisma.EventOrganizerCreateManyInput[] = [];
  const questions: (Prisma.EventQuestionCreateManyInput & { id: string })[] = [];
  for (const spec of specs) {
    const createdAt = add((spec.data.publishedAt as Date | undefined) ?? add(now, -2 * DAY), -3 * DAY);
    const id = uuidv7(createdAt);
    eventIds.set(spec.key, id);
    const closedAt = spec.data.closedAt as Date | undefined;
    events.push({
      ...spec.data,
      id,
      ownerOrganizationId: wdl.id,
      createdById: staff.organizer.id,
      createdAt,
      updatedAt: closedAt ?? (spec.data.publishedAt as Date | undefined) ?? createdAt,
    });
    eventOrganizers.push(
      { eventId: id, organizationId: wdl.id, role: OrganizerRole.HOST },
      { eventId: id, organizationId: city.id, role: OrganizerRole.CO_HOST },
    );
    spec.questions.forEach((q, position) => {
      questions.push({
        id: uuidv7(createdAt),
        eventId: id,
        position,
        kind: q.kind,
        labelJa: q.labelJa,
        labelEn: q.labelEn,
        helpJa: q.helpJa,
        helpEn: q.helpEn,
        required: q.required ?? false,
        options: (q.options ?? []) as Prisma.InputJsonValue,
        sensitive: q.sensitive ?? false,
        cityVisible: q.cityVisible ?? false,
        createdAt,
      });
    });
  }
  const eventId = (key: EventKey) => eventIds.get(key)!;

  // ── registrations, as sequences of status changes ──

  const plans: Plan[] = [];
  const signup = (to: RegistrationStatus, at: Date): Step => ({ to, at, actorType: ActorType.PARTICIPANT, reason: "signup" });
  const participantCancel = (at: Date): Step => ({ to: RegistrationStatus.CANCELLED, at, actorType: ActorType.PARTICIPANT, reason: "cancelled_by_participant" });
  const addPlan = (event: EventSpec, personIndex: number, steps: Step[], staffNote?: string) =>
    plans.push({ event, eventId: eventId(event.key), personIndex, steps, staffNote });

  /** A closed event: everyone was confirmed at sign-up, then checked in, didn't come, or cancelled. */
  function pastEvent(event: EventSpec, people: number[], counts: { attended: number; noShow: number; cancelled: number }, checkinBy: string) {
    const start = event.data.startsAt as Date;
    const closedAt = event.data.closedAt as Date;
    const published = event.data.publishedAt as Date;
    const times = rng.times(people.length, add(published, HOUR), add(event.data.registrationClosesAt as Date, -HOUR));
    const outcomes = rng.shuffle([
      ...Array<RegistrationStatus>(counts.attended).fill(RegistrationStatus.ATTENDED),
      ...Array<RegistrationStatus>(counts.noShow).fill(RegistrationStatus.NO_SHOW),
      ...Array<RegistrationStatus>(counts.cancelled).fill(RegistrationStatus.CANCELLED),
    ]);
    people.forEach((personIndex, i) => {
      const t = times[i]!;
      const steps = [signup(RegistrationStatus.CONFIRMED, t)];
      const outcome = outcomes[i]!;
      if (outcome === RegistrationStatus.ATTENDED) {
        steps.push({ to: outcome, at: add(start, rng.int(-20, 25) * MINUTE), actorType: ActorType.STAFF, actorUserId: checkinBy, reason: "checkin" });
      } else if (outcome === RegistrationStatus.NO_SHOW) {
        steps.push({ to: outcome, at: closedAt, actorType: ActorType.SYSTEM, reason: "not_checked_in" });
      } else {
        steps.push(participantCancel(rng.between(add(t, HOUR), add(start, -2 * HOUR))));
      }
      addPlan(event, personIndex, steps);
    });
  }

  const order = rng.shuffle(PEOPLE.map((_, i) => i));
  const statusOf = (event: EventSpec, personIndex: number) =>
    plans.find((p) => p.event === event && p.personIndex === personIndex)!.steps.at(-1)!.to;

  // Past events; the later one has returning people, so the ledger shows repeat attendance.
  pastEvent(sideJobWorkshop, order.slice(0, 14), { attended: 11, noShow: 2, cancelled: 1 }, staff.organizer.id);
  const sideJobAttendees = order.slice(0, 14).filter((i) => statusOf(sideJobWorkshop, i) === RegistrationStatus.ATTENDED);
  pastEvent(waterTalk, rng.shuffle([...rng.sample(sideJobAttendees, 6), ...order.slice(14, 32)]), { attended: 18, noShow: 3, cancelled: 3 }, staff.checkin.id);

  // Tourism DX (capacity 30): it filled, one person joined the waitlist, then two cancelled: the first
  // cancellation offered that person the seat (still held), the second left one seat open.
  {
    const people = rng.shuffle([...order.slice(32), ...rng.sample(order.slice(0, 32), 18)]);
    const published = tourismDx.data.publishedAt as Date;
    const times = rng.times(people.length, add(published, HOUR), add(now, -2 * DAY));
    const firstCancel = add(now, -rng.int(18, 30) * HOUR);
    const secondCancel = add(now, -rng.int(3, 8) * HOUR);
    const [c1, c2] = rng.sample(Array.from({ length: 30 }, (_, i) => i), 2) as [number, number];
    people.forEach((personIndex, i) => {
      const t = times[i]!;
      if (i < 30) {
        const steps = [signup(RegistrationStatus.CONFIRMED, t)];
        if (i === c1) steps.push(participantCancel(firstCancel));
        if (i === c2) steps.push(participantCancel(secondCancel));
        addPlan(tourismDx, personIndex, steps);
      } else {
        addPlan(tourismDx, personIndex, [
          signup(RegistrationStatus.WAITLISTED, t),
          { to: RegistrationStatus.OFFERED, at: add(firstCancel, 5), actorType: ActorType.SYSTEM, reason: "seat_freed" },
        ]);
      }
    });
  }

  // Dual-base talk (capacity 20): two early cancellations happened before it filled, so nobody was
  // promoted; the last five are waitlisted in sign-up order.
  {
    const people = rng.sample(order, 27);
    const published = dualBaseTalk.data.publishedAt as Date;
    const times = rng.times(people.length, add(published, HOUR), add(now, -3 * HOUR));
    const cancelled = new Set(rng.sample(Array.from({ length: 20 }, (_, i) => i), 2));
    people.forEach((personIndex, i) => {
      const t = times[i]!;
      if (i >= 22) return addPlan(dualBaseTalk, personIndex, [signup(RegistrationStatus.WAITLISTED, t)]);
      const steps = [signup(RegistrationStatus.CONFIRMED, t)];
      if (cancelled.has(i)) steps.push(participantCancel(rng.between(t, times[20]!)));
      addPlan(dualBaseTalk, personIndex, steps, i === 4 ? "登壇者の元同僚。懇親会で紹介予定" : undefined);
    });
  }

  // Fieldwork (approval by the city): the oldest applications have been reviewed, the rest wait.
  {
    const close = PEOPLE.map((p, i) => ({ p, i }))
      .filter(({ p }) => p.prefectureCode === "21" || p.relationships.some((x) => x === R.HOMETOWN || x === R.VISITED))
      .map(({ i }) => i);
    const chosen = rng.sample(close, 8);
    const others = rng.sample(order.filter((i) => !chosen.includes(i)), 4);
    const people = rng.shuffle([...chosen, ...others]);
    const published = fieldwork.data.publishedAt as Date;
    const times = rng.times(people.length, add(published, HOUR), add(now, -2 * HOUR));
    const declined = rng.int(0, 5);
    people.forEach((personIndex, i) => {
      const t = times[i]!;
      const steps = [signup(RegistrationStatus.PENDING, t)];
      if (i < 6) {
        const reviewedAt = minDate(add(t, rng.int(20, 60) * HOUR), add(now, -rng.int(30, 90) * MINUTE));
        const reviewer = rng.chance(0.6) ? staff.cityAdmin.id : staff.cityStaff.id;
        steps.push(
          i === declined
            ? { to: RegistrationStatus.DECLINED, at: reviewedAt, actorType: ActorType.STAFF, actorUserId: reviewer, reason: "参加目的がツアーの趣旨と異なるため、今回は見送り" }
            : { to: RegistrationStatus.CONFIRMED, at: reviewedAt, actorType: ActorType.STAFF, actorUserId: reviewer, reason: "approved" },
        );
      }
      addPlan(fieldwork, personIndex, steps);
    });
  }

  // Online (no capacity): a handful so far, including both English-speaking participants.
  {
    const english = PEOPLE.flatMap((p, i) => (p.locale === "en" ? [i] : []));
    const people = rng.shuffle([...english, ...rng.sample(order.filter((i) => !english.includes(i)), 5)]);
    const published = online.data.publishedAt as Date;
    const times = rng.times(people.length, add(published, HOUR), add(now, -HOUR));
    const cancelled = rng.int(0, people.length - 2);
    people.forEach((personIndex, i) => {
      const t = times[i]!;
      const steps = [signup(RegistrationStatus.CONFIRMED, t)];
      if (i === cancelled) steps.push(participantCancel(rng.between(t, add(now, -10 * MINUTE))));
      addPlan(online, personIndex, steps);
    });
  }

  // ── participants ──

  const plansByPerson = PEOPLE.map((_, i) => plans.filter((p) => p.personIndex === i).sort((a, b) => +a.steps[0]!.at - +b.steps[0]!.at));
  const personIds = PEOPLE.map((_, i) => uuidv7(plansByPerson[i]![0]?.steps[0]!.at ?? add(now, -10 * DAY)));

  // ── registration rows, history and answers ──

  const registrations: Prisma.RegistrationCreateManyInput[] = [];
  const transitions: Prisma.RegistrationTransitionCreateManyInput[] = [];
  const answers: Prisma.AnswerCreateManyInput[] = [];
  const registrationIds = new Map<Plan, string>();
  const checkinCodes = new Map<string, Set<string>>();
  const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O or 1/I: read aloud at the door

  for (const plan of plans) {
    const who = PEOPLE[plan.personIndex]!;
    const createdAt = plan.steps[0]!.at;
    const last = plan.steps.at(-1)!;
    const stepTo = (status: RegistrationStatus) => plan.steps.find((s) => s.to === status);
    const id = uuidv7(createdAt);
    registrationIds.set(plan, id);

    const used = checkinCodes.get(plan.eventId) ?? new Set<string>();
    checkinCodes.set(plan.eventId, used);
    let code: string;
    do code = Array.from({ length: 8 }, () => rng.pick([...CODE_ALPHABET])).join("");
    while (used.has(code));
    used.add(code);

    const howHeard = rng.weighted<HowHeard>([
      [HowHeard.WDL_MEMBER, 4],
      [HowHeard.FRIEND, 4],
      [HowHeard.SNS, 4],
      [HowHeard.EVENT_SITE, 3],
      [HowHeard.CITY, 2],
      [HowHeard.NEWSLETTER, plansByPerson[plan.personIndex]![0] === plan ? 0 : 4],
      [HowHeard.WORKPLACE, 1],
      [HowHeard.OTHER, 1],
    ]);
    const utm =
      howHeard === HowHeard.SNS
        ? { utmSource: rng.pick(["x", "facebook", "instagram"]), utmMedium: "social", utmCampaign: plan.event.data.slug }
        : howHeard === HowHeard.EVENT_SITE
          ? { utmSource: "peatix", utmMedium: "referral", utmCampaign: plan.event.data.slug }
          : howHeard === HowHeard.NEWSLETTER
            ? { utmSource: "wdl_newsletter", utmMedium: "email", utmCampaign: plan.event.data.slug }
            : howHeard === HowHeard.CITY
              ? { utmSource: "city_ogaki", utmMedium: "referral" }
              : {};
    const offered = stepTo(RegistrationStatus.OFFERED);
    const offerHoldHours = (plan.event.data.offerHoldHours as number | undefined) ?? 48;

    registrations.push({
      id,
      eventId: plan.eventId,
      participantId: personIds[plan.personIndex]!,
      emailNormalized: normalizeEmail(who.email),
      status: last.to,
      locale: who.locale,
      relationshipsAtSignup: who.relationships,
      howHeard,
      howHeardOther: howHeard === HowHeard.OTHER ? rng.pick(["大垣市のふるさと納税サイト", "地元の友人のSNS", "大学の授業"]) : null,
      ...utm,
      ref: howHeard === HowHeard.FRIEND && rng.chance(0.5) ? rng.pick(["wdl-member-share", "speaker-share"]) : null,
      policyVersion: POLICY_VERSION,
      staffNote: plan.staffNote ?? null,
      manageTokenHash: newManageTokenHash(),
      checkinCode: code,
      waitlistedAt: stepTo(RegistrationStatus.WAITLISTED)?.at ?? null,
      offeredAt: offered?.at ?? null,
      offerExpiresAt: offered ? add(offered.at, offerHoldHours * HOUR) : null,
      confirmedAt: stepTo(RegistrationStatus.CONFIRMED)?.at ?? null,
      cancelledAt: stepTo(RegistrationStatus.CANCELLED)?.at ?? null,
      checkedInAt: stepTo(RegistrationStatus.ATTENDED)?.at ?? null,
      checkedInById: stepTo(RegistrationStatus.ATTENDED)?.actorUserId ?? null,
      createdAt,
      updatedAt: last.at,
    });

    plan.steps.forEach((step, i) => {
      transitions.push({
        registrationId: id,
        fromStatus: i === 0 ? null : plan.steps[i - 1]!.to,
        toStatus: step.to,
        actorType: step.actorType,
        actorUserId: step.actorUserId ?? null,
        reason: step.reason ?? null,
        createdAt: step.at,
      });
    });

    plan.event.questions.forEach((q, position) => {
      const value = q.answer(rng, who);
      if (!value) return;
      const question = questions.find((row) => row.eventId === plan.eventId && row.position === position)!;
      answers.push({ registrationId: id, questionId: question.id, text: value.text ?? null, choices: value.choices ?? [], createdAt, updatedAt: createdAt });
    });
  }

  // ── consents ──

  const consents: Prisma.ConsentCreateManyInput[] = [];
  const hasConsent = PEOPLE.map(() => new Set<ConsentPurpose>());
  const consentChances: [ConsentPurpose, number][] = [
    [ConsentPurpose.CITY_PROVISION, 0.85],
    [ConsentPurpose.SURVEY, 0.6],
    [ConsentPurpose.WDL_NEWS, 0.45],
    [ConsentPurpose.CITY_NEWS, 0.3],
  ];
  PEOPLE.forEach((_, i) => {
    const first = plansByPerson[i]![0];
    if (!first) return;
    for (const [purpose, p] of consentChances) if (rng.chance(p)) hasConsent[i]!.add(purpose);
  });

  // One person later withdrew provision to the city on their own page; another unsubscribed from WDL news.
  const sideJobPeople = plans.filter((p) => p.event === sideJobWorkshop).map((p) => p.personIndex);
  const withdrawer = sideJobPeople.find((i) => hasConsent[i]!.has(ConsentPurpose.CITY_PROVISION))!;
  const unsubscriber = plans
    .filter((p) => p.event === waterTalk)
    .map((p) => p.personIndex)
    .find((i) => i !== withdrawer && hasConsent[i]!.has(ConsentPurpose.WDL_NEWS))!;
  const withdrawnAt = add(sideJobStart, 16 * DAY + 3 * HOUR);
  const unsubscribedAt = add(waterTalkStart, 11 * DAY + 8 * HOUR);

  PEOPLE.forEach((_, i) => {
    const first = plansByPerson[i]![0];
    if (!first) return;
    for (const [purpose] of consentChances) {
      if (!hasConsent[i]!.has(purpose)) continue;
      const withdrawn =
        i === withdrawer && purpose === ConsentPurpose.CITY_PROVISION
          ? { withdrawnAt, withdrawnVia: "participant_page" }
          : i === unsubscriber && purpose === ConsentPurpose.WDL_NEWS
            ? { withdrawnAt: unsubscribedAt, withdrawnVia: "unsubscribe" }
            : {};
      consents.push({
        participantId: personIds[i]!,
        purpose,
        version: CONSENT_VERSION,
        grantedAt: first.steps[0]!.at,
        registrationId: registrationIds.get(first)!,
        ...withdrawn,
      });
    }
  });

  // Applying to an event the city reviews asks for the review consent (CITY_REVIEW), given with that application.
  for (const plan of plans) {
    if (plan.event !== fieldwork || consents.some((c) => c.participantId === personIds[plan.personIndex] && c.purpose === ConsentPurpose.CITY_REVIEW)) continue;
    consents.push({
      participantId: personIds[plan.personIndex]!,
      purpose: ConsentPurpose.CITY_REVIEW,
      version: CONSENT_VERSION,
      grantedAt: plan.steps[0]!.at,
      registrationId: registrationIds.get(plan)!,
    });
  }

  const suppressions: Prisma.SuppressionCreateManyInput[] = [
    {
      emailNormalized: normalizeEmail(PEOPLE[unsubscriber]!.email),
      category: MailCategory.WDL_NEWS,
      reason: SuppressionReason.UNSUBSCRIBE,
      source: "list-unsubscribe",
      createdAt: unsubscribedAt,
    },
  ];

  // ── surveys after the two closed events (only people who agreed to surveys get one) ──

  const surveys: Prisma.SurveyResponseCreateManyInput[] = [];
  const surveyRounds = [
    {
      event: waterTalk,
      limit: 12,
      comments: [
        "大垣の水の話が面白く、実際に自噴井戸を見に行きたくなりました。",
        "市の職員の方と直接話せたのがよかったです。",
        "交流の時間がもう少し長いとうれしいです。",
        "水まんじゅうがおいしかった！次は現地で食べたいです。",
        "複業で関われる具体的な案件をもっと知りたいです。",
        "平日夜でも参加しやすい時間設定でありがたかったです。",
      ],
    },
    {
      event: sideJobWorkshop,
      limit: 8,
      comments: [
        "企業の方の課題が具体的で、自分のスキルが役立つイメージが持てました。",
        "グループワークの時間がもう少しほしかったです。",
        "実際に複業として関わるまでの流れを知りたいです。",
        "参加者同士の話が一番刺激になりました。",
      ],
    },
  ];
  const surveyResponders = new Map<EventKey, number[]>();
  for (const { event, limit, comments } of surveyRounds) {
    const responders = plans
      .filter((p) => p.event === event && p.steps.at(-1)!.to === RegistrationStatus.ATTENDED && hasConsent[p.personIndex]!.has(ConsentPurpose.SURVEY))
      .slice(0, limit);
    surveyResponders.set(event.key, responders.map((p) => p.personIndex));
    const end = event.data.endsAt as Date;
    responders.forEach((plan, n) => {
      const joinAgain = rng.weighted<JoinAgain>([[JoinAgain.YES, 6], [JoinAgain.MAYBE, 3], [JoinAgain.NO, 1]]);
      const steps =
        joinAgain === JoinAgain.NO
          ? [NextStep.NONE]
          : rng.sample<NextStep>([NextStep.VISIT_OGAKI, NextStep.FIELDWORK_TOUR, NextStep.SIDE_JOB_PROJECT, NextStep.FURUSATO_NOZEI, NextStep.NEWSLETTER], rng.int(1, 2));
      // The first two responders later visited Ogaki (activities below), so they said they would.
      if (n < 2 && !steps.includes(NextStep.VISIT_OGAKI)) steps[0] = NextStep.VISIT_OGAKI;
      surveys.push({
        registrationId: registrationIds.get(plan)!,
        participantId: personIds[plan.personIndex]!,
        eventId: plan.eventId,
        satisfaction: joinAgain === JoinAgain.NO ? rng.int(2, 3) : rng.weighted([[5, 5], [4, 4], [3, 1]]),
        joinAgain,
        nextSteps: steps,
        comment: rng.chance(0.7) ? rng.pick(comments) : null,
        submittedAt: add(end, rng.int(14, 96) * HOUR),
      });
    });
  }

  // ── activities: what people did for Ogaki after the events ──

  const waterResponders = surveyResponders.get("waterTalk")!;
  const sideJobResponders = surveyResponders.get("sideJobWorkshop")!;
  const waterAttendees = plans
    .filter((p) => p.event === waterTalk && p.steps.at(-1)!.to === RegistrationStatus.ATTENDED)
    .map((p) => p.personIndex);
  const sideJobDoer = sideJobResponders.find((i) => !waterResponders.slice(0, 2).includes(i)) ?? sideJobAttendees[0]!;
  const donor = waterAttendees.find((i) => !waterResponders.slice(0, 2).includes(i) && i !== sideJobDoer)!;
  const activity = (
    personIndex: number,
    kind: ActivityKind,
    source: ActivitySource,
    when: Date,
    note: string,
    event?: EventKey,
    recordedById?: string,
  ): Prisma.ActivityCreateManyInput => ({
    participantId: personIds[personIndex]!,
    kind,
    source,
    occurredOn: jstDate(when),
    eventId: event ? eventId(event) : null,
    note,
    recordedById: recordedById ?? null,
    createdAt: add(when, rng.int(6, 48) * HOUR),
  });
  const activities: Prisma.ActivityCreateManyInput[] = [
    activity(waterResponders[0]!, ActivityKind.VISIT_OGAKI, ActivitySource.SELF_REPORTED, add(waterTalkStart, 17 * DAY), "週末に家族で訪問。自噴井戸めぐりと水門川の散策", "waterTalk"),
    activity(waterResponders[1]!, ActivityKind.VISIT_OGAKI, ActivitySource.STAFF, add(waterTalkStart, 24 * DAY), "市役所で観光課と面談。ガイドツアーに参加", "waterTalk", staff.cityStaff.id),
    activity(sideJobDoer, ActivityKind.SIDE_JOB, ActivitySource.STAFF, add(sideJobStart, 45 * DAY), "市内の繊維メーカーでECサイト改善の複業プロジェクトに参加（月10時間）", "sideJobWorkshop", staff.organizer.id),
    activity(sideJobDoer, ActivityKind.VISIT_OGAKI, ActivitySource.SELF_REPORTED, add(sideJobStart, 60 * DAY), "複業先の企業を訪問し、工場を見学", "sideJobWorkshop"),
    activity(donor, ActivityKind.FURUSATO_NOZEI, ActivitySource.SELF_REPORTED, add(waterTalkStart, 20 * DAY), "大垣市へふるさと納税（返礼品：水まんじゅう）"),
  ];

  // ── participant rows (now that their registrations, surveys and activities are known) ──

  const participants: Prisma.ParticipantCreateManyInput[] = PEOPLE.map((who, i) => {
    const own = plansByPerson[i]!;
    const createdAt = own[0]?.steps[0]!.at ?? add(now, -10 * DAY);
    const lastSignup = own.at(-1)?.steps[0]!.at ?? createdAt;
    const selfActions = [
      ...own.flatMap((p) => p.steps.filter((s) => s.actorType === ActorType.PARTICIPANT).map((s) => s.at)),
      ...surveys.filter((s) => s.participantId === personIds[i]).map((s) => s.submittedAt as Date),
      ...(i === withdrawer ? [withdrawnAt] : []),
    ];
    const lastActiveAt = new Date(Math.max(createdAt.getTime(), ...selfActions.map((d) => d.getTime())));
    return {
      id: personIds[i]!,
      email: who.email,
      emailNormalized: normalizeEmail(who.email),
      name: who.name,
      furigana: who.furigana,
      affiliation: who.affiliation,
      prefectureCode: who.prefectureCode,
      municipality: who.municipality,
      relationships: who.relationships,
      interests: who.interests,
      skills: who.skills,
      locale: who.locale,
      policyVersion: POLICY_VERSION,
      policyAcceptedAt: lastSignup,
      // A returning person signs up again through the verified prefill link.
      emailVerifiedAt: own.length > 1 ? add(own[1]!.steps[0]!.at, -5 * MINUTE) : null,
      lastActiveAt,
      createdAt,
      updatedAt: lastActiveAt,
    };
  });

  return {
    organizations,
    users,
    events,
    eventOrganizers,
    questions,
    participants,
    registrations,
    transitions,
    answers,
    consents,
    surveys,
    activities,
    suppressions,
  };
}

// ───────────────────────────── writing ─────────────────────────────

/**
 * Seeds the demo data set unless organisation `wdl` already exists. All rows are written in one transaction,
 * so a failure leaves the database as it was.
 */
export async function seedDemoData(db: PrismaClient, options: { now?: Date } = {}): Promise<{ created: boolean }> {
  if (await db.organization.findUnique({ where: { slug: "wdl" }, select: { id: true } })) return { created: false };

  const data = buildDemoData(options.now ?? new Date());
  try {
    await db.$transaction(
      async (tx) => {
        // Organisations first: a concurrent seed blocks on the unique slug here and then fails cleanly.
        await tx.organization.createMany({ data: data.organizations });
        await tx.user.createMany({ data: data.users });
        await tx.event.createMany({ data: data.events });
        await tx.eventOrganizer.createMany({ data: data.eventOrganizers });
        await tx.eventQuestion.createMany({ data: data.questions });
        await tx.participant.createMany({ data: data.participants });
        await tx.registration.createMany({ data: data.registrations });
        await tx.registrationTransition.createMany({ data: data.transitions });
        await tx.answer.createMany({ data: data.answers });
        await tx.consent.createMany({ data: data.consents });
        await tx.surveyResponse.createMany({ data: data.surveys });
        await tx.activity.createMany({ data: data.activities });
        await tx.suppression.createMany({ data: data.suppressions });
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    const lostRace =
      error instanceof Prisma.PrismaClientKnownRequestError &&
      error.code === "P2002" &&
      (await db.organization.findUnique({ where: { slug: "wdl" }, select: { id: true } })) !== null;
    if (lostRace) return { created: false };
    throw error;
  }
  return { created: true };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set.");
    process.exitCode = 1;
    return;
  }
  const db = createPrismaClient(url, { max: 2 });
  try {
    const { created } = await seedDemoData(db);
    console.log(created ? "Demo data created." : "Organization 'wdl' already exists: nothing to do.");
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
