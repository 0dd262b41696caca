import { describe, expect, it } from "vitest";
import { z } from "zod";
import { en } from "~/i18n/en";
import { assertNoBot, HONEYPOT_FIELD, parseSubmission, readForm, rejection } from "~/utils/forms.server";
import { commentBodyField, displayNameField, emailField, idParam, postBodyField, postTitleField } from "~/utils/validation";
import { isCommonPassword, newPasswordField } from "~/utils/passwords.server";

/** The message of the first issue, or null when the value is valid. */
function errorOf(schema: z.ZodTypeAny, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0].message;
}

function isCatalogueKey(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(en, key);
}

describe("postTitleField", () => {
  it("accepts 3 to 120 characters", () => {
    expect(errorOf(postTitleField, "abc")).toBeNull();
    expect(errorOf(postTitleField, "a".repeat(120))).toBeNull();
  });

  it("rejects 2 characters with error.titleTooShort", () => {
    expect(errorOf(postTitleField, "ab")).toBe("error.titleTooShort");
  });

  it("rejects 121 characters with error.titleTooLong", () => {
    expect(errorOf(postTitleField, "a".repeat(121))).toBe("error.titleTooLong");
  });

  it("counts characters after trimming", () => {
    expect(errorOf(postTitleField, "   ab   ")).toBe("error.titleTooShort");
    expect(errorOf(postTitleField, "      ")).toBe("error.titleTooShort");
    expect(errorOf(postTitleField, `  ${"a".repeat(120)}  `)).toBeNull();
    expect(postTitleField.parse("  Dark mode  ")).toBe("Dark mode");
  });

  it("accepts Arabic titles", () => {
    expect(postTitleField.parse("وضع داكن")).toBe("وضع داكن");
  });

  it("rejects a missing title with a catalogue key", () => {
    expect(errorOf(postTitleField, undefined)).toBe("error.titleTooShort");
  });
});

describe("postBodyField", () => {
  it("accepts up to 10,000 characters", () => {
    expect(errorOf(postBodyField, "a".repeat(10_000))).toBeNull();
  });

  it("rejects 10,001 characters with error.bodyTooLong", () => {
    expect(errorOf(postBodyField, "a".repeat(10_001))).toBe("error.bodyTooLong");
  });

  it("is optional and trimmed", () => {
    expect(postBodyField.parse(undefined)).toBe("");
    expect(postBodyField.parse("  details \n")).toBe("details");
  });
});

describe("commentBodyField", () => {
  it("needs at least one non-space character and at most 10,000", () => {
    expect(errorOf(commentBodyField, "   ")).toBe("error.commentEmpty");
    expect(errorOf(commentBodyField, "a".repeat(10_001))).toBe("error.commentTooLong");
    expect(commentBodyField.parse("  ok  ")).toBe("ok");
  });
});

describe("displayNameField", () => {
  it("requires 1 to 60 characters after trimming", () => {
    expect(errorOf(displayNameField, "  ")).toBe("error.nameRequired");
    expect(errorOf(displayNameField, "a".repeat(61))).toBe("error.nameTooLong");
    expect(displayNameField.parse("  سارا  ")).toBe("سارا");
  });
});

describe("emailField", () => {
  it("lower-cases and trims", () => {
    expect(emailField.parse("  Foo.Bar@Example.COM  ")).toBe("foo.bar@example.com");
  });

  it.each(["", "not-an-email", "a@", "@example.com", "a b@example.com", "foo@bar", `${"a".repeat(250)}@x.com`])(
    "rejects %j with error.emailInvalid",
    (email) => {
      expect(errorOf(emailField, email)).toBe("error.emailInvalid");
    },
  );

  it("rejects a missing email with error.emailInvalid", () => {
    expect(errorOf(emailField, undefined)).toBe("error.emailInvalid");
  });
});

describe("newPasswordField", () => {
  it("rejects fewer than 8 characters with error.passwordShort", () => {
    expect(errorOf(newPasswordField, "Xy7#q2")).toBe("error.passwordShort");
    expect(errorOf(newPasswordField, "1234567")).toBe("error.passwordShort");
    expect(errorOf(newPasswordField, undefined)).toBe("error.passwordShort");
  });

  it.each(["password123", "qwertyuiop", "password", "Password123!", "qwertyuiop2024"])(
    "rejects the common password %j with error.passwordCommon",
    (password) => {
      expect(errorOf(newPasswordField, password)).toBe("error.passwordCommon");
      expect(isCommonPassword(password)).toBe(true);
    },
  );

  it("rejects more than 200 characters with error.passwordLong", () => {
    expect(errorOf(newPasswordField, "Zq8!".repeat(51))).toBe("error.passwordLong");
  });

  it.each(["vR7#pLq9!zXw2", "correct horse battery staple 42", "کلمه‌عبور-امن-۱۴۰۳"])("accepts the strong password %j", (password) => {
    expect(errorOf(newPasswordField, password)).toBeNull();
    expect(newPasswordField.parse(password)).toBe(password);
  });
});

describe("idParam", () => {
  it("coerces positive integers and rejects everything else", () => {
    expect(idParam.parse("42")).toBe(42);
    for (const bad of ["0", "-1", "1.5", "abc", "9007199254740993"]) {
      expect(idParam.safeParse(bad).success).toBe(false);
    }
  });
});

function formOf(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(entries)) form.append(key, value);
  return form;
}

const postSchema = z.object({ title: postTitleField, body: postBodyField });
const signupSchema = z.object({ email: emailField, password: newPasswordField, name: displayNameField });

/** conform's reply to a form that needs fixing: each field's errors and what was typed. */
function replyTo(form: FormData, schema: z.ZodTypeAny) {
  const submission = parseSubmission(form, schema);
  expect(submission.status).toBe("error");
  return rejection(submission);
}

describe("parseSubmission and rejection", () => {
  it("returns typed, trimmed data on success", () => {
    const submission = parseSubmission(formOf({ title: "  Dark mode  ", body: " Please " }), postSchema);
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value).toEqual({ title: "Dark mode", body: "Please" });
  });

  it("returns a catalogue key per invalid field", () => {
    const reply = replyTo(formOf({ email: "nope", password: "short", name: "Sara" }), signupSchema);
    expect(reply.error).toEqual({ email: ["error.emailInvalid"], password: ["error.passwordShort"] });
    for (const keys of Object.values(reply.error ?? {})) for (const key of keys ?? []) expect(isCatalogueKey(key)).toBe(true);
  });

  it("keeps everything the user typed, invalid fields included, untrimmed, but never a password", () => {
    const sent = { email: "  Not An Email ", password: "password123", name: " سارا ", extra: "kept" };
    const reply = replyTo(formOf(sent), signupSchema);
    expect(reply.error).toEqual({ email: ["error.emailInvalid"], password: ["error.passwordCommon"] });
    expect(reply.initialValue).toEqual({ email: sent.email, name: sent.name, extra: sent.extra });
  });

  it("keeps multi-line and non-Latin input exactly", () => {
    const sent = { title: "ab", body: "سطر ۱\r\nسطر ۲\n\n  **مهم**  " };
    const reply = replyTo(formOf(sent), postSchema);
    expect(reply.error).toEqual({ title: ["error.titleTooShort"] });
    expect(reply.initialValue).toEqual(sent);
  });

  it("maps missing fields and zod's own messages to catalogue keys", () => {
    const schema = z.object({ title: postTitleField, count: z.coerce.number().int(), parentId: idParam.optional() });
    const reply = replyTo(formOf({ count: "x", parentId: "1.5" }), schema);
    expect(reply.error).toEqual({ title: ["error.titleTooShort"], count: ["error.required"], parentId: ["error.required"] });
  });

  it("keeps a schema's own key for a field left empty (conform sends it as missing)", () => {
    const reply = replyTo(formOf({ title: "" }), postSchema);
    expect(reply.error).toEqual({ title: ["error.titleTooShort"] });
  });

  it("maps a zod default message that contains a dot (z.enum) to a catalogue key too", () => {
    // zod's default enum message is "Invalid enum value. Expected 'true' | 'false', received 'maybe'":
    // it contains a dot, but it is not a catalogue key (and it echoes user input).
    const reply = replyTo(formOf({ archived: "maybe" }), z.object({ archived: z.enum(["true", "false"]) }));
    expect(reply.error).toEqual({ archived: ["error.required"] });
  });

  it("puts a service's failure beside its field, or on the form", () => {
    const submission = parseSubmission(formOf({ title: "Dark mode" }), postSchema);
    expect(rejection(submission, { ok: false, error: "error.boardUnknown", field: "board" }).error).toEqual({ board: ["error.boardUnknown"] });
    expect(rejection(submission, { ok: false, error: "error.rateLimited" }).error).toEqual({ "": ["error.rateLimited"] });
  });

  it("never echoes the honeypot back", () => {
    const reply = replyTo(formOf({ title: "ab", [HONEYPOT_FIELD]: "" }), postSchema);
    expect(reply.initialValue).toEqual({ title: "ab" });
  });
});

describe("assertNoBot", () => {
  it("throws a 400 Response when the honeypot is filled", () => {
    let thrown: unknown;
    try {
      assertNoBot(formOf({ title: "hi", [HONEYPOT_FIELD]: "https://spam.example" }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });

  it("passes when the honeypot is empty, blank or absent", () => {
    expect(() => assertNoBot(formOf({ title: "hi", [HONEYPOT_FIELD]: "" }))).not.toThrow();
    expect(() => assertNoBot(formOf({ title: "hi", [HONEYPOT_FIELD]: "   " }))).not.toThrow();
    expect(() => assertNoBot(formOf({ title: "hi" }))).not.toThrow();
  });
});

const URL_ = "http://localhost/posts/new";
const FORM_TYPE = "application/x-www-form-urlencoded";

async function statusOf(promise: Promise<unknown>): Promise<number | "resolved"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("readForm", () => {
  it("reads a urlencoded body", async () => {
    const body = new URLSearchParams({ title: "وضع داكن", body: "a & b = c" }).toString();
    const form = await readForm(new Request(URL_, { method: "POST", headers: { "content-type": FORM_TYPE }, body }));
    expect(form.get("title")).toBe("وضع داكن");
    expect(form.get("body")).toBe("a & b = c");
  });

  it("reads a urlencoded body with a charset parameter", async () => {
    const form = await readForm(new Request(URL_, { method: "POST", headers: { "content-type": `${FORM_TYPE}; charset=UTF-8` }, body: "title=hi" }));
    expect(form.get("title")).toBe("hi");
  });

  it("reads a multipart body", async () => {
    const sent = new FormData();
    sent.append("title", "کتاب‌ها");
    sent.append("body", "line 1\r\nline 2");
    const form = await readForm(new Request(URL_, { method: "POST", body: sent }));
    expect(form.get("title")).toBe("کتاب‌ها");
    expect(form.get("body")).toBe("line 1\r\nline 2");
  });

  it("accepts a body of exactly 64 KiB", async () => {
    const body = `a=${"x".repeat(64 * 1024 - 2)}`;
    const form = await readForm(new Request(URL_, { method: "POST", headers: { "content-type": FORM_TYPE }, body }));
    expect((form.get("a") as string).length).toBe(64 * 1024 - 2);
  });

  it("rejects a declared content-length over 64 KiB with 413", async () => {
    const request = new Request(URL_, {
      method: "POST",
      headers: { "content-type": FORM_TYPE, "content-length": String(64 * 1024 + 1) },
      body: "a=1",
    });
    expect(await statusOf(readForm(request))).toBe(413);
  });

  it("rejects an undeclared body over 64 KiB with 413", async () => {
    const body = `a=${"x".repeat(64 * 1024)}`;
    const request = new Request(URL_, { method: "POST", headers: { "content-type": FORM_TYPE }, body });
    expect(request.headers.get("content-length")).toBeNull();
    expect(await statusOf(readForm(request))).toBe(413);
  });

  it("rejects a multipart body over 64 KiB with 413", async () => {
    const sent = new FormData();
    sent.append("body", "x".repeat(70_000));
    expect(await statusOf(readForm(new Request(URL_, { method: "POST", body: sent })))).toBe(413);
  });

  it("measures the limit in bytes: a multipart body of 40,000 Arabic letters (~80 KB) is rejected with 413", async () => {
    const sent = new FormData();
    sent.append("body", "ب".repeat(40_000));
    const request = new Request(URL_, { method: "POST", body: sent });
    expect(new TextEncoder().encode("ب".repeat(40_000)).byteLength).toBeGreaterThan(64 * 1024);
    expect(await statusOf(readForm(request))).toBe(413);
  });

  it.each(["application/json", "text/plain", "application/xml", ""])("rejects the content type %j with 415", async (type) => {
    const headers: Record<string, string> = type ? { "content-type": type } : {};
    const request = new Request(URL_, { method: "POST", headers, body: type === "application/json" ? '{"title":"x"}' : "title=x" });
    if (!type) request.headers.delete("content-type");
    expect(await statusOf(readForm(request))).toBe(415);
  });

  it("rejects a malformed multipart body with 400", async () => {
    const request = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=abc" },
      body: "this is not multipart",
    });
    expect(await statusOf(readForm(request))).toBe(400);
  });
});

describe("parseSubmission's messages", () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(entries)) data.append(k, v);
    return data;
  };

  it("keep the key a schema gives for a missing value, as conform sends an empty field", () => {
    const schema = z.object({ body: commentBodyField, title: postTitleField, count: z.coerce.number() });
    const submission = parseSubmission(form({ body: "", title: "", count: "many" }), schema);
    expect(submission.reply().error).toEqual({ body: ["error.commentEmpty"], title: ["error.titleTooShort"], count: ["error.required"] });
  });
});
