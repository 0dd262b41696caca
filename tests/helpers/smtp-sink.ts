// A real SMTP server on loopback for the tests: it parses every message with
// mailparser and can refuse chosen recipients with a 4xx or 5xx.
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { stopOutboxWorker } from "~/services/outbox.server";

export type ReceivedMail = { to: string[]; mail: ParsedMail };

export async function startSmtpSink(options: { delayMs?: number } = {}) {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, { code: number; times: number }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (refusal && refusal.times > 0) {
        refusal.times -= 1;
        const message = refusal.code >= 500 ? "Mailbox does not exist" : "Mailbox busy, try again later";
        return callback(Object.assign(new Error(message), { responseCode: refusal.code }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // Parsed before the 250 goes back, so a finished send means the message is here.
        simpleParser(Buffer.concat(chunks))
          .then(async (mail) => {
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), mail });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client that goes away mid-session (a killed server) must not crash the test run.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next `times` RCPT TO commands for this address get `code`. */
    refuse(address: string, code: number, times = Number.POSITIVE_INFINITY) {
      refusals.set(address.toLowerCase(), { code, times });
    },
    accept(address: string) {
      refusals.delete(address.toLowerCase());
    },
    to(address: string) {
      return received.filter((r) => r.to.includes(address.toLowerCase())).map((r) => r.mail);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** After a file that pointed the worker at a sink: stop the worker, close the sink, forget the settings. */
export async function closeSinkAndWorker(sink: SmtpSink | undefined): Promise<void> {
  stopOutboxWorker();
  await sink?.close();
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_URL;
}
