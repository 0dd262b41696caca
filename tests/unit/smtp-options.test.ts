import { describe, expect, it } from "vitest";
import { smtpOptionsFrom } from "~/services/outbox.server";

describe("SMTP_URL", () => {
  it("becomes host, port, TLS mode and credentials", () => {
    expect(smtpOptionsFrom("smtp://127.0.0.1:2525")).toEqual({ host: "127.0.0.1", port: 2525, secure: false });
    expect(smtpOptionsFrom("smtps://mailer%40acme.test:p%40ss%3Aword@mail.acme.test")).toEqual({
      host: "mail.acme.test",
      port: 465,
      secure: true,
      auth: { user: "mailer@acme.test", pass: "p@ss:word" },
    });
  });

  it("passes query parameters through as nodemailer options, typed", () => {
    expect(smtpOptionsFrom("smtp://mail.acme.test?ignoreTLS=true&maxConnections=8&name=board.acme.test")).toMatchObject({
      port: 587,
      ignoreTLS: true,
      maxConnections: 8,
      name: "board.acme.test",
    });
  });
});
