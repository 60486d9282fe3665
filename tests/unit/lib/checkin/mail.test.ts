import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { CHECKIN_QR_CID } from "@/lib/checkin/mail";
import { renderEmail, type RegistrationEmailProps } from "@/lib/emails";

const props: RegistrationEmailProps = {
  name: "山田 花子",
  event: {
    id: "0190a0b0-0000-7000-8000-000000000001",
    slug: "ogaki-night",
    titleJa: "大垣とつながる夜",
    titleEn: "An evening with Ogaki",
    startsAt: "2026-12-12T05:00:00.000Z",
    endsAt: "2026-12-12T08:00:00.000Z",
    format: "IN_PERSON",
    venueName: "SHIBUYA QWS",
    venueAddress: null,
    venueMapUrl: null,
    onlineUrl: null,
    feeJa: null,
    feeEn: null,
    organizersJa: "一般社団法人Work Design Lab × 大垣市",
    organizersEn: "Work Design Lab × Ogaki City",
    updatedAt: "2026-10-01T00:00:00.000Z",
  },
  manageUrl: "https://app.example/manage/tok",
  status: "CONFIRMED",
  appUrl: "https://app.example",
};
const checkin = { code: "ABCD2345", payload: "0190a0b0-0000-7000-8000-000000000009.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c" };

describe("the check-in QR code in the confirmation and approval mails", () => {
  for (const template of ["registration-confirmed", "registration-approved"] as const) {
    for (const locale of ["ja", "en"] as const) {
      it(`${template} (${locale}) shows the QR image inline (cid) and the code in both parts`, () => {
        const mail = renderEmail(template, { ...props, checkin }, locale);
        expect(mail.text).toContain("ABCD2345");
        expect(mail.html).toContain("ABCD2345");
        expect(mail.html).toContain(`<img src="cid:${CHECKIN_QR_CID}"`);
        // The image sits right under the check-in paragraph, before the event details.
        expect(mail.html.indexOf("ABCD2345")).toBeLessThan(mail.html.indexOf("cid:"));
        expect(mail.html.indexOf("cid:")).toBeLessThan(mail.html.indexOf("SHIBUYA QWS"));
        const qr = mail.attachments?.find((a) => a.contentType === "image/png") as
          | { content: string; cid?: string; encoding?: string; filename: string }
          | undefined;
        expect(qr).toMatchObject({ filename: "checkin-qr.png", cid: CHECKIN_QR_CID, encoding: "base64" });
        const png = PNG.sync.read(Buffer.from(qr!.content, "base64"));
        expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(checkin.payload);
        expect(mail.attachments?.map((a) => a.filename)).toEqual(["event.ics", "checkin-qr.png"]);
        // The payload is in the image only, not written out in the mail.
        expect(mail.text).not.toContain(checkin.payload);
        expect(mail.html).not.toContain(checkin.payload);
      });
    }
  }

  it("is left out without check-in props (a preview, or a place no longer confirmed)", () => {
    const mail = renderEmail("registration-confirmed", props, "ja");
    expect(mail.html).not.toContain("cid:");
    expect(mail.text).not.toContain("受付コード");
    expect(mail.attachments?.map((a) => a.filename)).toEqual(["event.ics"]);
  });

  // An online event has no door: its confirmation, approval and reminder say how to join, never "show the QR code".
  for (const template of ["registration-confirmed", "registration-approved", "event-reminder"] as const) {
    it(`${template} of an online event gives the joining wording instead of the QR code`, () => {
      const online = { ...props.event, format: "ONLINE" as const, venueName: null, onlineUrl: "https://meet.example/ogaki" };
      const ja = renderEmail(template, { ...props, event: online, checkin, hoursBefore: 24 }, "ja");
      expect(ja.text).not.toMatch(/QRコードをご提示|受付コード/);
      expect(ja.text).toContain("参加URLからご参加ください");
      expect(ja.text).toContain("https://meet.example/ogaki");
      expect(ja.html).not.toContain("cid:");
      expect(ja.attachments?.some((a) => a.contentType === "image/png") ?? false).toBe(false);
      const en = renderEmail(template, { ...props, event: { ...online, onlineUrl: null }, checkin, hoursBefore: 24 }, "en");
      expect(en.text).not.toMatch(/show the QR code|Check-in code/);
      expect(en.text).toContain("joining link will be on your registration page");
      // Hybrid events keep the QR code: part of the audience comes to the door.
      const hybrid = renderEmail(template, { ...props, event: { ...online, format: "HYBRID", venueName: "SHIBUYA QWS" }, checkin, hoursBefore: 24 }, "ja");
      expect(hybrid.text).toContain("受付コード：ABCD2345");
      expect(hybrid.html).toContain("cid:");
    });
  }
});
