import { describe, expect, it } from "vitest";
import { contactAddress, mailboxAddress, replyTo } from "@/lib/mail/contact";

describe("mail contact", () => {
  it("replies go to MAIL_REPLY_TO, else to the operator's contact address (never to the no-reply sender)", () => {
    expect(replyTo({ MAIL_REPLY_TO: undefined, OPERATOR_CONTACT_EMAIL: "privacy@wdl.example" })).toBe("privacy@wdl.example");
    expect(replyTo({ MAIL_REPLY_TO: "事務局 <info@wdl.example>", OPERATOR_CONTACT_EMAIL: "privacy@wdl.example" })).toBe("事務局 <info@wdl.example>");
  });

  it("the footer and calendar ORGANIZER get a bare address", () => {
    expect(contactAddress({ MAIL_REPLY_TO: "事務局 <info@wdl.example>", OPERATOR_CONTACT_EMAIL: "privacy@wdl.example" })).toBe("info@wdl.example");
    expect(contactAddress({ MAIL_REPLY_TO: undefined, OPERATOR_CONTACT_EMAIL: "privacy@wdl.example" })).toBe("privacy@wdl.example");
    expect(contactAddress({ MAIL_REPLY_TO: "not an address", OPERATOR_CONTACT_EMAIL: "privacy@wdl.example" })).toBe("privacy@wdl.example");
    expect(mailboxAddress("a@b.c\nBcc: x@y.z")).toBeNull();
  });
});
